// Public API of @nws/backtest: the event-driven backtester (bars from files or the DuckDB store,
// one strategy through the order manager and simulated venue), the trading session it shares with
// paper trading, statistics, the CLI logic of `nws backtest` / `nws sweep`, and parameter sweeps
// (grid, random, walk-forward) across worker threads.
export { backtestSpecSchema, defineBacktestSpec, genericInstrument } from './backtest-spec.js';
export type { BacktestSpec, BacktestSpecInput } from './backtest-spec.js';
export {
  barSeriesFromCsv,
  barSeriesFromStoredColumns,
  checkBarSeries,
  instrumentIdForFile,
  loadBarSeriesFromStore,
  sliceSeries,
} from './data/bar-series.js';
export type { BarColumnsReader, BarSeries, StoredBarColumns, StoredSeriesRequest } from './data/bar-series.js';
export { MergedBarFeed, SeriesBarFeed, barFeedFor } from './data/bar-feed.js';
export { checkTickSeries, csvDataKind, isTickSeries, loadTickSeriesFromStore, tickSeriesFromCsv, tickSeriesFromStoredColumns } from './data/tick-series.js';
export type { QuoteTickSeries, StoredTickColumns, StoredTickRequest, TickColumnsReader, TickSeries, TradeTickSeries } from './data/tick-series.js';
export { MergedTickFeed } from './data/tick-feed.js';
export type { TickEvent } from './data/tick-feed.js';
export type { BarFeed } from './data/bar-feed.js';
export { TradingSession } from './trading-session.js';
export type { TradingSessionOptions } from './trading-session.js';
export { runBacktest, runWithFeed } from './run-backtest.js';
export type { BacktestProgress, BacktestResult, EquitySeries, RunBacktestOptions } from './run-backtest.js';
export { computeStatistics, maxDrawdownOf } from './statistics.js';
export type { BacktestStatistics, StatisticsInput } from './statistics.js';
export type { ClosedTrade } from './trade-tracker.js';
export type { LogEntry } from './session-logger.js';
export { backtestSummary, formatBacktestSummary } from './summary.js';
export type { BacktestSummary } from './summary.js';
export { MAX_GRID_SIZE, gridParameterSets, randomParameterSets } from './sweep/parameter-space.js';
export type { ParamRange, ParameterSpaceOptions } from './sweep/parameter-space.js';
export { runSweep, sortSweepRows } from './sweep/run-sweep.js';
export type { SweepMetric, SweepProgress, SweepRequest, SweepResult, SweepRow } from './sweep/run-sweep.js';
export { SweepWorkerPool, shareSeries } from './sweep/sweep-pool.js';
export type { SweepPoolOptions } from './sweep/sweep-pool.js';
export { runWalkForward, walkForwardWindows } from './sweep/walk-forward.js';
export type { WalkForwardRequest, WalkForwardResult, WalkForwardStep, WalkForwardWindow } from './sweep/walk-forward.js';
export { loadCsvData, runBacktestCommand, specFromOptions, splitDataArgument } from './cli/backtest-command.js';
export type { LoadedSeries } from './cli/backtest-command.js';
export type { BacktestCommandOptions } from './cli/backtest-command.js';
export { parseRangeAssignments, runSweepCommand } from './cli/sweep-command.js';
export type { SweepCommandOptions } from './cli/sweep-command.js';
export { BACKTEST_INLINING_BUDGET, tuneV8ForBacktests } from './v8-tuning.js';
