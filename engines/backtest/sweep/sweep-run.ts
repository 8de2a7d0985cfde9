/** One sweep cell: the base spec with `params` laid over it, run for statistics only. */
import type { RawParams } from '@nws/strategy';
import type { BacktestSpecInput } from '../backtest-spec.js';
import { ErrorCode, NwsError } from '@nws/core';
import { checkBarSeries } from '../data/bar-series.js';
import type { BarSeries } from '../data/bar-series.js';
import { checkTickSeries, isTickSeries } from '../data/tick-series.js';
import type { TickSeries } from '../data/tick-series.js';
import { runBacktest } from '../run-backtest.js';
import type { BacktestStatistics } from '../statistics.js';

/** Bar series or tick series, never both: what one sweep runs every cell over. */
export type SweepSeries = readonly BarSeries[] | readonly TickSeries[];

/** Checks a sweep's series once, before any cell runs: all bars or all ticks, each one sound. */
export function checkSweepSeries(series: SweepSeries): void {
  const ticks = (series as ReadonlyArray<BarSeries | TickSeries>).filter((one) => isTickSeries(one)).length;
  if (ticks > 0 && ticks < series.length) throw new NwsError(ErrorCode.InvalidArgument, 'a sweep runs on bars or on ticks, not both: give only bar series or only tick series');
  for (const one of series) {
    if (isTickSeries(one)) checkTickSeries(one);
    else checkBarSeries(one);
  }
}

/** `series` must have passed `checkSweepSeries` (the sweep checks them once, not once per cell). */
export function runSweepCell(spec: BacktestSpecInput, series: SweepSeries, params: RawParams): BacktestStatistics {
  const cell: BacktestSpecInput = { ...spec, params: { ...(spec.params ?? {}), ...params }, detail: 'summary' };
  return runBacktest(cell, series, { seriesChecked: true }).statistics;
}
