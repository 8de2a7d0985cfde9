/** One sweep cell: the base spec with `params` laid over it, run for statistics only. */
import type { RawParams } from '@nws/strategy';
import type { BacktestSpecInput } from '../backtest-spec.js';
import type { BarSeries } from '../data/bar-series.js';
import { runBacktest } from '../run-backtest.js';
import type { BacktestStatistics } from '../statistics.js';

/** `series` must have passed `checkBarSeries` (the sweep checks them once, not once per cell). */
export function runSweepCell(spec: BacktestSpecInput, series: readonly BarSeries[], params: RawParams): BacktestStatistics {
  const cell: BacktestSpecInput = { ...spec, params: { ...(spec.params ?? {}), ...params }, detail: 'summary' };
  return runBacktest(cell, series, { seriesChecked: true }).statistics;
}
