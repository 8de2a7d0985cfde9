/**
 * Real-time P&L per position, strategy and account, from fills and quotes. Each fill or quote
 * that changes a P&L publishes the new strategy and account figures synchronously, so a
 * subscriber sees the change on the same quote that caused it.
 *
 * Day P&L: when an event's UTC day (shifted by `dayStartOffsetMs`, e.g. a session that starts at
 * 22:00 UTC) is later than the current one, every position's total at the last mark becomes the
 * day's opening total; day = total - opening total.
 */
import {
  applyFill,
  createPosition,
  ErrorCode,
  fillSchema,
  midPrice,
  NwsError,
  positionId,
  quoteTickSchema,
  strategyId as toStrategyId,
  topics,
  unrealizedPnl,
  type AccountId,
  type Fill,
  type InstrumentId,
  type MessageBus,
  type Position,
  type QuoteTick,
  type StrategyId,
} from '@nws/core';
import { pnlTopics } from './pnl-topics.js';
import type { AccountPnl, PnlTotals, PositionPnl, StrategyPnl } from './pnl-types.js';

const DAY_MS = 86_400_000;
/** Fills without a strategy (manual trades) are booked under this one. */
export const MANUAL_STRATEGY = toStrategyId('manual');

export interface PnlTrackerOptions {
  accountId: AccountId;
  /** Currency of every position and of the P&L; commissions in another currency are not netted. Default USD. */
  baseCurrency?: string;
  /** Publishes updates when given; the tracker works without a bus too (query it). */
  bus?: MessageBus;
  /** Where a trading day starts, as an offset from 00:00 UTC. */
  dayStartOffsetMs?: number;
  /** Point value per instrument (futures); 1 when absent. */
  multipliers?: Readonly<Record<string, number>>;
}

interface TrackedPosition {
  position: Position;
  markPrice: number;
  dayOpenTotal: number;
}

export class PnlTracker {
  private readonly positions = new Map<string, TrackedPosition>();
  private readonly byInstrument = new Map<InstrumentId, TrackedPosition[]>();
  private currentDay: number | undefined;
  private lastTs = 0;

  constructor(private readonly options: PnlTrackerOptions) {
    const offset = options.dayStartOffsetMs ?? 0;
    if (!Number.isFinite(offset) || Math.abs(offset) >= DAY_MS) {
      throw new NwsError(ErrorCode.InvalidConfig, `dayStartOffsetMs ${offset} must be within one day`);
    }
  }

  /** Books a fill (validated) and publishes the new P&L of its strategy and the account. */
  onFill(input: Fill): void {
    const fill = parseOrThrow(fillSchema, input, 'fill');
    this.rollDayIfNeeded(fill.ts);
    const strategy = fill.strategyId ?? MANUAL_STRATEGY;
    const tracked = this.trackedFor(strategy, fill.instrumentId, fill.ts);
    tracked.position = applyFill(tracked.position, fill);
    // Before the first quote the fill price is the best mark there is.
    if (Number.isNaN(tracked.markPrice)) tracked.markPrice = fill.price;
    this.lastTs = Math.max(this.lastTs, fill.ts);
    this.publishPosition(tracked);
    this.publishStrategy(strategy);
    this.publishAccount();
  }

  /** Re-marks every position in the quote's instrument at its mid and publishes what changed. */
  onQuote(input: QuoteTick): void {
    const quote = parseOrThrow(quoteTickSchema, input, 'quote');
    this.rollDayIfNeeded(quote.ts);
    this.lastTs = Math.max(this.lastTs, quote.ts);
    const mark = midPrice(quote);
    const changed = new Set<StrategyId>();
    for (const tracked of this.byInstrument.get(quote.instrumentId) ?? []) {
      const moved = tracked.markPrice !== mark;
      tracked.markPrice = mark;
      if (moved && tracked.position.netQty !== 0) changed.add(tracked.position.strategyId ?? MANUAL_STRATEGY);
    }
    for (const strategy of changed) this.publishStrategy(strategy);
    if (changed.size > 0) this.publishAccount();
  }

  /** P&L of one position; undefined when it never traded. */
  positionPnl(strategy: StrategyId, instrumentId: InstrumentId): PositionPnl | undefined {
    const tracked = this.positions.get(key(strategy, instrumentId));
    return tracked === undefined ? undefined : this.snapshot(tracked);
  }

