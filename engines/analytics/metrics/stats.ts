/**
 * Descriptive statistics shared by the metric files. NaN handling follows empyrical's
 * `nanmean`/`nanstd`/`nanpercentile`: a NaN value is left out, it is not a zero.
 */
import { ErrorCode, NwsError } from '@nws/core';

export type Numbers = ArrayLike<number>;
/** A per-period rate that is either one constant or a series aligned with the returns. */
export type RateInput = number | Numbers;

/** The non-NaN values, in order. */
export function withoutNaN(values: Numbers): Float64Array {
  let kept = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) kept++;
  const out = new Float64Array(kept);
  let next = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isNaN(value)) out[next++] = value;
  }
  return out;
}

/** Mean of the non-NaN values; NaN when there are none. */
export function nanMean(values: Numbers): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (Number.isNaN(value)) continue;
    sum += value;
    count++;
  }
  return count === 0 ? NaN : sum / count;
}

/**
 * Standard deviation of the non-NaN values with `ddof` degrees of freedom (1: sample std).
 * Exactly 0 for a constant series (a naive two-pass can leave 1e-18 from rounding the mean,
 * which would turn empyrical's "Sharpe of a flat line is inf" into a huge finite number).
 */
export function nanStd(values: Numbers, ddof = 1): number {
  let sum = 0;
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (Number.isNaN(value)) continue;
    sum += value;
    count++;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (count - ddof <= 0) return NaN;
  if (min === max) return 0;
  const mean = sum / count;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (Number.isNaN(value)) continue;
    squares += (value - mean) * (value - mean);
  }
  return Math.sqrt(squares / (count - ddof));
}

/** numpy's default (linear) percentile of ascending-sorted values, q in [0, 100]. */
export function percentileOfSorted(sorted: Numbers, q: number): number {
  if (sorted.length === 0) return NaN;
  const position = (q / 100) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const fraction = position - below;
  return sorted[below]! + (sorted[above]! - sorted[below]!) * fraction;
}

/** The non-NaN values sorted ascending. */
export function sortedWithoutNaN(values: Numbers): Float64Array {
  return withoutNaN(values).sort();
}

/** `returns - rate` element-wise; a series rate must have the returns' length. */
export function subtractRate(returns: Numbers, rate: RateInput): Float64Array {
  const out = new Float64Array(returns.length);
  if (typeof rate === 'number') {
    for (let i = 0; i < returns.length; i++) out[i] = returns[i]! - rate;
    return out;
  }
  if (rate.length !== returns.length) {
    throw new NwsError(ErrorCode.InvalidArgument, `rate series has ${rate.length} values but the returns have ${returns.length}`);
  }
  for (let i = 0; i < returns.length; i++) out[i] = returns[i]! - rate[i]!;
  return out;
}

/** Counts values that are not NaN. */
export function countNonNaN(values: Numbers): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) count++;
  return count;
}
