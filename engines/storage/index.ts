// Public API of @nws/storage: the DuckDB time-series store and the SQLite state store.
// Node only (native DuckDB and SQLite bindings); the renderer reaches storage through the Host.
export { TimeSeriesStore } from './timeseries/time-series-store.js';
export type {
  BarSeriesInfo,
  IngestBarsOptions,
  IngestBarsResult,
  OverlapPolicy,
  QueryParam,
  QueryRow,
  ReadBarsRequest,
  ReadIndicatorValuesRequest,
  TimeSeriesStoreOptions,
} from './timeseries/time-series-store.js';
export type { BarColumns, BarSeriesKey } from './timeseries/bar-columns.js';
export type { IndicatorValueColumns, IndicatorValueSet, IndicatorValuesInfo, WriteIndicatorValuesResult } from './timeseries/indicator-values.js';
export { TICK_KINDS } from './timeseries/tick-data.js';
export type { IngestTicksResult, QuoteTickColumns, ReadTicksRequest, TickColumns, TickKind, TickSeriesInfo, TickSeriesKey, TradeTickColumns } from './timeseries/tick-data.js';
export { BACKTEST_RUN_STATUSES, BacktestResultStore } from './timeseries/backtest-results.js';
export type {
  BacktestEquityColumns,
  BacktestRunHeader,
  BacktestRunInfo,
  BacktestRunRecord,
  BacktestRunStatus,
  BacktestRunWrite,
  ListBacktestRunsOptions,
  StoredBacktestFill,
  StoredBacktestOrder,
  StoredBacktestTrade,
} from './timeseries/backtest-results.js';
export { TIME_SERIES_MIGRATIONS } from './timeseries/migrations.js';
export type { Migration } from './migration.js';
export type { JsonValue } from './json-value.js';
export { StateStore } from './state/state-store.js';
export type { AuditEntry, AuditQuery, InstrumentFilter, StateStoreOptions } from './state/state-store.js';
export type { FillJournalResult, JournalOutcome, OrderJournalEvent } from './state/order-journal.js';
export { STATE_MIGRATIONS } from './state/migrations.js';
export { STRATEGY_RUN_HISTORY } from './state/strategy-run-store.js';
export type { StoredStrategyRunStatus, StrategyRunRecord } from './state/strategy-run-store.js';