  strategyPnl(strategy: StrategyId): StrategyPnl {
    const positions = [...this.positions.values()]
      .filter((tracked) => (tracked.position.strategyId ?? MANUAL_STRATEGY) === strategy)
      .map((tracked) => this.snapshot(tracked));
    return { strategyId: strategy, ...sumTotals(positions), positions, ts: this.lastTs };
  }

  accountPnl(): AccountPnl {
    const strategies = this.strategyIds().map((id) => {
      const { positions: _positions, ts: _ts, ...totals } = this.strategyPnl(id);
      return totals;
    });
    return { accountId: this.options.accountId, ...sumTotals(strategies), strategies, ts: this.lastTs };
  }

  /** Starts a new trading day now: current totals become the day's opening totals. */
  startNewDay(ts: number): void {
    for (const tracked of this.positions.values()) tracked.dayOpenTotal = this.totalOf(tracked);
    this.currentDay = this.dayOf(ts);
  }

  private rollDayIfNeeded(ts: number): void {
    const day = this.dayOf(ts);
    if (this.currentDay === undefined) this.currentDay = day;
    else if (day > this.currentDay) this.startNewDay(ts);
  }

  private dayOf(ts: number): number {
    return Math.floor((ts - (this.options.dayStartOffsetMs ?? 0)) / DAY_MS);
  }

  private trackedFor(strategy: StrategyId, instrumentId: InstrumentId, ts: number): TrackedPosition {
    const id = key(strategy, instrumentId);
    let tracked = this.positions.get(id);
    if (tracked === undefined) {
      const position = createPosition({
        id: positionId(id),
        instrumentId,
        strategyId: strategy,
        currency: this.options.baseCurrency ?? 'USD',
        multiplier: this.options.multipliers?.[instrumentId] ?? 1,
        ts,
      });
      tracked = { position, markPrice: NaN, dayOpenTotal: 0 };
      this.positions.set(id, tracked);
      const list = this.byInstrument.get(instrumentId) ?? [];
      list.push(tracked);
      this.byInstrument.set(instrumentId, list);
    }
    return tracked;
  }

  private totalOf(tracked: TrackedPosition): number {
    const open = Number.isNaN(tracked.markPrice) ? 0 : unrealizedPnl(tracked.position, tracked.markPrice);
    return tracked.position.realizedPnl + open;
  }

  private snapshot(tracked: TrackedPosition): PositionPnl {
    const { position } = tracked;
    const unrealized = Number.isNaN(tracked.markPrice) ? 0 : unrealizedPnl(position, tracked.markPrice);
    const total = position.realizedPnl + unrealized;
    return {
      strategyId: position.strategyId ?? MANUAL_STRATEGY,
      instrumentId: position.instrumentId,
      netQty: position.netQty,
      avgOpenPrice: position.avgOpenPrice,
      markPrice: tracked.markPrice,
      realized: position.realizedPnl,
      unrealized,
      total,
      day: total - tracked.dayOpenTotal,
      ts: this.lastTs,
    };
  }

  private strategyIds(): StrategyId[] {
    return [...new Set([...this.positions.values()].map((tracked) => tracked.position.strategyId ?? MANUAL_STRATEGY))];
  }

  private publishPosition(tracked: TrackedPosition): void {
    const bus = this.options.bus;
    const strategy = tracked.position.strategyId ?? MANUAL_STRATEGY;
    if (bus !== undefined) bus.publish(topics.positions(strategy, tracked.position.instrumentId), tracked.position);
  }

  private publishStrategy(strategy: StrategyId): void {
    this.options.bus?.publish(pnlTopics.strategy(strategy), this.strategyPnl(strategy));
  }

  private publishAccount(): void {
    this.options.bus?.publish(pnlTopics.account(this.options.accountId), this.accountPnl());
  }
}

function key(strategy: StrategyId, instrumentId: InstrumentId): string {
  return `${strategy}-${instrumentId}`;
}

function sumTotals(items: ReadonlyArray<PnlTotals>): PnlTotals {
  const totals: PnlTotals = { realized: 0, unrealized: 0, total: 0, day: 0 };
  for (const item of items) {
    totals.realized += item.realized;
    totals.unrealized += item.unrealized;
    totals.total += item.total;
    totals.day += item.day;
  }
  return totals;
}

interface Schema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
}

function parseOrThrow<T>(schema: Schema<T>, input: unknown, what: string): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`).join('; ');
  throw new NwsError(ErrorCode.InvalidArgument, `invalid ${what}: ${detail}`);
}
