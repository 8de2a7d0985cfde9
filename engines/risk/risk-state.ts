// What the checks read: positions, marks, open orders and equity, with every aggregate the
// checks need (gross and net exposure, per-sector sums, unrealised P&L) kept up to date
// incrementally, so a pre-trade check never scans the positions.
import { ErrorCode, NwsError, applyFill, createPosition, isTerminal, midPrice } from '@nws/core';
import type { AssetClass, Fill, Instrument, InstrumentId, Order, Position, PositionId, QuoteTick, TradeTick } from '@nws/core';

/** Gross and net exposure of one sector, in account currency. */
export interface SectorTotals {
  readonly sector: string;
  gross: number;
  net: number;
}

export interface InstrumentEntry {
  readonly instrumentId: InstrumentId;
  readonly sector: string | undefined;
  /** What kind of instrument (limits can differ per class, e.g. futures notional); undefined when not told. */
  readonly assetClass: AssetClass | undefined;
  readonly multiplier: number;
  /** Mid of the last quote, else the last trade or fill price; NaN until any is seen. */
  mark: number;
  position: Position;
  /** Daily volatility of returns, for the incremental VaR bound; NaN when unknown. */
  dailyVolatility: number;
  /** This entry's current contributions to the totals, so an update can take them back out. */
  exposure: number;
  unrealized: number;
  readonly sectorTotals: SectorTotals | undefined;
}

interface OpenOrderKey {
  instrumentId: string;
  strategyId: string;
  sector: string | undefined;
}

export type StateChangeListener = (instrumentId: InstrumentId | undefined) => void;

export interface RiskStateOptions {
  /** Account equity before any fill (cash), in account currency. */
  startingEquity: number;
  ts?: number;
}

export class RiskState {
  private readonly instruments = new Map<string, InstrumentEntry>();
  private readonly sectors = new Map<string, SectorTotals>();
  private readonly openOrders = new Map<string, OpenOrderKey>();
  private readonly openByStrategy = new Map<string, number>();
  private readonly openByInstrument = new Map<string, number>();
  private readonly openBySector = new Map<string, number>();
  /** Net quantity per strategy per instrument, from fills that name their strategy. */
  private readonly byStrategy = new Map<string, Map<string, number>>();
  private readonly listeners = new Set<StateChangeListener>();
  private startingEquity: number;
  private realizedTotal = 0;
  private unrealizedTotal = 0;
  private gross = 0;
  private net = 0;
  private peak: number;
  private dayStart: number;
  private portfolioVar = 0;
  openOrderCount = 0;

  constructor(options: RiskStateOptions) {
    if (!Number.isFinite(options.startingEquity) || options.startingEquity <= 0) {
      throw new NwsError(ErrorCode.InvalidValue, `risk state: startingEquity ${options.startingEquity} must be a positive number`);
    }
    this.startingEquity = options.startingEquity;
    this.peak = options.startingEquity;
    this.dayStart = options.startingEquity;
  }

  // ---- instruments and marks ----

  registerInstrument(instrument: Pick<Instrument, 'id' | 'multiplier' | 'sector' | 'currency'> & { assetClass?: AssetClass | undefined }): InstrumentEntry {
    const existing = this.instruments.get(instrument.id);
    if (existing) return existing;
    const sectorTotals = instrument.sector === undefined ? undefined : this.sectorTotals(instrument.sector);
    const entry: InstrumentEntry = {
      instrumentId: instrument.id,
      sector: instrument.sector,
      assetClass: instrument.assetClass,
      multiplier: instrument.multiplier,
      mark: Number.NaN,
      position: createPosition({ id: `${instrument.id}-risk` as PositionId, instrumentId: instrument.id, currency: instrument.currency, multiplier: instrument.multiplier, ts: 0 }),
      dailyVolatility: Number.NaN,
      exposure: 0,
      unrealized: 0,
      sectorTotals,
    };
    this.instruments.set(instrument.id, entry);
    return entry;
  }

  entry(instrumentId: string): InstrumentEntry | undefined {
    return this.instruments.get(instrumentId);
  }

