/**
 * Every performance metric of one returns series at once: what the CLI prints, the tear sheet
 * shows and the `analytics` bench times. Inputs are validated here (the library's boundary).
 */
import { z } from 'zod';
import { describeIssues, ErrorCode, NwsError } from '@nws/core';
import { alphaBeta, informationRatio, trackingError } from './metrics/benchmark-relative.js';
import { conditionalValueAtRisk, kurtosis, skewness, tailRatio, valueAtRisk } from './metrics/distribution.js';
import { maxDrawdownPeriod, topDrawdowns, type DrawdownPeriod } from './metrics/drawdown.js';
import { monthlyReturns, yearlyReturns, type MonthlyReturn, type YearlyReturn } from './metrics/period-tables.js';
import { annualReturn, annualVolatility, DAILY_PERIODS_PER_YEAR, totalReturn } from './metrics/returns.js';
import { calmarRatio, omegaRatio, sharpeRatio, sortinoRatio } from './metrics/risk-adjusted.js';
import { sortedWithoutNaN, type Numbers } from './metrics/stats.js';
import { winLossStats, type WinLossStats } from './metrics/trade-stats.js';

export const performanceOptionsSchema = z.strictObject({
  periodsPerYear: z.number().positive().default(DAILY_PERIODS_PER_YEAR),
  /** Per-period risk-free rate (e.g. 0.02 a year on daily data is about 0.0000786). */
  riskFree: z.number().gt(-1).default(0),
  /** Per-period target return of Sortino's downside deviation. */
  sortinoTarget: z.number().default(0),
  /** Annual required return of Omega's threshold. */
  omegaRequiredReturn: z.number().gt(-1).default(0),
  /** Tail probability of VaR and CVaR. */
  varCutoff: z.number().min(0).max(1).default(0.05),
  drawdownTableSize: z.number().int().positive().default(5),
});
export type PerformanceOptions = Readonly<z.infer<typeof performanceOptionsSchema>>;
export type PerformanceOptionsInput = z.input<typeof performanceOptionsSchema>;

export interface PerformanceInput {
  /** Simple per-period returns (0.01 = +1%); NaN = unknown period. */
  returns: Numbers;
  /** Epoch ms of each period, for the dated drawdown and calendar tables. */
  timestamps?: Numbers;
  /** Benchmark returns aligned with `returns`. */
  benchmark?: Numbers;
}

export interface DatedDrawdown extends DrawdownPeriod {
  startTs?: number;
  troughTs?: number;
  recoveryTs?: number | null;
}

export interface BenchmarkMetrics {
  alpha: number;
  beta: number;
  informationRatio: number;
  trackingError: number;
  benchmarkTotalReturn: number;
  benchmarkAnnualReturn: number;
}

export interface PerformanceMetrics extends WinLossStats {
  periods: number;
  periodsPerYear: number;
  totalReturn: number;
  annualReturn: number;
  annualVolatility: number;
  sharpe: number;
  sortino: number;
  calmar: number;
  omega: number;
  maxDrawdown: DatedDrawdown | null;
  tailRatio: number;
  skew: number;
  kurtosis: number;
  valueAtRisk: number;
  conditionalValueAtRisk: number;
  benchmark?: BenchmarkMetrics;
  drawdowns: DatedDrawdown[];
  monthly?: MonthlyReturn[];
  yearly?: YearlyReturn[];
}

export function parsePerformanceOptions(input: PerformanceOptionsInput = {}): PerformanceOptions {
  const parsed = performanceOptionsSchema.safeParse(input);
  if (!parsed.success) throw new NwsError(ErrorCode.InvalidArgument, `invalid performance options: ${describeIssues(parsed.error.issues)}`);
  return Object.freeze(parsed.data);
}

export function computePerformance(input: PerformanceInput, optionsInput: PerformanceOptionsInput = {}): PerformanceMetrics {
  const options = parsePerformanceOptions(optionsInput);
  checkInput(input);
  const { returns, timestamps, benchmark } = input;
  const { periodsPerYear, riskFree } = options;
  // One sort serves VaR, CVaR and the tail ratio.
  const sorted = sortedWithoutNaN(returns);
  const dated = (period: DrawdownPeriod): DatedDrawdown => dateDrawdown(period, timestamps);
  const deepest = maxDrawdownPeriod(returns);
  const metrics: PerformanceMetrics = {
    periods: returns.length,
    periodsPerYear,
    totalReturn: totalReturn(returns),
    annualReturn: annualReturn(returns, periodsPerYear),
    annualVolatility: annualVolatility(returns, periodsPerYear),
    sharpe: sharpeRatio(returns, riskFree, periodsPerYear),
    sortino: sortinoRatio(returns, options.sortinoTarget, periodsPerYear),
    calmar: calmarRatio(returns, periodsPerYear),
    omega: omegaRatio(returns, riskFree, options.omegaRequiredReturn, periodsPerYear),
    maxDrawdown: deepest === null ? null : dated(deepest),
    tailRatio: tailRatio(returns, sorted),
    skew: skewness(returns),
    kurtosis: kurtosis(returns),
    valueAtRisk: valueAtRisk(returns, options.varCutoff, sorted),
    conditionalValueAtRisk: conditionalValueAtRisk(returns, options.varCutoff, sorted),
    ...winLossStats(returns),
    drawdowns: topDrawdowns(returns, options.drawdownTableSize).map(dated),
  };
  if (benchmark !== undefined) {
    const { alpha, beta } = alphaBeta(returns, benchmark, riskFree, periodsPerYear);
    metrics.benchmark = {
      alpha,
      beta,
      informationRatio: informationRatio(returns, benchmark),
      trackingError: trackingError(returns, benchmark, periodsPerYear),
      benchmarkTotalReturn: totalReturn(benchmark),
      benchmarkAnnualReturn: annualReturn(benchmark, periodsPerYear),
    };
  }
  if (timestamps !== undefined) {
    metrics.monthly = monthlyReturns(returns, timestamps);
    metrics.yearly = yearlyReturns(returns, timestamps);
  }
  return metrics;
}

function checkInput(input: PerformanceInput): void {
  const { returns, timestamps, benchmark } = input;
  if (returns === undefined || typeof returns.length !== 'number') {
    throw new NwsError(ErrorCode.InvalidArgument, 'returns must be an array of numbers');
  }
  for (let i = 0; i < returns.length; i++) {
    const value = returns[i];
    if (typeof value !== 'number' || value === Infinity || value === -Infinity || value < -1) {
      throw new NwsError(ErrorCode.InvalidArgument, `return at index ${i} is ${String(value)}: each return must be a number of at least -1 (NaN = unknown)`);
    }
  }
  if (timestamps !== undefined && timestamps.length !== returns.length) {
    throw new NwsError(ErrorCode.InvalidArgument, `${returns.length} returns but ${timestamps.length} timestamps`);
  }
  if (benchmark !== undefined && benchmark.length !== returns.length) {
    throw new NwsError(ErrorCode.InvalidArgument, `${returns.length} returns but ${benchmark.length} benchmark returns: align them by date first`);
  }
}

function dateDrawdown(period: DrawdownPeriod, timestamps: Numbers | undefined): DatedDrawdown {
  if (timestamps === undefined) return { ...period };
  return {
    ...period,
    startTs: timestamps[period.startIndex]!,
    troughTs: timestamps[period.troughIndex]!,
    recoveryTs: period.recoveryIndex === null ? null : timestamps[period.recoveryIndex]!,
  };
}
