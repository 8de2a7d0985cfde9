/**
 * A long-lived set of sweep worker threads. Starting a worker (loading the engine bundle) and
 * warming its JIT cost about as much as several sweep cells, so a caller that sweeps more than
 * once (the Host, walk-forward, a benchmark) starts the pool once and runs every sweep on it.
 *
 * Per sweep, each worker gets one message: the bars (SharedArrayBuffer columns, read in place by
 * every worker), the parameter sets and a shared work queue. Workers claim sets one at a time with
 * an atomic counter, so work balances itself (the tail is at most one cell) and a busy main thread
 * never holds a worker up; each finished cell posts its statistics back.
 */
import { Worker } from 'node:worker_threads';
import type { ResourceLimits } from 'node:worker_threads';
import { ErrorCode, NwsError, isErrorShape } from '@nws/core';
import type { RawParams } from '@nws/strategy';
import type { BacktestSpecInput } from '../backtest-spec.js';
import type { BarSeries } from '../data/bar-series.js';
import { checkSweepSeries } from './sweep-run.js';
import type { SweepSeries } from './sweep-run.js';
import type { TickSeries } from '../data/tick-series.js';
import type { BacktestStatistics } from '../statistics.js';
import { QueueSlot } from './sweep-messages.js';
import type { SweepWorkerReply, SweepWorkerStart } from './sweep-messages.js';
import { sweepWorkerUrl } from './worker-bundle.js';

/**
 * Young generation of each sweep worker. A run allocates short-lived orders and events at a high
 * rate; with Node's default (16 MiB semi-spaces' worth) the scavenges and their helper threads of
 * two workers compete for the same two cores. Measured on 64 sma-cross sets × 150k bars, 4 pairs
 * of runs: 2-thread speed-up 1.74–1.95× (mean 1.80) with the default, 1.85–2.15× (mean 1.99) with 48.
 */
export const SWEEP_YOUNG_GENERATION_MB = 48;

export interface SweepPoolOptions {
  threads: number;
  /**
   * V8 heap limits for each worker (e.g. to cap a sweep's memory), over the pool's defaults:
   * a 48 MiB young generation (SWEEP_YOUNG_GENERATION_MB), Node's defaults for the rest.
   */
  resourceLimits?: ResourceLimits;
  /**
   * Run a few short backtests in each worker as it starts (warm-up.ts), so the first sweep runs on
   * compiled code instead of warming V8 up in every worker. Default true.
   */
  warmUp?: boolean;
}

/** One sweep as the pool runs it: bars (or ticks) already shared (see `shareSeries`). */
export interface PoolSweep {
  spec: BacktestSpecInput;
  series: SweepSeries;
  parameterSets: readonly RawParams[];
  /**
   * The caller has passed these series through `checkSweepSeries` (as `runSweep` does before it
   * starts a pool): the pool skips its own pass over every row. Otherwise the pool checks them.
   */
  seriesChecked?: boolean;
  /** Workers to use, at most the pool's size. */
  threads: number;
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number }) => void;
}

export interface PoolSweepCell {
  index: number;
  statistics: BacktestStatistics;
}

interface Slot {
  worker: Worker;
  /** Resolves once the worker's module has loaded. */
  ready: Promise<void>;
  /** The last uncaught error of the thread, for the crash report. */
  lastError?: Error;
}

/** What the pool's message and exit listeners deliver to the sweep in progress. */
interface ActiveSweep {
  sweep: number;
  workers: number;
  onReply(reply: SweepWorkerReply): void;
  onCrash(slot: number, reason: string): void;
  /** Ends the sweep with `error` (the pool is closing). */
  fail(error: NwsError): void;
}

function cancelled(done: number, total: number): NwsError {
  return new NwsError(ErrorCode.Cancelled, `sweep cancelled after ${done} of ${total} runs`);
}

export class SweepWorkerPool {
  readonly threads: number;
  private readonly slots: Array<Slot | undefined>;
  private sweeps = 0;
  /** Sweeps run one after another; each waits for the one before it. */
  private tail: Promise<unknown> = Promise.resolve();
  private active: ActiveSweep | undefined;
  private closed = false;

  /** Starts `threads` workers and resolves once every one has loaded and warmed up (ready to sweep). */
  static async start(options: SweepPoolOptions): Promise<SweepWorkerPool> {
    const pool = new SweepWorkerPool(options, await sweepWorkerUrl());
    try {
      await Promise.all(pool.slots.map((_, index) => pool.slot(index).ready));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  private constructor(
    private readonly options: SweepPoolOptions,
    private readonly workerUrl: URL,
  ) {
    if (!Number.isSafeInteger(options.threads) || options.threads < 1) {
      throw new NwsError(ErrorCode.InvalidArgument, `a sweep pool needs threads >= 1, got ${options.threads}`);
    }
    this.threads = options.threads;
    this.slots = new Array<Slot | undefined>(options.threads).fill(undefined);
  }

  /** Runs one sweep on the first `threads` workers; cells in parameter-set order. */
  run(job: PoolSweep): Promise<PoolSweepCell[]> {
    const result = this.tail.then(() => this.execute(job));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Ends every worker; a sweep still running rejects with CANCELLED, later runs are refused. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    this.active?.fail(new NwsError(ErrorCode.Cancelled, 'sweep cancelled: its pool was closed'));
    const ending = this.slots.map((slot, index) => (slot === undefined ? undefined : this.retire(index)));
    await Promise.all(ending);
  }

  /** The worker in `index`, started if it is not running (first use, or after a crash or cancel). */
  private slot(index: number): Slot {
    const existing = this.slots[index];
    if (existing !== undefined) return existing;
    const worker = new Worker(this.workerUrl, {
      workerData: { warmUp: this.options.warmUp ?? true },
      resourceLimits: { maxYoungGenerationSizeMb: SWEEP_YOUNG_GENERATION_MB, ...this.options.resourceLimits },
    });
    let markReady!: () => void;
    let failStart!: (error: NwsError) => void;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failStart = reject;
    });
    ready.catch(() => undefined); // observed by whoever awaits it; never an unhandled rejection
    const slot: Slot = { worker, ready };
    worker.on('message', (reply: SweepWorkerReply) => {
      if (reply.kind === 'ready') markReady();
      else if (this.active !== undefined && reply.sweep === this.active.sweep) this.active.onReply(reply);
    });
    worker.on('error', (error) => {
      slot.lastError = error;
    });
    worker.on('exit', (code) => {
      if (this.slots[index] !== slot) return; // retired on purpose
      this.slots[index] = undefined; // replaced on next use
      const reason = slot.lastError === undefined ? `exited with code ${code}` : `crashed: ${slot.lastError.message}`;
      failStart(new NwsError(ErrorCode.WorkerFailed, `sweep worker ${index} ${reason} while starting`));
      if (this.active !== undefined && index < this.active.workers) this.active.onCrash(index, reason);
    });
    this.slots[index] = slot;
    return slot;
  }

