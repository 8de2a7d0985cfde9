/**
 * Rolling versions of the metrics: value i is the metric over the `window` periods ending at i;
 * the first window - 1 values are NaN so the output lines up with the input dates.
 */
import { ErrorCode, NwsError } from '@nws/core';
import { alphaBeta } from './benchmark-relative.js';
import { maxDrawdown } from './drawdown.js';
import { annualVolatility, DAILY_PERIODS_PER_YEAR } from './returns.js';
import { sharpeRatio, sortinoRatio } from './risk-adjusted.js';
import type { Numbers } from './stats.js';

export type WindowMetric = (window: Float64Array) => number;

function checkWindow(window: number): void {
  if (!Number.isInteger(window) || window < 1) {
    throw new NwsError(ErrorCode.InvalidArgument, `rolling window must be a positive integer, got ${window}`);
  }
}

/** Any single-series metric over a sliding window. */
export function rolling(returns: Numbers, window: number, metric: WindowMetric): Float64Array {
  checkWindow(window);
  const values = Float64Array.from(returns);
  const out = new Float64Array(values.length).fill(NaN);
  for (let end = window; end <= values.length; end++) out[end - 1] = metric(values.subarray(end - window, end));
  return out;
}

/** Any two-series metric (returns, benchmark) over a sliding window. */
export function rollingPair(
  returns: Numbers,
  benchmark: Numbers,
  window: number,
  metric: (returns: Float64Array, benchmark: Float64Array) => number,
): Float64Array {
  checkWindow(window);
  if (returns.length !== benchmark.length) {
    throw new NwsError(ErrorCode.InvalidArgument, `returns (${returns.length}) and benchmark (${benchmark.length}) must have the same length`);
  }
  const r = Float64Array.from(returns);
  const b = Float64Array.from(benchmark);
  const out = new Float64Array(r.length).fill(NaN);
  for (let end = window; end <= r.length; end++) out[end - 1] = metric(r.subarray(end - window, end), b.subarray(end - window, end));
  return out;
}

export const rollingSharpe = (returns: Numbers, window: number, periodsPerYear = DAILY_PERIODS_PER_YEAR) =>
  rolling(returns, window, (slice) => sharpeRatio(slice, 0, periodsPerYear));
export const rollingSortino = (returns: Numbers, window: number, periodsPerYear = DAILY_PERIODS_PER_YEAR) =>
  rolling(returns, window, (slice) => sortinoRatio(slice, 0, periodsPerYear));
export const rollingVolatility = (returns: Numbers, window: number, periodsPerYear = DAILY_PERIODS_PER_YEAR) =>
  rolling(returns, window, (slice) => annualVolatility(slice, periodsPerYear));
export const rollingMaxDrawdown = (returns: Numbers, window: number) => rolling(returns, window, maxDrawdown);
export const rollingBeta = (returns: Numbers, benchmark: Numbers, window: number) =>
  rollingPair(returns, benchmark, window, (r, b) => alphaBeta(r, b).beta);
