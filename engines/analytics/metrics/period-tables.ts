/**
 * Calendar tables of compounded returns, grouped by UTC month and year of each period's
 * timestamp (epoch ms). A NaN return is a flat period, as in empyrical's `aggregate_returns`.
 */
import { ErrorCode, NwsError } from '@nws/core';
import type { Numbers } from './stats.js';

export interface MonthlyReturn {
  year: number;
  /** 1 = January. */
  month: number;
  return: number;
}

export interface YearlyReturn {
  year: number;
  return: number;
}

function checkTimestamps(returns: Numbers, timestamps: Numbers): void {
  if (returns.length !== timestamps.length) {
    throw new NwsError(ErrorCode.InvalidArgument, `${returns.length} returns but ${timestamps.length} timestamps`);
  }
  for (let i = 1; i < timestamps.length; i++) {
    if (!(timestamps[i]! > timestamps[i - 1]!)) {
      throw new NwsError(ErrorCode.InvalidArgument, `timestamps must increase: index ${i} (${timestamps[i]}) is not after ${timestamps[i - 1]}`);
    }
  }
}

/** prod(1 + r) - 1 over each calendar month that has at least one period, in time order. */
export function monthlyReturns(returns: Numbers, timestamps: Numbers): MonthlyReturn[] {
  checkTimestamps(returns, timestamps);
  const rows: MonthlyReturn[] = [];
  let wealth = 1;
  let key = -1;
  for (let i = 0; i < returns.length; i++) {
    const date = new Date(timestamps[i]!);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    const periodKey = year * 12 + month;
    if (periodKey !== key) {
      if (key !== -1) rows[rows.length - 1]!.return = wealth - 1;
      rows.push({ year, month, return: 0 });
      wealth = 1;
      key = periodKey;
    }
    const value = returns[i]!;
    if (!Number.isNaN(value)) wealth *= 1 + value;
  }
  if (rows.length > 0) rows[rows.length - 1]!.return = wealth - 1;
  return rows;
}

/** prod(1 + r) - 1 over each calendar year, in time order. */
export function yearlyReturns(returns: Numbers, timestamps: Numbers): YearlyReturn[] {
  const years: YearlyReturn[] = [];
  for (const row of monthlyReturns(returns, timestamps)) {
    const last = years[years.length - 1];
    if (last !== undefined && last.year === row.year) last.return = (1 + last.return) * (1 + row.return) - 1;
    else years.push({ year: row.year, return: row.return });
  }
  return years;
}
