/**
 * The backtest: bars from a feed, a SimulatedClock, one strategy, the order manager and the
 * simulated venue. Pure data in (spec + series), pure data out (result), deterministic: the
 * same input always gives the same result, so it can run in any worker thread.
 */
import { ErrorCode, NwsError, SimulatedClock, parseInstrumentId } from '@nws/core';
import type { Fill, Instrument, InstrumentId, Order } from '@nws/core';
import { DAILY_PERIODS_PER_YEAR, computePerformance, dailyReturns, returnsFromEquity } from '@nws/analytics';
import type { PerformanceMetrics } from '@nws/analytics';
import type { SimulatedVenueConfigInput } from '@nws/execution';
import { strategyRegistry } from '@nws/strategy';
import type { Strategy, StrategyRegistry } from '@nws/strategy';
import { defineBacktestSpec, genericInstrument } from './backtest-spec.js';
import type { BacktestSpec, BacktestSpecInput } from './backtest-spec.js';
import { barFeedFor } from './data/bar-feed.js';
import type { BarFeed } from './data/bar-feed.js';
import { checkBarSeries } from './data/bar-series.js';
import type { BarSeries } from './data/bar-series.js';
import { MergedTickFeed } from './data/tick-feed.js';
import { checkTickSeries, isTickSeries } from './data/tick-series.js';
import type { TickSeries } from './data/tick-series.js';
import type { LogEntry } from './session-logger.js';
import { computeStatistics } from './statistics.js';
import type { BacktestStatistics } from './statistics.js';
import type { ClosedTrade } from './trade-tracker.js';
import { TradingSession } from './trading-session.js';

export interface BacktestProgress {
  /** Bars (or, in a tick-driven run, ticks) processed so far. */
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
  /**
   * The caller has passed these bar series through `checkBarSeries` and not changed them since:
   * the run skips its own pass over every row. A sweep checks its bars once for all its runs.
   */
  seriesChecked?: boolean;
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
   * volatility, VaR, dated drawdowns, calendar tables), annualised for the bar size; a run over
   * ticks takes its daily returns (each UTC day's last equity) and needs two days. Only with
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

function cancelled(count: number, unit: 'bars' | 'ticks' = 'bars'): NwsError {
  return new NwsError(ErrorCode.Cancelled, `backtest cancelled after ${count} ${unit}`);
}

/**
 * Runs `spec` over `series` merged by time: bar series (one per instrument), or tick series
 * (quotes and/or trades; an instrument may have one of each), not both in one run.
 */
export function runBacktest(specInput: BacktestSpecInput | BacktestSpec, series: readonly BarSeries[] | readonly TickSeries[], options: RunBacktestOptions = {}): BacktestResult {
  const spec = defineBacktestSpec(specInput as BacktestSpecInput);
  if (series.length === 0) throw new NwsError(ErrorCode.InvalidArgument, 'a backtest needs at least one bar series');
  const ticks = series.filter((one) => isTickSeries(one));
  if (ticks.length === series.length) return runTickBacktest(spec, ticks, options);
  if (ticks.length > 0) throw new NwsError(ErrorCode.InvalidArgument, 'a backtest runs on bars or on ticks, not both: give only bar series or only tick series');
  return runBarBacktest(spec, series as readonly BarSeries[], options);
}

function runBarBacktest(spec: BacktestSpec, series: readonly BarSeries[], options: RunBacktestOptions): BacktestResult {
  if (options.seriesChecked !== true) for (const one of series) checkBarSeries(one);
  const ids = series.map((one) => parseInstrumentId(one.instrumentId));
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate !== undefined) throw new NwsError(ErrorCode.InvalidArgument, `instrument ${duplicate} is given twice`);
  const strategy = options.strategy ?? (options.registry ?? strategyRegistry).create(spec.strategy, spec.params, ids.length);
  return runWithFeed(spec, strategy, instrumentsFor(spec, ids), barFeedFor(series), options);
}

/**
 * A tick-driven run: quotes and trades merged by time go to the venue's quote fill model
 * (market orders at the bid/ask, resting limits by queue position) and to the strategy's
 * onQuote/onTrade. Equity is sampled once per distinct tick time.
 */
