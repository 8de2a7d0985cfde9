/**
 * The backtest: bars from a feed, a SimulatedClock, one strategy, the order manager and the
 * simulated venue. Pure data in (spec + series), pure data out (result), deterministic: the
 * same input always gives the same result, so it can run in any worker thread.
 */
import { ErrorCode, NwsError, SimulatedClock, parseInstrumentId } from '@nws/core';
import type { Fill, Instrument, InstrumentId, Order } from '@nws/core';
import { computePerformance, returnsFromEquity } from '@nws/analytics';
import type { PerformanceMetrics } from '@nws/analytics';
import { orderReason, type SimulatedVenueConfigInput } from '@nws/execution';
import { strategyRegistry } from '@nws/strategy';
import type { Strategy, StrategyRegistry } from '@nws/strategy';
import { defineBacktestSpec, genericInstrument } from './backtest-spec.js';
import type { BacktestSpec, BacktestSpecInput } from './backtest-spec.js';
import { MergedBarFeed } from './data/bar-feed.js';
import type { BarFeed } from './data/bar-feed.js';
import { checkBarSeries } from './data/bar-series.js';
import type { BarSeries } from './data/bar-series.js';
import type { LogEntry } from './session-logger.js';
import { computeStatistics } from './statistics.js';
import type { BacktestStatistics } from './statistics.js';
import type { ClosedTrade } from './trade-tracker.js';
import { TradingSession } from './trading-session.js';

export interface BacktestProgress {
  bars: number;
  total: number;
}

export interface RunBacktestOptions {
  /** Called about every `progressEvery` bars and once at the end. */
  onProgress?: (progress: BacktestProgress) => void;
  progressEvery?: number;
  /** Aborting stops the run at the next progress check with a CANCELLED error. */
  signal?: AbortSignal;
  /** Where the strategy name is looked up; default the built-ins. */
  registry?: StrategyRegistry;
  /** A ready strategy instance instead of `spec.strategy` from the registry (custom code, tests). */
  strategy?: Strategy;
}

export interface EquitySeries {
  /** Epoch ms of each time step. */
  ts: Float64Array;
  equity: Float64Array;
}

export interface BacktestResult {
  spec: BacktestSpec;
  statistics: BacktestStatistics;
  /** Cash in the base currency at the end. */
  cash: number;
  /** Every order in its final state, in submission order (empty when detail is `summary`). */
  orders: Order[];
  fills: Fill[];
  trades: ClosedTrade[];
  equity: EquitySeries;
  /**
   * Return/risk metrics of the equity curve from @nws/analytics (Sharpe, Sortino, Calmar,
   * volatility, VaR, dated drawdowns, calendar tables), annualised for the bar size. Only with
   * detail `full` and at least two time steps.
   */
  performance?: PerformanceMetrics;
  /** Orders the risk hook denied or the venue rejected (e.g. not enough cash), with the first reason. */
  refusedOrders: { count: number; firstReason?: string };
  logs: LogEntry[];
}

const DEFAULT_PROGRESS_EVERY = 65_536;

function venueConfigOf(spec: BacktestSpec): SimulatedVenueConfigInput {
  return {
    accountType: spec.accountType,
    leverage: spec.leverage,
    startingCash: spec.startingCash,
    fillMode: spec.fill,
    slippage: spec.slippage,
    volumeParticipation: spec.volumeParticipation,
    commission: spec.commissionPct > 0 ? { model: 'percent', percent: spec.commissionPct } : { model: 'none' },
  };
}

function instrumentsFor(spec: BacktestSpec, ids: readonly InstrumentId[]): Instrument[] {
  const defined = new Map(spec.instruments.map((instrument) => [instrument.id as string, instrument as Instrument]));
  return ids.map((id) => defined.get(id) ?? genericInstrument(id));
}

function cancelled(bars: number): NwsError {
  return new NwsError(ErrorCode.Cancelled, `backtest cancelled after ${bars} bars`);
}

/** Runs `spec` over `series` (one per instrument, merged by time). */
export function runBacktest(specInput: BacktestSpecInput | BacktestSpec, series: readonly BarSeries[], options: RunBacktestOptions = {}): BacktestResult {
  const spec = defineBacktestSpec(specInput as BacktestSpecInput);
  if (series.length === 0) throw new NwsError(ErrorCode.InvalidArgument, 'a backtest needs at least one bar series');
  for (const one of series) checkBarSeries(one);
  const ids = series.map((one) => parseInstrumentId(one.instrumentId));
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate !== undefined) throw new NwsError(ErrorCode.InvalidArgument, `instrument ${duplicate} is given twice`);
  const strategy = options.strategy ?? (options.registry ?? strategyRegistry).create(spec.strategy, spec.params, ids.length);
  return runWithFeed(spec, strategy, instrumentsFor(spec, ids), new MergedBarFeed(series), options);
}