  entries(): IterableIterator<InstrumentEntry> {
    return this.instruments.values();
  }

  sector(sector: string): SectorTotals | undefined {
    return this.sectors.get(sector);
  }

  sectorList(): IterableIterator<SectorTotals> {
    return this.sectors.values();
  }

  onQuote(quote: QuoteTick): void {
    this.setMark(quote.instrumentId, midPrice(quote));
  }

  onTrade(trade: TradeTick): void {
    this.setMark(trade.instrumentId, trade.price);
  }

  setMark(instrumentId: InstrumentId, mark: number): void {
    if (!Number.isFinite(mark)) throw new NwsError(ErrorCode.InvalidValue, `mark for ${instrumentId} must be a finite number, got ${mark}`);
    const entry = this.requireEntry(instrumentId);
    if (entry.mark === mark) return;
    entry.mark = mark;
    this.revalue(entry);
    this.notify(instrumentId);
  }

  /** Daily return volatility (e.g. EWMA) of an instrument, used to bound the VaR an order adds. */
  setVolatility(instrumentId: InstrumentId, dailyVolatility: number): void {
    if (!Number.isFinite(dailyVolatility) || dailyVolatility < 0) {
      throw new NwsError(ErrorCode.InvalidValue, `volatility for ${instrumentId} must be a non-negative number, got ${dailyVolatility}`);
    }
    this.requireEntry(instrumentId).dailyVolatility = dailyVolatility;
  }

  // ---- fills and orders ----

  onFill(fill: Fill): void {
    const entry = this.requireEntry(fill.instrumentId);
    const before = entry.position.realizedPnl;
    entry.position = applyFill(entry.position, fill);
    if (fill.strategyId !== undefined) this.bookStrategyFill(fill);
    this.realizedTotal += entry.position.realizedPnl - before;
    if (Number.isNaN(entry.mark)) entry.mark = fill.price;
    this.revalue(entry);
    this.notify(fill.instrumentId);
  }

  /** Tracks open orders from the order manager's updates: open statuses count, terminal ones leave. */
  applyOrder(order: Pick<Order, 'clientOrderId' | 'instrumentId' | 'strategyId' | 'status'>): void {
    const known = this.openOrders.get(order.clientOrderId);
    // Submitted counts as open: the venue may accept it any moment, so it already uses the allowance.
    const open = order.status !== 'INITIALIZED' && !isTerminal(order.status);
    if (open && !known) {
      const key: OpenOrderKey = { instrumentId: order.instrumentId, strategyId: order.strategyId, sector: this.instruments.get(order.instrumentId)?.sector };
      this.openOrders.set(order.clientOrderId, key);
      this.countOpen(key, 1);
    } else if (!open && known) {
      this.openOrders.delete(order.clientOrderId);
      this.countOpen(known, -1);
    }
  }

  /** The strategy's own net quantity in the instrument (0 when it has none). */
  strategyPosition(strategyId: string, instrumentId: string): number {
    return this.byStrategy.get(strategyId)?.get(instrumentId) ?? 0;
  }

  /** The strategy's open net positions by instrument id (empty when it has none). */
  strategyPositions(strategyId: string): ReadonlyMap<string, number> {
    return this.byStrategy.get(strategyId) ?? EMPTY_POSITIONS;
  }

  openOrdersOf(kind: 'strategy' | 'instrument' | 'sector', key: string): number {
    const map = kind === 'strategy' ? this.openByStrategy : kind === 'instrument' ? this.openByInstrument : this.openBySector;
    return map.get(key) ?? 0;
  }

  // ---- equity ----

  get grossExposure(): number {
    return this.gross;
  }
  get netExposure(): number {
    return this.net;
  }
  get equity(): number {
    return this.startingEquity + this.realizedTotal + this.unrealizedTotal;
  }
  get peakEquity(): number {
    return this.peak;
  }
  get dayStartEquity(): number {
    return this.dayStart;
  }
  get realizedPnl(): number {
    return this.realizedTotal;
  }
  get unrealizedPnl(): number {
    return this.unrealizedTotal;
  }
  /** Latest full portfolio VaR (from the monitor or the Host's VaR job), account currency. */
  get valueAtRisk(): number {
    return this.portfolioVar;
  }

