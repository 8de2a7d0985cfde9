/**
 * Measures against a benchmark series of the same length, period by period (align by date
 * first). A period where either side is NaN is left out, as empyrical does.
 */
import { ErrorCode, NwsError } from '@nws/core';
import { checkPeriodsPerYear, DAILY_PERIODS_PER_YEAR } from './returns.js';
import { nanMean, nanStd, subtractRate, type Numbers, type RateInput } from './stats.js';

export interface AlphaBeta {
  /** Annualised: (1 + mean(r - rf - β(b - rf)))^periodsPerYear - 1. */
  alpha: number;
  /** cov(r, b) / var(b) over the periods where both are known. */
  beta: number;
}

function checkSameLength(returns: Numbers, benchmark: Numbers): void {
  if (returns.length !== benchmark.length) {
    throw new NwsError(
      ErrorCode.InvalidArgument,
      `returns (${returns.length} values) and benchmark (${benchmark.length} values) must be aligned to the same periods`,
    );
  }
}

/** Both series with NaN wherever either is NaN, so every mean runs over the same periods. */
function jointlyKnown(returns: Numbers, benchmark: Numbers): { r: Float64Array; b: Float64Array; count: number } {
  const r = new Float64Array(returns.length);
  const b = new Float64Array(returns.length);
  let count = 0;
  for (let i = 0; i < returns.length; i++) {
    const x = returns[i]!;
    const y = benchmark[i]!;
    const known = !Number.isNaN(x) && !Number.isNaN(y);
    r[i] = known ? x : NaN;
    b[i] = known ? y : NaN;
    if (known) count++;
  }
  return { r, b, count };
}

export function beta(returns: Numbers, benchmark: Numbers, riskFree: RateInput = 0): number {
  checkSameLength(returns, benchmark);
  const { r, b, count } = jointlyKnown(subtractRate(returns, riskFree), subtractRate(benchmark, riskFree));
  if (count < 2) return NaN;
  const meanB = nanMean(b);
  const meanR = nanMean(r);
  let covariance = 0;
  let variance = 0;
  for (let i = 0; i < r.length; i++) {
    if (Number.isNaN(r[i]!)) continue;
    const residual = b[i]! - meanB;
    covariance += residual * (r[i]! - meanR);
    variance += residual * residual;
  }
  // A constant benchmark explains nothing: empyrical returns NaN rather than ±inf.
  return variance === 0 ? NaN : covariance / variance;
}

export function alphaBeta(
  returns: Numbers,
  benchmark: Numbers,
  riskFree: RateInput = 0,
  periodsPerYear = DAILY_PERIODS_PER_YEAR,
): AlphaBeta {
  checkPeriodsPerYear(periodsPerYear);
  const slope = beta(returns, benchmark, riskFree);
  if (Number.isNaN(slope)) return { alpha: NaN, beta: NaN };
  const { r, b } = jointlyKnown(subtractRate(returns, riskFree), subtractRate(benchmark, riskFree));
  let sum = 0;
  let count = 0;
  for (let i = 0; i < r.length; i++) {
    if (Number.isNaN(r[i]!)) continue;
    sum += r[i]! - slope * b[i]!;
    count++;
  }
  return { alpha: Math.pow(1 + sum / count, periodsPerYear) - 1, beta: slope };
}

/** r - b per period (NaN where either is NaN). */
export function activeReturns(returns: Numbers, benchmark: Numbers): Float64Array {
  checkSameLength(returns, benchmark);
  return subtractRate(returns, benchmark);
}

/** std(r - b, ddof = 1) × √periodsPerYear. */
export function trackingError(returns: Numbers, benchmark: Numbers, periodsPerYear = DAILY_PERIODS_PER_YEAR): number {
  checkPeriodsPerYear(periodsPerYear);
  return nanStd(activeReturns(returns, benchmark), 1) * Math.sqrt(periodsPerYear);
}

/**
 * mean(r - b) / std(r - b, ddof = 1), per period and not annualised: empyrical's `excess_sharpe`
 * and quantstats' `information_ratio`. NaN with fewer than 2 returns or no active risk.
 */
export function informationRatio(returns: Numbers, benchmark: Numbers): number {
  if (returns.length < 2) return NaN;
  const active = activeReturns(returns, benchmark);
  const deviation = nanStd(active, 1);
  return deviation === 0 ? NaN : nanMean(active) / deviation;
}
