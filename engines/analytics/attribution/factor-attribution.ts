/**
 * Factor attribution by ordinary least squares: r_t = α + Σ_k β_k f_{k,t} + ε_t. A factor's
 * contribution is β_k × mean(f_k); with the intercept, α + Σ contributions = mean(r) exactly.
 */
import { ErrorCode, NwsError } from '@nws/core';
import type { Numbers } from '../metrics/stats.js';

export interface FactorExposure {
  factor: string;
  beta: number;
  /** Average return per period explained by this factor: beta × mean(factor). */
  contribution: number;
}

export interface FactorAttribution {
  /** Intercept per period: return not explained by the factors. */
  alpha: number;
  factors: FactorExposure[];
  /** Share of the variance of the returns explained, 0..1. */
  rSquared: number;
  meanReturn: number;
  observations: number;
}

export function factorAttribution(returns: Numbers, factorReturns: Readonly<Record<string, Numbers>>): FactorAttribution {
  const names = Object.keys(factorReturns);
  const n = returns.length;
  const columns = names.length + 1;
  if (names.length === 0) throw new NwsError(ErrorCode.InvalidArgument, 'factor attribution needs at least one factor');
  for (const name of names) {
    if (factorReturns[name]!.length !== n) {
      throw new NwsError(ErrorCode.InvalidArgument, `factor ${name} has ${factorReturns[name]!.length} values, the returns ${n}`);
    }
  }
  if (n <= columns) throw new NwsError(ErrorCode.InvalidArgument, `factor attribution needs more than ${columns} observations, got ${n}`);
  const row = (t: number, j: number): number => (j === 0 ? 1 : factorReturns[names[j - 1]!]![t]!);
  // Normal equations (X'X) b = X'y, solved by Gaussian elimination with partial pivoting.
  const xtx = Array.from({ length: columns }, () => new Float64Array(columns));
  const xty = new Float64Array(columns);
  for (let t = 0; t < n; t++) {
    const y = returns[t]!;
    if (!Number.isFinite(y)) throw new NwsError(ErrorCode.InvalidArgument, `return at index ${t} is ${y}`);
    for (let i = 0; i < columns; i++) {
      const xi = row(t, i);
      if (!Number.isFinite(xi)) throw new NwsError(ErrorCode.InvalidArgument, `factor ${names[i - 1]} at index ${t} is ${xi}`);
      xty[i]! += xi * y;
      for (let j = 0; j < columns; j++) xtx[i]![j]! += xi * row(t, j);
    }
  }
  const coefficients = solve(xtx, xty, names);
  let meanReturn = 0;
  for (let t = 0; t < n; t++) meanReturn += returns[t]! / n;
  let residualSquares = 0;
  let totalSquares = 0;
  for (let t = 0; t < n; t++) {
    let fitted = 0;
    for (let j = 0; j < columns; j++) fitted += coefficients[j]! * row(t, j);
    residualSquares += (returns[t]! - fitted) ** 2;
    totalSquares += (returns[t]! - meanReturn) ** 2;
  }
  const factors = names.map((factor, k) => {
    const series = factorReturns[factor]!;
    let mean = 0;
    for (let t = 0; t < n; t++) mean += series[t]! / n;
    return { factor, beta: coefficients[k + 1]!, contribution: coefficients[k + 1]! * mean };
  });
  return { alpha: coefficients[0]!, factors, rSquared: totalSquares === 0 ? NaN : 1 - residualSquares / totalSquares, meanReturn, observations: n };
}

function solve(matrix: Float64Array[], vector: Float64Array, names: string[]): Float64Array {
  const size = vector.length;
  const a = matrix.map((line) => Float64Array.from(line));
  const b = Float64Array.from(vector);
  for (let pivot = 0; pivot < size; pivot++) {
    let best = pivot;
    for (let r = pivot + 1; r < size; r++) if (Math.abs(a[r]![pivot]!) > Math.abs(a[best]![pivot]!)) best = r;
    if (Math.abs(a[best]![pivot]!) < 1e-14) {
      throw new NwsError(ErrorCode.InvalidArgument, `factors are collinear or constant (${names.join(', ')}): the regression has no unique solution`);
    }
    [a[pivot], a[best]] = [a[best]!, a[pivot]!];
    [b[pivot], b[best]] = [b[best]!, b[pivot]!];
    for (let r = pivot + 1; r < size; r++) {
      const factor = a[r]![pivot]! / a[pivot]![pivot]!;
      for (let c = pivot; c < size; c++) a[r]![c]! -= factor * a[pivot]![c]!;
      b[r]! -= factor * b[pivot]!;
    }
  }
  const x = new Float64Array(size);
  for (let r = size - 1; r >= 0; r--) {
    let sum = b[r]!;
    for (let c = r + 1; c < size; c++) sum -= a[r]![c]! * x[c]!;
    x[r] = sum / a[r]![r]!;
  }
  return x;
}
