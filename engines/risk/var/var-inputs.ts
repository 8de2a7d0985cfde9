// Checks shared by the VaR functions: bad input gets an error naming the problem.
import { ErrorCode, NwsError } from '@nws/core';

export interface VarOptions {
  /** e.g. 0.99 */
  confidence: number;
  /** Holding period in days; one-day figures are scaled by sqrt(horizonDays). Default 1. */
  horizonDays?: number;
}

export interface VarResult {
  /** Loss not exceeded with probability `confidence`, as a positive amount of money. */
  var: number;
  /** Expected loss when the loss is beyond VaR (expected shortfall), positive. */
  cvar: number;
  confidence: number;
  horizonDays: number;
  method: 'historical' | 'parametric' | 'monte-carlo';
}

export function checkVarOptions(options: VarOptions): { confidence: number; horizonDays: number } {
  const { confidence } = options;
  const horizonDays = options.horizonDays ?? 1;
  if (!(confidence > 0.5 && confidence < 1)) throw new NwsError(ErrorCode.InvalidArgument, `confidence must be between 0.5 and 1 (e.g. 0.99), got ${confidence}`);
  if (!(horizonDays > 0) || !Number.isFinite(horizonDays)) throw new NwsError(ErrorCode.InvalidArgument, `horizonDays must be a positive number, got ${horizonDays}`);
  return { confidence, horizonDays };
}

/** Checks that there is one return column per exposure, all of the same length; returns that length. */
export function checkReturns(returns: ReadonlyArray<Float64Array>, exposures: ArrayLike<number>): number {
  if (returns.length === 0) throw new NwsError(ErrorCode.InvalidArgument, 'returns: need at least one instrument');
  if (returns.length !== exposures.length) {
    throw new NwsError(ErrorCode.InvalidArgument, `returns has ${returns.length} instruments but exposures has ${exposures.length}`);
  }
  const days = returns[0]!.length;
  if (days < 2) throw new NwsError(ErrorCode.InvalidArgument, `returns: need at least 2 days, got ${days}`);
  returns.forEach((column, index) => {
    if (column.length !== days) throw new NwsError(ErrorCode.InvalidArgument, `returns[${index}] has ${column.length} days, returns[0] has ${days}`);
  });
  for (let index = 0; index < exposures.length; index++) {
    if (!Number.isFinite(exposures[index]!)) throw new NwsError(ErrorCode.InvalidArgument, `exposures[${index}] is not a finite number`);
  }
  return days;
}

/**
 * VaR and CVaR from a sample of P&L (sorted in place, ascending). With k = ceil(n x (1 - c)) tail
 * observations, VaR is minus the k-th worst P&L and CVaR minus the mean of the k worst.
 */
export function tailOfPnl(pnl: Float64Array, confidence: number): { var: number; cvar: number } {
  pnl.sort();
  const tail = Math.max(1, Math.ceil(pnl.length * (1 - confidence) - 1e-9));
  let sum = 0;
  for (let index = 0; index < tail; index++) sum += pnl[index]!;
  return { var: -pnl[tail - 1]!, cvar: -sum / tail };
}