  setValueAtRisk(value: number): void {
    if (!Number.isFinite(value) || value < 0) throw new NwsError(ErrorCode.InvalidValue, `portfolio VaR must be a non-negative number, got ${value}`);
    this.portfolioVar = value;
  }

  /** Starts a trading day: the daily loss limit measures from here. */
  startDay(): void {
    this.dayStart = this.equity;
  }

  /** Cash moved in or out of the account (deposit > 0). */
  adjustCash(amount: number): void {
    this.startingEquity += amount;
    this.updatePeak();
    this.notify(undefined);
  }

  /** Recomputes every total from the entries: clears float drift; the monitor calls it on its timer. */
  resync(): void {
    this.gross = 0;
    this.net = 0;
    this.unrealizedTotal = 0;
    for (const totals of this.sectors.values()) {
      totals.gross = 0;
      totals.net = 0;
    }
    for (const entry of this.instruments.values()) {
      entry.exposure = 0;
      entry.unrealized = 0;
      this.revalue(entry);
    }
  }

  subscribe(listener: StateChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- internals ----

  private revalue(entry: InstrumentEntry): void {
    const qty = entry.position.netQty;
    const mark = Number.isNaN(entry.mark) ? entry.position.avgOpenPrice : entry.mark;
    const exposure = qty * entry.multiplier * mark;
    const unrealized = qty === 0 ? 0 : (mark - entry.position.avgOpenPrice) * qty * entry.multiplier;
    this.gross += Math.abs(exposure) - Math.abs(entry.exposure);
    this.net += exposure - entry.exposure;
    if (entry.sectorTotals) {
      entry.sectorTotals.gross += Math.abs(exposure) - Math.abs(entry.exposure);
      entry.sectorTotals.net += exposure - entry.exposure;
    }
    this.unrealizedTotal += unrealized - entry.unrealized;
    entry.exposure = exposure;
    entry.unrealized = unrealized;
    this.updatePeak();
  }

  private bookStrategyFill(fill: Fill): void {
    let positions = this.byStrategy.get(fill.strategyId as string);
    if (!positions) {
      positions = new Map();
      this.byStrategy.set(fill.strategyId as string, positions);
    }
    // Quantities are rounded to 1e-9 so a position closed by several fills lands on exactly 0.
    const next = Math.round(((positions.get(fill.instrumentId) ?? 0) + (fill.side === 'BUY' ? fill.qty : -fill.qty)) * 1e9) / 1e9;
    if (next === 0) positions.delete(fill.instrumentId);
    else positions.set(fill.instrumentId, next);
  }

  private updatePeak(): void {
    const equity = this.equity;
    if (equity > this.peak) this.peak = equity;
  }

  private sectorTotals(sector: string): SectorTotals {
    let totals = this.sectors.get(sector);
    if (!totals) {
      totals = { sector, gross: 0, net: 0 };
      this.sectors.set(sector, totals);
    }
    return totals;
  }

  private countOpen(key: OpenOrderKey, delta: number): void {
    this.openOrderCount += delta;
    bump(this.openByStrategy, key.strategyId, delta);
    bump(this.openByInstrument, key.instrumentId, delta);
    if (key.sector !== undefined) bump(this.openBySector, key.sector, delta);
  }

  private requireEntry(instrumentId: string): InstrumentEntry {
    const entry = this.instruments.get(instrumentId);
    if (!entry) throw new NwsError(ErrorCode.UnknownInstrument, `risk state: instrument ${instrumentId} is not registered`);
    return entry;
  }

  private notify(instrumentId: InstrumentId | undefined): void {
    for (const listener of this.listeners) listener(instrumentId);
  }
}

const EMPTY_POSITIONS: ReadonlyMap<string, number> = new Map();

function bump(map: Map<string, number>, key: string, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  if (next === 0) map.delete(key);
  else map.set(key, next);
}
