// Public API of @nws/analytics: performance metrics, real-time P&L, attribution and tear sheets.
// Other packages import only from here.
export { type Numbers, type RateInput } from './metrics/stats.js';
export {
  DAILY_PERIODS_PER_YEAR,
  cumulativeReturns,
  totalReturn,
  annualReturn,
  annualVolatility,
  returnsFromEquity,
  endOfDayValues,
  dailyReturns,
} from './metrics/returns.js';
export { sharpeRatio, sortinoRatio, downsideRisk, calmarRatio, omegaRatio } from './metrics/risk-adjusted.js';
export {
  type DrawdownPeriod,
  drawdownSeries,
  maxDrawdown,
  maxDrawdownPeriod,
  drawdownPeriods,
  topDrawdowns,
} from './metrics/drawdown.js';
export { type WinLossStats, winLossStats } from './metrics/trade-stats.js';
export { type AlphaBeta, alphaBeta, beta, activeReturns, trackingError, informationRatio } from './metrics/benchmark-relative.js';
export { skewness, kurtosis, valueAtRisk, conditionalValueAtRisk, tailRatio } from './metrics/distribution.js';
export {
  type WindowMetric,
  rolling,
  rollingPair,
  rollingSharpe,
  rollingSortino,
  rollingVolatility,
  rollingMaxDrawdown,
  rollingBeta,
} from './metrics/rolling.js';
export { type MonthlyReturn, type YearlyReturn, monthlyReturns, yearlyReturns } from './metrics/period-tables.js';
export {
  type PerformanceOptions,
  type PerformanceOptionsInput,
  type PerformanceInput,
  type PerformanceMetrics,
  type BenchmarkMetrics,
  type DatedDrawdown,
  performanceOptionsSchema,
  parsePerformanceOptions,
  computePerformance,
} from './performance.js';
export { type DatedReturns, parseReturnsCsv, alignToDates } from './returns-csv.js';
export {
  type AnalyticsCommandInput,
  type AnalyticsCommandResult,
  runAnalyticsCommand,
  formatAnalyticsText,
  toJson,
} from './analytics-command.js';
export { type SyntheticReturns, syntheticDailyReturns } from './synthetic-returns.js';
export { PnlTracker, MANUAL_STRATEGY, type PnlTrackerOptions } from './pnl/pnl-tracker.js';
export { pnlTopics } from './pnl/pnl-topics.js';
export type { PositionPnl, StrategyPnl, AccountPnl, PnlTotals } from './pnl/pnl-types.js';
export { type SectorReturns, type SectorAttribution, type BrinsonResult, brinsonFachler } from './attribution/brinson.js';
export { type FactorExposure, type FactorAttribution, factorAttribution } from './attribution/factor-attribution.js';
export {
  type ExecutionRecord,
  type OrderExecutionQuality,
  type ExecutionQualitySummary,
  orderExecutionQuality,
  executionQuality,
} from './attribution/execution-quality.js';
export { type TearSheetInput, type TearSheet, renderTearSheet, formatPercent, formatRatio } from './tear-sheet/tear-sheet.js';
