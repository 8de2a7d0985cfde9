// Variance-covariance VaR with an EWMA (RiskMetrics) covariance, mean return taken as zero:
//   Sigma_t = lambda Sigma_{t-1} + (1 - lambda) r_{t-1} r_{t-1}^T,  lambda = 0.94 by default,
//   VaR = z_c sigma_p sqrt(h),  CVaR = sigma_p sqrt(h) phi(z_c) / (1 - c),  sigma_p^2 = e^T Sigma e.
import { ErrorCode, NwsError } from '@nws/core';
import { normalPdf, normalQuantile } from './normal.js';
import { checkReturns, checkVarOptions } from './var-inputs.js';
import type { VarOptions, VarResult } from './var-inputs.js';

export const DEFAULT_EWMA_LAMBDA = 0.94;
/** Observations whose average outer product seeds the recursion. */
const SEED_DAYS = 20;

function checkLambda(lambda: number): void {
  if (!(lambda > 0 && lambda < 1)) throw new NwsError(ErrorCode.InvalidArgument, `EWMA lambda must be between 0 and 1 (exclusive), got ${lambda}`);
}

/**
 * EWMA covariance matrix after the last day (row-major n x n). Seeded with the mean outer
 * product of the first min(20, T) days, then updated by the recursion over every day.
 */
export function ewmaCovariance(returns: ReadonlyArray<Float64Array>, lambda = DEFAULT_EWMA_LAMBDA): Float64Array {
  checkLambda(lambda);
  const n = returns.length;
  const days = checkReturns(returns, new Float64Array(n));
  const covariance = new Float64Array(n * n);
  const seedDays = Math.min(SEED_DAYS, days);
  for (let day = 0; day < seedDays; day++) addOuter(covariance, returns, day, 1 / seedDays, 1);
  for (let day = 0; day < days; day++) addOuter(covariance, returns, day, 1 - lambda, lambda);
  return covariance;
}

function addOuter(target: Float64Array, returns: ReadonlyArray<Float64Array>, day: number, weight: number, decay: number): void {
  const n = returns.length;
  for (let row = 0; row < n; row++) {
    const r = returns[row]![day]! * weight;
    for (let column = 0; column <= row; column++) {
      const value = target[row * n + column]! * decay + r * returns[column]![day]!;
      target[row * n + column] = value;
      target[column * n + row] = value;
    }
  }
}

/** e^T Sigma e for a row-major covariance. */
export function portfolioVariance(covariance: Float64Array, exposures: ArrayLike<number>): number {
  const n = exposures.length;
  if (covariance.length !== n * n) throw new NwsError(ErrorCode.InvalidArgument, `covariance has ${covariance.length} cells; ${n} exposures need ${n * n}`);
  let variance = 0;
  for (let row = 0; row < n; row++) {
    let dot = 0;
    for (let column = 0; column < n; column++) dot += covariance[row * n + column]! * exposures[column]!;
    variance += exposures[row]! * dot;
  }
  return variance;
}

export function parametricVarFromCovariance(covariance: Float64Array, exposures: ArrayLike<number>, options: VarOptions): VarResult {
  const { confidence, horizonDays } = checkVarOptions(options);
  return normalVar(Math.sqrt(Math.max(0, portfolioVariance(covariance, exposures))), confidence, horizonDays);
}

/** Parametric VaR straight from returns, through `ewmaPortfolioSigma`. */
export function parametricVar(returns: ReadonlyArray<Float64Array>, exposures: ArrayLike<number>, options: VarOptions & { lambda?: number }): VarResult {
  const { confidence, horizonDays } = checkVarOptions(options);
  return normalVar(ewmaPortfolioSigma(returns, exposures, options.lambda ?? DEFAULT_EWMA_LAMBDA), confidence, horizonDays);
}

/**
 * sigma_p = sqrt(e^T Sigma e) of one day's portfolio P&L, with Sigma the EWMA covariance after the
 * last day. Because Sigma is a weighted sum of outer products, e^T Sigma e equals the same EWMA
 * over squared portfolio returns (e . r_t)^2: O(n T) instead of O(n^2 T), and identical to
 * building the matrix. Shared by parametric VaR and the breach forecast.
 */
export function ewmaPortfolioSigma(returns: ReadonlyArray<Float64Array>, exposures: ArrayLike<number>, lambda = DEFAULT_EWMA_LAMBDA): number {
  checkLambda(lambda);
  const days = checkReturns(returns, exposures);
  const portfolio = new Float64Array(days);
  for (let instrument = 0; instrument < returns.length; instrument++) {
    const exposure = exposures[instrument]!;
    const column = returns[instrument]!;
    for (let day = 0; day < days; day++) portfolio[day]! += exposure * column[day]!;
  }
  const seedDays = Math.min(SEED_DAYS, days);
  let variance = 0;
  for (let day = 0; day < seedDays; day++) variance += (portfolio[day]! * portfolio[day]!) / seedDays;
  for (let day = 0; day < days; day++) variance = lambda * variance + (1 - lambda) * portfolio[day]! * portfolio[day]!;
  return Math.sqrt(variance);
}

function normalVar(sigma: number, confidence: number, horizonDays: number): VarResult {
  const z = normalQuantile(confidence);
  const scaled = sigma * Math.sqrt(horizonDays);
  return { var: z * scaled, cvar: (scaled * normalPdf(z)) / (1 - confidence), confidence, horizonDays, method: 'parametric' };
}
