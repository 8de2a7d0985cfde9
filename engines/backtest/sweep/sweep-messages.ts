/** Messages between a sweep and its worker threads (structured-clone data only). */
import type { BacktestSpecInput } from '../backtest-spec.js';
import type { BarSeries } from '../data/bar-series.js';
import type { BacktestStatistics } from '../statistics.js';
import type { RawParams } from '@nws/strategy';

/** Sent once per worker: the data every run of the sweep shares. */
export interface SweepWorkerInit {
  kind: 'init';
  spec: BacktestSpecInput;
  series: BarSeries[];
}

export interface SweepWorkerRun {
  kind: 'run';
  index: number;
  params: RawParams;
}

export type SweepWorkerRequest = SweepWorkerInit | SweepWorkerRun;

export type SweepWorkerReply =
  | { kind: 'done'; index: number; statistics: BacktestStatistics }
  | { kind: 'failed'; index: number; error: { code: string; message: string } };
