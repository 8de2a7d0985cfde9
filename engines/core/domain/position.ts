import { z } from 'zod';
import { ErrorCode, NwsError } from '../errors.js';
import { instrumentIdSchema, positionIdSchema, strategyIdSchema } from './ids.js';
import type { InstrumentId, PositionId, StrategyId } from './ids.js';
import type { Fill } from './fill.js';
import { MAX_PRECISION, roundToPrecision } from './price.js';

export const POSITION_SIDES = ['LONG', 'SHORT', 'FLAT'] as const;
export type PositionSide = (typeof POSITION_SIDES)[number];

/**
 * A net position in one instrument (netting: one position per instrument and strategy).
 * Money fields are in `currency` (the instrument's); one point of price is worth `multiplier`.
 */
export interface Position {
  id: PositionId;
  instrumentId: InstrumentId;
  strategyId?: StrategyId;
  currency: string;
  multiplier: number;
  /** Signed: > 0 long, < 0 short, 0 flat. */
  netQty: number;
  side: PositionSide;
  /** Average price of the open quantity; 0 when flat. */
  avgOpenPrice: number;
  /** Closed trading P&L minus commissions paid in `currency`. */
  realizedPnl: number;
  /** Commissions paid so far, per currency. */
  commissions: Record<string, number>;
  /** When the current (or last) position opened from flat, epoch ms; undefined before any fill. */
  openedTs?: number;
  /** When it last went flat, epoch ms; undefined while never closed. */
  closedTs?: number;
  tsLast: number;
  fillCount: number;
}

export interface NewPosition {
  id: PositionId;
  instrumentId: InstrumentId;
  currency: string;
  multiplier?: number;
  strategyId?: StrategyId;
  ts: number;
}

/** A flat position ready to take fills. */
export function createPosition(spec: NewPosition): Position {
  const multiplier = spec.multiplier ?? 1;
  if (!Number.isFinite(multiplier) || multiplier <= 0) {
    throw new NwsError(ErrorCode.InvalidValue, `position ${spec.id}: multiplier ${multiplier} must be a positive number`);
  }
  const position: Position = {
    id: spec.id,
    instrumentId: spec.instrumentId,
    currency: spec.currency,
    multiplier,
    netQty: 0,
    side: 'FLAT',
    avgOpenPrice: 0,
    realizedPnl: 0,
    commissions: {},
    tsLast: spec.ts,
    fillCount: 0,
  };
  if (spec.strategyId !== undefined) position.strategyId = spec.strategyId;
  return position;
}

export function positionSide(netQty: number): PositionSide {
  return netQty > 0 ? 'LONG' : netQty < 0 ? 'SHORT' : 'FLAT';
}

// Quantities add as floats (0.1 + 0.2); snapping to the finest precision keeps flat exactly 0.
const cleanQty = (qty: number): number => roundToPrecision(qty, MAX_PRECISION);

type PositionFill = Pick<Fill, 'instrumentId' | 'side' | 'qty' | 'price' | 'commission' | 'commissionCurrency' | 'ts'>;

/**
 * The position after `fill`. Same direction (or from flat): quantity grows and the average
 * open price is re-weighted. Opposite direction: the closed part realises
 * (fill - avg) x closed x direction x multiplier at the old average; if the fill is bigger than
 * the position it flips, and the remainder opens at the fill price.
 * Returns a copy; `target: 'in-place'` writes into `position` itself instead, for an owner that
 * knows nobody else holds it (the simulated venue, between the positions it hands out).
 */
export function applyFill(position: Position, fill: PositionFill, target: 'copy' | 'in-place' = 'copy'): Position {
  checkFill(position, fill);
  // Read before anything is written: in place, `next` is `position`.
  const netQty = position.netQty;
  const avgOpenPrice = position.avgOpenPrice;
  const direction = Math.sign(netQty);
  const signedQty = fill.side === 'BUY' ? fill.qty : -fill.qty;
  const next = target === 'copy' ? copyPosition(position, fill.ts) : countFill(position, fill.ts);

  if (direction === 0 || direction === Math.sign(signedQty)) {
    const openQty = Math.abs(netQty);
    next.netQty = cleanQty(netQty + signedQty);
    next.avgOpenPrice = (avgOpenPrice * openQty + fill.price * fill.qty) / (openQty + fill.qty);
    if (direction === 0) next.openedTs = fill.ts;
  } else {
    const closedQty = Math.min(fill.qty, Math.abs(netQty));
    next.realizedPnl += (fill.price - avgOpenPrice) * closedQty * direction * position.multiplier;
    const remainder = cleanQty(fill.qty - closedQty);
    if (remainder > 0) {
      next.netQty = -direction * remainder;
      next.avgOpenPrice = fill.price;
      next.openedTs = fill.ts;
      next.closedTs = fill.ts;
    } else {
      next.netQty = cleanQty(netQty + signedQty);
      if (next.netQty === 0) {
        next.avgOpenPrice = 0;
        next.closedTs = fill.ts;
      }
    }
  }
  next.side = positionSide(next.netQty);
  bookCommission(next, fill);
  return next;
}