/** The run loop over any feed; exposed so a custom feed (ticks, a replay) can drive it. */
export function runWithFeed(spec: BacktestSpec, strategy: Strategy, instruments: Instrument[], feed: BarFeed, options: RunBacktestOptions = {}): BacktestResult {
  if (options.signal?.aborted) throw cancelled(0);
  const clock = new SimulatedClock(0);
  const session = new TradingSession({
    strategy,
    instruments,
    clock,
    advanceClock: (ts) => clock.advanceTo(ts),
    venueConfig: venueConfigOf(spec),
  });
  const every = Math.max(1, options.progressEvery ?? DEFAULT_PROGRESS_EVERY);
  session.start();
  let bars = 0;
  let nextCheck = every;
  let barSpec: { step: number; unit: string } = { step: 1, unit: 'd' };
  for (let bar = feed.next(); bar !== undefined; bar = feed.next()) {
    if (bars === 0) barSpec = bar.barType;
    session.handleBar(bar);
    bars += 1;
    if (bars === nextCheck) {
      nextCheck += every;
      if (options.signal?.aborted) throw cancelled(bars);
      options.onProgress?.({ bars, total: feed.total });
    }
  }
  session.stop();
  options.onProgress?.({ bars, total: feed.total });
  return resultOf(spec, session, barSpec);
}

const MINUTES_PER_TRADING_YEAR = 252 * 390;

/** Periods a year for annualising: 252 trading days; intraday bars count 6.5 trading hours a day. */
function periodsPerYear(barSpec: { step: number; unit: string }): number {
  switch (barSpec.unit) {
    case 'd':
      return 252 / barSpec.step;
    case 'w':
      return 52 / barSpec.step;
    case 'M':
      return 12 / barSpec.step;
    case 'h':
      return MINUTES_PER_TRADING_YEAR / 60 / barSpec.step;
    case 'm':
      return MINUTES_PER_TRADING_YEAR / barSpec.step;
    default:
      return (MINUTES_PER_TRADING_YEAR * 60) / barSpec.step;
  }
}

function performanceOf(curve: EquitySeries, barSpec: { step: number; unit: string }): PerformanceMetrics | undefined {
  if (curve.equity.length < 2) return undefined;
  return computePerformance({ returns: returnsFromEquity(curve.equity), timestamps: curve.ts.subarray(1) }, { periodsPerYear: periodsPerYear(barSpec) });
}

function refusedOrdersOf(orders: readonly Order[]): BacktestResult['refusedOrders'] {
  const refused = orders.filter((order) => order.status === 'DENIED' || order.status === 'REJECTED');
  const firstReason = refused.length > 0 ? orderReason(refused[0]!) : undefined;
  return firstReason === undefined ? { count: refused.length } : { count: refused.length, firstReason };
}

function resultOf(spec: BacktestSpec, session: TradingSession, barSpec: { step: number; unit: string }): BacktestResult {
  const curve = session.equityCurve.columns();
  const orders = session.orders();
  const fills = session.fills;
  const statistics = computeStatistics({
    startingCash: spec.startingCash,
    equity: curve.equity,
    trades: session.trades.closed,
    orders: orders.length,
    fills: fills.length,
    openTrades: session.trades.openCount,
    commissions: fills.reduce((sum, fill) => sum + fill.commission, 0),
    bars: session.bars,
  });
  const full = spec.detail === 'full';
  const equity = full ? { ts: curve.ts.slice(), equity: curve.equity.slice() } : { ts: new Float64Array(0), equity: new Float64Array(0) };
  const performance = full ? performanceOf(equity, barSpec) : undefined;
  return {
    spec,
    statistics,
    cash: session.cash(),
    orders: full ? orders : [],
    fills: full ? [...fills] : [],
    trades: full ? [...session.trades.closed] : [],
    equity,
    ...(performance === undefined ? {} : { performance }),
    refusedOrders: refusedOrdersOf(orders),
    logs: session.logger.entries,
  };
}