  /** Ends the worker in `index` on purpose; the slot starts a fresh one on next use. */
  private async retire(index: number): Promise<void> {
    const slot = this.slots[index];
    if (slot === undefined) return;
    this.slots[index] = undefined;
    await slot.worker.terminate();
  }

  private async execute(job: PoolSweep): Promise<PoolSweepCell[]> {
    const total = job.parameterSets.length;
    if (this.closed) throw new NwsError(ErrorCode.Conflict, 'the sweep pool is closed');
    const workers = Math.max(1, Math.min(job.threads, this.threads, total));
    // Checked once per sweep (here or by the caller): the workers' runs trust the bars (runSweepCell).
    if (job.seriesChecked !== true) checkSweepSeries(job.series);
    if (job.signal?.aborted) throw cancelled(0, total);
    await Promise.all(Array.from({ length: workers }, (_, index) => this.slot(index).ready));
    if (job.signal?.aborted) throw cancelled(0, total);

    const sweep = ++this.sweeps;
    const queue = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * (QueueSlot.firstCurrent + workers)));
    queue.fill(-1, QueueSlot.firstCurrent);
    const cells: Array<PoolSweepCell | undefined> = new Array(total);
    let done = 0;

    return new Promise<PoolSweepCell[]>((resolve, reject) => {
      const finish = (error?: NwsError): void => {
        if (this.active?.sweep !== sweep) return;
        this.active = undefined;
        Atomics.store(queue, QueueSlot.stop, 1);
        job.signal?.removeEventListener('abort', onAbort);
        if (error === undefined) resolve(cells as PoolSweepCell[]);
        else reject(error);
      };
      const onAbort = (): void => {
        // A cell does not stop to ask: end the workers still running one so the CPU is free at once.
        for (let index = 0; index < workers; index++) {
          if (Atomics.load(queue, QueueSlot.firstCurrent + index) !== -1) void this.retire(index);
        }
        finish(cancelled(done, total));
      };
      const describe = (index: number): string => `sweep run ${index} (${JSON.stringify(job.parameterSets[index])})`;
      this.active = {
        sweep,
        workers,
        onReply: (reply) => {
          if (reply.kind === 'failed') {
            const code = isErrorShape(reply.error) ? reply.error.code : ErrorCode.WorkerFailed;
            finish(new NwsError(code, `${describe(reply.index)} failed: ${reply.error.message}`));
          } else if (reply.kind === 'done') {
            cells[reply.index] = { index: reply.index, statistics: reply.statistics };
            done += 1;
            job.onProgress?.({ done, total });
            if (done === total) finish();
          }
        },
        onCrash: (slot, reason) => {
          const running = Atomics.load(queue, QueueSlot.firstCurrent + slot);
          const during = running === -1 ? '' : ` during ${describe(running)}`;
          finish(new NwsError(ErrorCode.WorkerFailed, `sweep worker ${slot} ${reason}${during}; ${done} of ${total} runs had finished`));
        },
        fail: finish,
      };
      job.signal?.addEventListener('abort', onAbort, { once: true });
      for (let index = 0; index < workers; index++) {
        const start: SweepWorkerStart = { kind: 'sweep', sweep, worker: index, spec: job.spec, series: job.series, parameterSets: [...job.parameterSets], queue: queue.buffer as SharedArrayBuffer };
        // A worker that died since it was ready is replaced here; its start waits in the port.
        this.slot(index).worker.postMessage(start);
      }
    });
  }
}

/** A copy of `column` in shared memory; a column already in shared memory is kept as it is. */
function sharedColumn(column: Float64Array): Float64Array {
  if (column.buffer instanceof SharedArrayBuffer) return column;
  const shared = new Float64Array(new SharedArrayBuffer(column.byteLength));
  shared.set(column);
  return shared;
}

/**
 * The series (bars, or ticks) with their columns in SharedArrayBuffers: posting them to a worker
 * then shares the memory instead of copying the data into every worker (10M bars are 480 MB per
 * copy). Slices (`sliceSeries`) of a shared series stay shared, so share once and slice freely.
 */
export function shareSeries<Series extends BarSeries | TickSeries>(series: readonly Series[]): Series[] {
  return series.map((one) => {
    const copy: Record<string, unknown> = { ...one };
    for (const [name, value] of Object.entries(one)) if (value instanceof Float64Array) copy[name] = sharedColumn(value);
    return copy as Series;
  });
}