/** The position itself with the fill's time and count (applyFill in place). */
function countFill(position: Position, ts: number): Position {
  position.tsLast = ts;
  position.fillCount += 1;
  return position;
}

/**
 * The position's fields in a fresh object with the fill's time and count. An explicit literal,
 * optional fields added in the order a spread would keep them: every position then shares one
 * hidden class, where `{ ...position }` that later gains `openedTs` costs microseconds on Node 20.
 * `commissions` is shared until a fill books one (bookCommission copies it first), so a copy
 * never writes into an earlier position's record.
 */
function copyPosition(position: Position, ts: number): Position {
  // The usual case once a position has opened and closed: every field in the literal, so the
  // object holds them all inline (fields added later go to a separately allocated store).
  if (position.openedTs !== undefined && position.closedTs !== undefined && position.strategyId === undefined) {
    return {
      id: position.id,
      instrumentId: position.instrumentId,
      currency: position.currency,
      multiplier: position.multiplier,
      netQty: position.netQty,
      side: position.side,
      avgOpenPrice: position.avgOpenPrice,
      realizedPnl: position.realizedPnl,
      commissions: position.commissions,
      tsLast: ts,
      fillCount: position.fillCount + 1,
      openedTs: position.openedTs,
      closedTs: position.closedTs,
    };
  }
  const next: Position = {
    id: position.id,
    instrumentId: position.instrumentId,
    currency: position.currency,
    multiplier: position.multiplier,
    netQty: position.netQty,
    side: position.side,
    avgOpenPrice: position.avgOpenPrice,
    realizedPnl: position.realizedPnl,
    commissions: position.commissions,
    tsLast: ts,
    fillCount: position.fillCount + 1,
  };
  if (position.strategyId !== undefined) next.strategyId = position.strategyId;
  if (position.openedTs !== undefined) next.openedTs = position.openedTs;
  if (position.closedTs !== undefined) next.closedTs = position.closedTs;
  return next;
}

function bookCommission(position: Position, fill: PositionFill): void {
  if (fill.commission === 0) return;
  // Copy on write: the record is shared with the position before this fill (in place too: a
  // copy made before this one may share it).
  position.commissions = Object.assign({}, position.commissions);
  position.commissions[fill.commissionCurrency] = (position.commissions[fill.commissionCurrency] ?? 0) + fill.commission;
  // A commission in another currency (e.g. a crypto fee in BNB) cannot be netted without a rate.
  if (fill.commissionCurrency === position.currency) position.realizedPnl -= fill.commission;
}

function checkFill(position: Position, fill: PositionFill): void {
  if (fill.instrumentId !== position.instrumentId) {
    throw new NwsError(ErrorCode.InvalidArgument, `fill for ${fill.instrumentId} applied to position ${position.id} in ${position.instrumentId}`);
  }
  if (!Number.isFinite(fill.qty) || fill.qty <= 0) throw new NwsError(ErrorCode.InvalidValue, `fill qty ${fill.qty} must be a positive number`);
  if (!Number.isFinite(fill.price)) throw new NwsError(ErrorCode.InvalidValue, `fill price ${fill.price} is not finite`);
  if (!Number.isFinite(fill.commission)) throw new NwsError(ErrorCode.InvalidValue, `fill commission ${fill.commission} is not finite`);
}

/** Open P&L if the position were closed at `markPrice`, in the position's currency. */
export function unrealizedPnl(position: Position, markPrice: number): number {
  if (position.netQty === 0) return 0;
  if (!Number.isFinite(markPrice)) throw new NwsError(ErrorCode.InvalidValue, `mark price ${markPrice} is not finite`);
  return (markPrice - position.avgOpenPrice) * position.netQty * position.multiplier;
}

export function totalPnl(position: Position, markPrice: number): number {
  return position.realizedPnl + unrealizedPnl(position, markPrice);
}

/** Absolute exposure at `markPrice`, in the position's currency. */
export function notionalValue(position: Position, markPrice: number): number {
  return Math.abs(position.netQty) * markPrice * position.multiplier;
}

export const positionSchema = z.strictObject({
  id: positionIdSchema,
  instrumentId: instrumentIdSchema,
  strategyId: strategyIdSchema.optional(),
  currency: z.string().min(1),
  multiplier: z.number().positive(),
  netQty: z.number(),
  side: z.enum(POSITION_SIDES),
  avgOpenPrice: z.number(),
  realizedPnl: z.number(),
  commissions: z.record(z.string(), z.number()),
  openedTs: z.number().int().optional(),
  closedTs: z.number().int().optional(),
  tsLast: z.number().int(),
  fillCount: z.number().int().nonnegative(),
});
