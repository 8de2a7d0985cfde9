// Kupiec's proportion-of-failures test (1995): does the VaR model's exception rate x / T match
// the expected 1 - c? Under the null, LR = -2 ln[(1-p)^(T-x) p^x] + 2 ln[(1-x/T)^(T-x) (x/T)^x]
// is chi-square with one degree of freedom.
import { ErrorCode, NwsError } from '@nws/core';
import { chiSquare1Survival } from './normal.js';

export interface KupiecResult {
  observations: number;
  exceptions: number;
  expectedExceptions: number;
  /** Likelihood-ratio statistic. */
  lr: number;
  pValue: number;
  /** True when the model is rejected at `significance`. */
  reject: boolean;
}

/** x ln(y) with the 0 ln 0 = 0 convention the likelihoods need at x = 0 or x = T. */
function xLogY(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(y);
}

export function kupiecPof(observations: number, exceptions: number, confidence: number, significance = 0.05): KupiecResult {
  if (!Number.isInteger(observations) || observations < 1) throw new NwsError(ErrorCode.InvalidArgument, `observations must be a positive integer, got ${observations}`);
  if (!Number.isInteger(exceptions) || exceptions < 0 || exceptions > observations) {
    throw new NwsError(ErrorCode.InvalidArgument, `exceptions must be an integer from 0 to ${observations}, got ${exceptions}`);
  }
  if (!(confidence > 0 && confidence < 1)) throw new NwsError(ErrorCode.InvalidArgument, `confidence must be between 0 and 1, got ${confidence}`);
  const p = 1 - confidence;
  const failures = exceptions;
  const rate = failures / observations;
  const nullLog = xLogY(observations - failures, 1 - p) + xLogY(failures, p);
  const altLog = xLogY(observations - failures, 1 - rate) + xLogY(failures, rate);
  const lr = Math.max(0, -2 * (nullLog - altLog));
  const pValue = chiSquare1Survival(lr);
  return { observations, exceptions, expectedExceptions: observations * p, lr, pValue, reject: pValue < significance };
}

/** Counts the days whose loss (-pnl) exceeded that day's VaR forecast, then runs the test. */
export function backtestVar(pnl: ArrayLike<number>, varForecasts: ArrayLike<number>, confidence: number, significance = 0.05): KupiecResult {
  if (pnl.length !== varForecasts.length) throw new NwsError(ErrorCode.InvalidArgument, `pnl has ${pnl.length} days but varForecasts has ${varForecasts.length}`);
  let exceptions = 0;
  for (let day = 0; day < pnl.length; day++) if (-pnl[day]! > varForecasts[day]!) exceptions++;
  return kupiecPof(pnl.length, exceptions, confidence, significance);
}
