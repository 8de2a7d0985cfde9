// What every limit config shares, and small helpers the check files use.
import { z } from 'zod';
import { describeScope, limitScopeSchema } from '../scope.js';
import { LIMIT_ACTIONS } from '../types.js';
import type { LimitAction, LimitScope, ProposedOrder, Refusal } from '../types.js';
import type { InstrumentEntry, RiskState } from '../risk-state.js';

export const limitBaseShape = {
  /** Unique per engine; defaults to `<type>:<scope>`. */
  id: z.string().min(1).max(200).optional(),
  scope: limitScopeSchema.default({ kind: 'account' }),
  /** What the monitor does on a breach. Pre-trade refusal happens whatever the action. */
  action: z.enum(LIMIT_ACTIONS).default('notify'),
  /** Utilisation (value / threshold) at which the monitor warns. */
  warnAt: z.number().gt(0).max(1).default(0.8),
  enabled: z.boolean().default(true),
};

export interface LimitBaseConfig {
  id?: string | undefined;
  scope: LimitScope;
  action: LimitAction;
  warnAt: number;
  enabled: boolean;
}

export interface LimitIdentity {
  readonly id: string;
  readonly type: string;
  readonly scope: LimitScope;
  readonly action: LimitAction;
  readonly warnAt: number;
}

export function scopeKey(scope: LimitScope): string {
  switch (scope.kind) {
    case 'account':
      return 'account';
    case 'strategy':
      return `strategy=${scope.strategyId}`;
    case 'instrument':
      return `instrument=${scope.instrumentId}`;
    case 'sector':
      return `sector=${scope.sector}`;
  }
}

/** `variant` tells apart default ids of one type measured two ways (concentration per instrument or sector). */
export function identity(type: string, config: LimitBaseConfig, variant?: string): LimitIdentity {
  const defaultId = `${type}${variant === undefined ? '' : `/${variant}`}:${scopeKey(config.scope)}`;
  return { id: config.id ?? defaultId, type, scope: config.scope, action: config.action, warnAt: config.warnAt };
}

export function refuse(limit: LimitIdentity, value: number, threshold: number, what: string): Refusal {
  return {
    limitId: limit.id,
    limitType: limit.type,
    value,
    threshold,
    message: `${limit.type} (${describeScope(limit.scope)}): ${what} ${formatNumber(value)} exceeds limit ${formatNumber(threshold)}`,
  };
}

/** A refusal for an order that cannot be valued (a market order before the first quote): it cannot be shown to be under the cap. */
export function refuseUnpriced(limit: LimitIdentity, threshold: number, what: string): Refusal {
  return {
    limitId: limit.id,
    limitType: limit.type,
    value: Number.NaN,
    threshold,
    message: `${limit.type} (${describeScope(limit.scope)}): ${what} cannot be valued against the limit of ${formatNumber(threshold)}: the order has no price and there is no market price yet`,
  };
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 1e6) / 1e6);
}

/** The price a position is valued at: the instrument's mark, else the order's price. */
export function valuationPrice(order: ProposedOrder, entry: InstrumentEntry): number {
  return Number.isNaN(entry.mark) ? order.price : entry.mark;
}

/**
 * The position a position-size limit measures for this order: the strategy's own for a strategy
 * scope, else the account's net position. `reducing` lets orders that shrink it through.
 */
export function scopedPositionAfter(scope: LimitScope, order: ProposedOrder): { after: number; reducing: boolean } {
  return scope.kind === 'strategy'
    ? { after: order.strategyPositionAfter, reducing: order.strategyReducing }
    : { after: order.positionAfter, reducing: order.reducing };
}

/** One holding a position-size limit watches: an instrument's entry and the quantity in scope. */
export interface ScopedHolding {
  entry: InstrumentEntry;
  quantity: number;
}

/** What a position-size limit reads: the strategy's own positions, or the entries in scope with their net quantity. */
export function* holdingsInScope(scope: LimitScope, state: RiskState): Generator<ScopedHolding> {
  if (scope.kind === 'strategy') {
    for (const [instrumentId, quantity] of state.strategyPositions(scope.strategyId)) {
      const entry = state.entry(instrumentId);
      if (entry) yield { entry, quantity };
    }
    return;
  }
  for (const entry of entriesInScope(scope, state)) yield { entry, quantity: entry.position.netQty };
}

/** Value of `quantity` of the entry's instrument at its mark (else its average open price). */
export function holdingValue(holding: ScopedHolding): number {
  const { entry, quantity } = holding;
  return quantity * entry.multiplier * (Number.isNaN(entry.mark) ? entry.position.avgOpenPrice : entry.mark);
}

/** Entries a position-level limit watches: one instrument, one sector, or all. */
export function* entriesInScope(scope: LimitScope, state: RiskState): Generator<InstrumentEntry> {
  if (scope.kind === 'instrument') {
    const entry = state.entry(scope.instrumentId);
    if (entry) yield entry;
    return;
  }
  for (const entry of state.entries()) {
    if (scope.kind === 'account' || (scope.kind === 'sector' && entry.sector === scope.sector)) yield entry;
  }
}

export const positiveNumber = z.number().positive();
export const percent = z.number().positive().max(10_000);

/** Signed exposure of the order's instrument once the order fills, at the valuation price. */
export function exposureAfter(order: ProposedOrder): number {
  return order.positionAfter * order.multiplier * valuationPrice(order, order.entry);
}

/** Gross exposure of the account (or of one sector) once the order fills. */
export function grossAfter(order: ProposedOrder, currentGross: number): number {
  return currentGross - Math.abs(order.entry.exposure) + Math.abs(exposureAfter(order));
}
