// Worker-pool tasks of the BacktestService: one backtest, or a chunk of sweep cells, run in a
// worker thread and returned already in the stored shape (backtest-mapping.ts), so only plain
// rows and typed arrays travel back. The pool has no message channel for progress; each task
// gets a SharedArrayBuffer instead and writes its progress counter there for the Host to poll.
import { runBacktest } from '@nws/backtest';
import type { BacktestSpecInput, BarSeries, TickSeries } from '@nws/backtest';
import type { RawParams } from '@nws/strategy';
import { stepOf, storedResultOf, type StoredResult } from './backtest-mapping.js';

/** Slots of the shared progress counter (Int32). */
export const ProgressSlot = { done: 0, total: 1 } as const;

export interface BacktestTaskPayload {
  spec: BacktestSpecInput;
  /** Bar series, or tick series (never both). */
  series: BarSeries[] | TickSeries[];
  /** Int32Array over it: [done, total] (bars for a run, runs for a sweep chunk). */
  progress: SharedArrayBuffer;
}

export interface SweepChunkPayload extends BacktestTaskPayload {
  /** The cells of this chunk: their index in the sweep and their parameters. */
  cells: Array<{ index: number; params: RawParams }>;
}

/** A cell's stored result, or why it failed (one bad cell does not end the sweep). */
export type SweepCellResult = { index: number; result: StoredResult } | { index: number; error: string };

function progressEveryFor(series: ReadonlyArray<BarSeries | TickSeries>): number {
  const bars = series.reduce((sum, one) => sum + one.ts.length, 0);
  // About 200 updates per run, but not so often that the check itself costs time.
  return Math.max(256, Math.ceil(bars / 200));
}

/** One full backtest. */
export function runBacktestTask(payload: BacktestTaskPayload): StoredResult {
  const progress = new Int32Array(payload.progress);
  const result = runBacktest(payload.spec, payload.series, {
    progressEvery: progressEveryFor(payload.series),
    onProgress: ({ bars, total }) => {
      Atomics.store(progress, ProgressSlot.total, total);
      Atomics.store(progress, ProgressSlot.done, bars);
    },
  });
  return storedResultOf(result, stepOf(payload.series));
}


/** Several sweep cells over the same bars (sent once per chunk); progress counts finished cells. */
export function runSweepChunkTask(payload: SweepChunkPayload): SweepCellResult[] {
  const progress = new Int32Array(payload.progress);
  const barSpec = stepOf(payload.series);
  return payload.cells.map((cell): SweepCellResult => {
    try {
      return { index: cell.index, result: storedResultOf(runBacktest({ ...payload.spec, params: cell.params }, payload.series), barSpec) };
    } catch (error) {
      return { index: cell.index, error: error instanceof Error ? error.message : String(error) };
    } finally {
      Atomics.add(progress, ProgressSlot.done, 1);
    }
  });
}
