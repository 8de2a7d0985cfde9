/** Messages between a sweep pool and its worker threads (structured-clone data only). */
import type { BacktestSpecInput } from '../backtest-spec.js';
import type { SweepSeries } from './sweep-run.js';
import type { BacktestStatistics } from '../statistics.js';
import type { RawParams } from '@nws/strategy';

/**
 * Int32 slots of a sweep's shared work queue. Workers claim the next parameter set with
 * `Atomics.add(queue, next, 1)`, so no cell waits for a round trip to the main thread.
 */
export const QueueSlot = {
  /** Index of the next unclaimed parameter set. */
  next: 0,
  /** Set to 1 to make workers stop claiming (cancel or a failed cell). */
  stop: 1,
  /** Slot `firstCurrent + worker` holds the set that worker is running, -1 when none. */
  firstCurrent: 2,
} as const;

/**
 * Sent once per worker per sweep: the bars (columns in SharedArrayBuffers, so every worker reads
 * the same memory), every parameter set, and the shared queue. The worker then runs cells until
 * the queue is empty or stopped.
 */
export interface SweepWorkerStart {
  kind: 'sweep';
  /** Sequence number of the sweep in its pool; replies carry it so a late reply is recognised. */
  sweep: number;
  /** This worker's position in the pool: its `current` slot in the queue. */
  worker: number;
  spec: BacktestSpecInput;
  series: SweepSeries;
  parameterSets: RawParams[];
  queue: SharedArrayBuffer;
}

export type SweepWorkerRequest = SweepWorkerStart;

export type SweepWorkerReply =
  /** Posted once when the worker's module has loaded: it is ready for sweeps. */
  | { kind: 'ready' }
  | { kind: 'done'; sweep: number; index: number; statistics: BacktestStatistics }
  | { kind: 'failed'; sweep: number; index: number; error: { code: string; message: string } };
