/**
 * Return and volatility from a series of simple per-period returns (0.01 = +1%).
 * A NaN return counts as a flat period when compounding (empyrical `cum_returns`), and is left
 * out of means and deviations (empyrical `nanmean`/`nanstd`).
 */
import { ErrorCode, NwsError } from '@nws/core';
import { nanStd, type Numbers } from './stats.js';

/** Trading days in a year: the default annualisation of daily returns. */
export const DAILY_PERIODS_PER_YEAR = 252;

/** Compounded growth after each period, starting from `startingValue` (0 gives returns, 100 gives an index). */
export function cumulativeReturns(returns: Numbers, startingValue = 0): Float64Array {
  const out = new Float64Array(returns.length);
  let wealth = 1;
  for (let i = 0; i < returns.length; i++) {
    const value = returns[i]!;
    if (!Number.isNaN(value)) wealth *= 1 + value;
    out[i] = startingValue === 0 ? wealth - 1 : wealth * startingValue;
  }
  return out;
}

/** prod(1 + r) - 1; NaN for an empty series. */
export function totalReturn(returns: Numbers): number {
  if (returns.length === 0) return NaN;
  let wealth = 1;
  for (let i = 0; i < returns.length; i++) {
    const value = returns[i]!;
    if (!Number.isNaN(value)) wealth *= 1 + value;
  }
  return wealth - 1;
}

/**
 * Compound annual growth rate: (1 + total)^(periodsPerYear / n) - 1, where n counts every
 * period including NaN ones (as empyrical's `annual_return` does).
 */
export function annualReturn(returns: Numbers, periodsPerYear = DAILY_PERIODS_PER_YEAR): number {
  checkPeriodsPerYear(periodsPerYear);
  if (returns.length < 1) return NaN;
  const years = returns.length / periodsPerYear;
  return Math.pow(1 + totalReturn(returns), 1 / years) - 1;
}

/** Sample standard deviation (ddof = 1) of the returns times √periodsPerYear. */
export function annualVolatility(returns: Numbers, periodsPerYear = DAILY_PERIODS_PER_YEAR): number {
  checkPeriodsPerYear(periodsPerYear);
  if (returns.length < 2) return NaN;
  return nanStd(returns, 1) * Math.sqrt(periodsPerYear);
}

/** Simple returns of an equity (or price) curve: e[i] / e[i-1] - 1, one fewer value than the curve. */
export function returnsFromEquity(equity: Numbers): Float64Array {
  if (equity.length < 2) return new Float64Array(0);
  const out = new Float64Array(equity.length - 1);
  for (let i = 1; i < equity.length; i++) {
    const previous = equity[i - 1]!;
    if (!(previous > 0) && !(previous < 0)) {
      throw new NwsError(ErrorCode.InvalidArgument, `equity value at index ${i - 1} is ${previous}: returns need a non-zero, non-NaN previous value`);
    }
    out[i - 1] = equity[i]! / previous - 1;
  }
  return out;
}

export function checkPeriodsPerYear(periodsPerYear: number): void {
  if (!Number.isFinite(periodsPerYear) || periodsPerYear <= 0) {
    throw new NwsError(ErrorCode.InvalidArgument, `periodsPerYear must be a positive number, got ${periodsPerYear}`);
  }
}

const MS_PER_DAY = 86_400_000;

/**
 * The last value of each UTC day of a curve sampled at any times (a tick run's equity: one point
 * per tick time), with that sample's time: what daily returns and a tear sheet can annualise.
 * `ts` is epoch ms, ascending.
 */
export function endOfDayValues(ts: Numbers, values: Numbers): { ts: Float64Array; values: Float64Array } {
  if (ts.length !== values.length) throw new NwsError(ErrorCode.InvalidArgument, `ts has ${ts.length} values, values ${values.length}`);
  const dayTs: number[] = [];
  const dayValues: number[] = [];
  for (let index = 0; index < ts.length; index++) {
    const day = Math.floor(ts[index]! / MS_PER_DAY);
    const next = ts[index + 1];
    // The last sample of its day: the series ends here or the next sample is a later day.
    if (next === undefined || Math.floor(next / MS_PER_DAY) !== day) {
      dayTs.push(ts[index]!);
      dayValues.push(values[index]!);
    }
  }
  return { ts: Float64Array.from(dayTs), values: Float64Array.from(dayValues) };
}

/**
 * Daily returns of a curve sampled at any times: each UTC day's last value against the day
 * before's (the first day against the curve's first value), timed at each day's last sample.
 */
export function dailyReturns(ts: Numbers, values: Numbers): { returns: Float64Array; timestamps: Float64Array } {
  const days = endOfDayValues(ts, values);
  if (days.values.length === 0) return { returns: new Float64Array(0), timestamps: new Float64Array(0) };
  const closes = new Float64Array(days.values.length + 1);
  closes[0] = values[0]!;
  closes.set(days.values, 1);
  return { returns: returnsFromEquity(closes), timestamps: days.ts };
}