function runTickBacktest(spec: BacktestSpec, series: readonly TickSeries[], options: RunBacktestOptions): BacktestResult {
  if (options.seriesChecked !== true) for (const one of series) checkTickSeries(one);
  const seen = new Set<string>();
  for (const one of series) {
    const key = `${one.kind} of ${one.instrumentId}`;
    if (seen.has(key)) throw new NwsError(ErrorCode.InvalidArgument, `${key} are given twice`);
    seen.add(key);
  }
  const ids = [...new Set(series.map((one) => parseInstrumentId(one.instrumentId)))];
  const strategy = options.strategy ?? (options.registry ?? strategyRegistry).create(spec.strategy, spec.params, ids.length);
  const feed = new MergedTickFeed(series);
  const session = startSession(spec, strategy, instrumentsFor(spec, ids), options, feed.total, 'ticks');
  const every = Math.max(1, options.progressEvery ?? DEFAULT_PROGRESS_EVERY);
  let ticks = 0;
  let nextCheck = every;
  for (let event = feed.next(); event !== undefined; event = feed.next()) {
    if (event.kind === 'quote') session.handleQuote(event.quote);
    else session.handleTrade(event.trade);
    ticks += 1;
    if (ticks === nextCheck) {
      nextCheck += every;
      if (options.signal?.aborted) throw cancelled(ticks, 'ticks');
      options.onProgress?.({ bars: ticks, total: feed.total });
    }
  }
  session.stop();
  options.onProgress?.({ bars: ticks, total: feed.total });
  // Tick times are irregular: performance comes from daily returns (two days at least).
  return resultOf(spec, session, 'daily');
}

function startSession(spec: BacktestSpec, strategy: Strategy, instruments: Instrument[], options: RunBacktestOptions, expectedSteps: number, stepsOn: 'bars' | 'ticks' = 'bars'): TradingSession {
  if (options.signal?.aborted) throw cancelled(0);
  const clock = new SimulatedClock(0);
  const session = new TradingSession({
    strategy,
    instruments,
    stepsOn,
    clock,
    advanceClock: (ts) => clock.advanceTo(ts),
    venueConfig: venueConfigOf(spec),
    // One equity sample per distinct time: never more than the events in the feed.
    expectedSteps,
    keepFills: spec.detail === 'full',
    keepClosedTrades: spec.detail === 'full',
    keepFinishedOrders: spec.detail === 'full',
    keepEquitySamples: spec.detail === 'full',
  });
  session.start();
  return session;
}

/** The run loop over any feed; exposed so a custom feed (ticks, a replay) can drive it. */
export function runWithFeed(spec: BacktestSpec, strategy: Strategy, instruments: Instrument[], feed: BarFeed, options: RunBacktestOptions = {}): BacktestResult {
  const session = startSession(spec, strategy, instruments, options, feed.total);
  const every = Math.max(1, options.progressEvery ?? DEFAULT_PROGRESS_EVERY);
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

/**
 * Performance of the curve's per-step returns annualised by the bar size, or, for a tick run
 * (`daily`), of its daily returns: each UTC day's last equity against the day before's. A tick
 * run of less than two days has none.
 */
function performanceOf(curve: EquitySeries, step: { step: number; unit: string } | 'daily'): PerformanceMetrics | undefined {
  if (curve.equity.length < 2) return undefined;
  if (step === 'daily') {
    const daily = dailyReturns(curve.ts, curve.equity);
    return daily.returns.length < 2 ? undefined : computePerformance(daily, { periodsPerYear: DAILY_PERIODS_PER_YEAR });
  }
  return computePerformance({ returns: returnsFromEquity(curve.equity), timestamps: curve.ts.subarray(1) }, { periodsPerYear: periodsPerYear(step) });
}

function resultOf(spec: BacktestSpec, session: TradingSession, barSpec: { step: number; unit: string } | 'daily'): BacktestResult {
  const curve = session.equityCurve.columns();
  const totals = session.orderManager.orderTotals();
  const statistics = computeStatistics({
    startingCash: spec.startingCash,
    equitySummary: session.equityCurve.summary(),
    trades: session.trades.closed,
    tradeTotals: session.trades.totals,
    orders: totals.orders,
    fills: session.fillCount,
    openTrades: session.trades.openCount,
    commissions: session.commissions,
    bars: session.bars,
    ticks: session.ticks,
  });
  const full = spec.detail === 'full';
  const equity = full ? { ts: curve.ts.slice(), equity: curve.equity.slice() } : { ts: new Float64Array(0), equity: new Float64Array(0) };
  const performance = full ? performanceOf(equity, barSpec) : undefined;
  return {
    spec,
    statistics,
    cash: session.cash(),
    orders: full ? session.orders() : [],
    fills: full ? [...session.fills] : [],
    trades: full ? [...session.trades.closed] : [],
    equity,
    ...(performance === undefined ? {} : { performance }),
    refusedOrders: totals.firstRefusalReason === undefined ? { count: totals.refused } : { count: totals.refused, firstReason: totals.firstRefusalReason },
    logs: session.logger.entries,
  };
}
