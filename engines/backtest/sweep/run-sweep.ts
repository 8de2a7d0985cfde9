/**
 * Parameter sweeps: many backtests of one strategy over the same bars, differing only in
 * parameters, spread over worker threads. Each worker receives the bars once and then runs
 * cells as they are handed out, so a slow cell never holds up the rest.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ErrorCode, NwsError, isErrorShape } from '@nws/core';
import type { RawParams } from '@nws/strategy';
import type { BacktestSpecInput } from '../backtest-spec.js';
import { defineBacktestSpec } from '../backtest-spec.js';
import type { BarSeries } from '../data/bar-series.js';
import { checkBarSeries } from '../data/bar-series.js';
import type { BacktestStatistics } from '../statistics.js';
import type { SweepWorkerReply, SweepWorkerRequest } from './sweep-messages.js';
import { runSweepCell } from './sweep-run.js';
import { sweepWorkerUrl } from './worker-bundle.js';

export interface SweepRow {
  /** Position in the parameter sets given, so rows can be matched back after sorting. */
  index: number;
  params: RawParams;
  statistics: BacktestStatistics;
}

export interface SweepProgress {
  done: number;
  total: number;
}

export interface SweepRequest {
  spec: BacktestSpecInput;
  series: readonly BarSeries[];
  parameterSets: readonly RawParams[];
  /** Worker threads; 0 runs in this thread (no workers). Default: available cores. */
  threads?: number;
  signal?: AbortSignal;
  onProgress?: (progress: SweepProgress) => void;
}

export interface SweepResult {
  /** In parameter-set order; sort with `sortSweepRows`. */
  rows: SweepRow[];
  threads: number;
  elapsedMs: number;
}

export type SweepMetric = keyof BacktestStatistics;

/** Rows sorted by `metric`, best first (descending; ascending for `maxDrawdown`-like metrics with `ascending`). Ties keep set order. */
export function sortSweepRows(rows: readonly SweepRow[], metric: SweepMetric, direction: 'descending' | 'ascending' = 'descending'): SweepRow[] {
  const sign = direction === 'descending' ? -1 : 1;
  return [...rows].sort((a, b) => sign * (a.statistics[metric] - b.statistics[metric]) || a.index - b.index);
}

function cancelled(done: number, total: number): NwsError {
  return new NwsError(ErrorCode.Cancelled, `sweep cancelled after ${done} of ${total} runs`);
}

function checkRequest(request: SweepRequest): void {
  defineBacktestSpec(request.spec);
  if (request.series.length === 0) throw new NwsError(ErrorCode.InvalidArgument, 'a sweep needs at least one bar series');
  for (const one of request.series) checkBarSeries(one);
  if (request.parameterSets.length === 0) throw new NwsError(ErrorCode.InvalidArgument, 'a sweep needs at least one parameter set');
  if (request.threads !== undefined && (!Number.isSafeInteger(request.threads) || request.threads < 0)) {
    throw new NwsError(ErrorCode.InvalidArgument, `threads ${request.threads} must be a non-negative integer`);
  }
}

/** Runs every parameter set; rejects with CANCELLED on abort or with the first failing run's error. */
export async function runSweep(request: SweepRequest): Promise<SweepResult> {
  checkRequest(request);
  const started = performance.now();
  const total = request.parameterSets.length;
  const threads = Math.min(request.threads ?? availableParallelism(), total);
  if (request.signal?.aborted) throw cancelled(0, total);
  const rows = threads === 0 ? await sweepInThread(request) : await sweepInWorkers(request, threads, await sweepWorkerUrl());
  return { rows, threads, elapsedMs: performance.now() - started };
}

async function sweepInThread(request: SweepRequest): Promise<SweepRow[]> {
  const rows: SweepRow[] = [];
  const total = request.parameterSets.length;
  for (const [index, params] of request.parameterSets.entries()) {
    if (request.signal?.aborted) throw cancelled(index, total);
    rows.push({ index, params, statistics: runSweepCell(request.spec, request.series, params) });
    request.onProgress?.({ done: index + 1, total });
    // Yield so an abort from a timer or another task can land between runs.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return rows;
}

const COLUMNS = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;

/** A copy of `column` in shared memory; already shared columns are kept as they are. */
function sharedColumn(column: Float64Array): Float64Array {
  if (column.buffer instanceof SharedArrayBuffer) return column;
  const shared = new Float64Array(new SharedArrayBuffer(column.byteLength));
  shared.set(column);
  return shared;
}

/**
 * The series with their columns in SharedArrayBuffers: posting them to a worker then shares the
 * memory instead of copying the bars into every worker (10M bars are 480 MB per copy).
 */
function sharedSeries(series: readonly BarSeries[]): BarSeries[] {
  return series.map((one) => {
    const copy: BarSeries = { ...one };
    for (const column of COLUMNS) copy[column] = sharedColumn(one[column]);
    return copy;
  });
}

function sweepInWorkers(request: SweepRequest, threads: number, workerUrl: URL): Promise<SweepRow[]> {
  const total = request.parameterSets.length;
  const series = sharedSeries(request.series);
  const results: Array<SweepRow | undefined> = new Array(total);
  const workers: Worker[] = [];
  let nextIndex = 0;
  let done = 0;
  let settled = false;

  return new Promise<SweepRow[]>((resolve, reject) => {
    const finish = (error?: NwsError): void => {
      if (settled) return;
      settled = true;
      request.signal?.removeEventListener('abort', onAbort);
      for (const worker of workers) void worker.terminate();
      if (error !== undefined) reject(error);
      else resolve(results as SweepRow[]);
    };
    const onAbort = (): void => finish(cancelled(done, total));
    request.signal?.addEventListener('abort', onAbort, { once: true });

    const handOut = (worker: Worker): void => {
      if (nextIndex >= total) return;
      const index = nextIndex++;
      worker.postMessage({ kind: 'run', index, params: request.parameterSets[index]! } satisfies SweepWorkerRequest);
    };

    for (let thread = 0; thread < threads; thread++) {
      const worker = new Worker(workerUrl);
      workers.push(worker);
      worker.on('message', (reply: SweepWorkerReply) => {
        if (settled) return;
        if (reply.kind === 'failed') {
          const code = isErrorShape(reply.error) ? reply.error.code : ErrorCode.WorkerFailed;
          finish(new NwsError(code, `sweep run ${reply.index} (${JSON.stringify(request.parameterSets[reply.index])}) failed: ${reply.error.message}`));
          return;
        }
        results[reply.index] = { index: reply.index, params: request.parameterSets[reply.index]!, statistics: reply.statistics };
        done += 1;
        request.onProgress?.({ done, total });
        if (done === total) finish();
        else handOut(worker);
      });
      worker.on('error', (error) => finish(new NwsError(ErrorCode.WorkerFailed, `sweep worker failed: ${error.message}`)));
      worker.on('exit', (code) => {
        if (!settled) finish(new NwsError(ErrorCode.WorkerFailed, `sweep worker exited with code ${code} before the sweep finished`));
      });
      worker.postMessage({ kind: 'init', spec: request.spec, series } satisfies SweepWorkerRequest);
      handOut(worker);
    }
  });
}
