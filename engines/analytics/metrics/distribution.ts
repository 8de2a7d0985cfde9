/**
 * Shape and tail of the return distribution. NaN returns are left out. Skew and kurtosis are the
 * bias-corrected sample estimators pandas uses (`Series.skew`, `Series.kurt`, excess kurtosis), as
 * quantstats reports them; VaR and CVaR are historical (empyrical).
 */
import { percentileOfSorted, sortedWithoutNaN, withoutNaN, type Numbers } from './stats.js';

/** Adjusted Fisher–Pearson skewness G1 = √(n(n−1))/(n−2) · m3/m2^1.5; NaN for n < 3. */
export function skewness(returns: Numbers): number {
  const values = withoutNaN(returns);
  const n = values.length;
  if (n < 3) return NaN;
  const { m2, m3 } = centralMoments(values);
  if (m2 === 0) return 0;
  return (Math.sqrt(n * (n - 1)) / (n - 2)) * (m3 / Math.pow(m2, 1.5));
}

/** Excess kurtosis G2 (0 for a normal distribution), unbiased as in pandas; NaN for n < 4. */
export function kurtosis(returns: Numbers): number {
  const values = withoutNaN(returns);
  const n = values.length;
  if (n < 4) return NaN;
  const { m2, m4 } = centralMoments(values);
  if (m2 === 0) return 0;
  const sumSquares = m2 * n;
  const sumFourth = m4 * n;
  const adjustment = ((n + 1) * n * (n - 1)) / ((n - 2) * (n - 3));
  return (adjustment * sumFourth) / (sumSquares * sumSquares) - (3 * (n - 1) * (n - 1)) / ((n - 2) * (n - 3));
}

/** Biased central moments (divided by n). */
function centralMoments(values: Float64Array): { m2: number; m3: number; m4: number } {
  const n = values.length;
  let sum = 0;
  for (const value of values) sum += value;
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const value of values) {
    const d = value - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  return { m2: m2 / n, m3: m3 / n, m4: m4 / n };
}

/** Historical value at risk: the `cutoff` quantile of the returns (e.g. -0.03 at 5%), numpy's linear percentile. */
export function valueAtRisk(returns: Numbers, cutoff = 0.05, sorted: Numbers = sortedWithoutNaN(returns)): number {
  return percentileOfSorted(sorted, cutoff * 100);
}

/** Conditional VaR (expected shortfall): the mean of the returns at or below the VaR. */
export function conditionalValueAtRisk(returns: Numbers, cutoff = 0.05, sorted: Numbers = sortedWithoutNaN(returns)): number {
  const threshold = valueAtRisk(returns, cutoff, sorted);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < sorted.length && sorted[i]! <= threshold; i++) {
    sum += sorted[i]!;
    count++;
  }
  return count === 0 ? NaN : sum / count;
}

/** |95th percentile| / |5th percentile|: how much fatter the right tail is than the left. */
export function tailRatio(returns: Numbers, sorted: Numbers = sortedWithoutNaN(returns)): number {
  if (sorted.length === 0) return NaN;
  return Math.abs(percentileOfSorted(sorted, 95)) / Math.abs(percentileOfSorted(sorted, 5));
}
