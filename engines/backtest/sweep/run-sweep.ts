/**
 * Parameter sweeps: many backtests of one strategy over the same bars, differing only in
 * parameters, spread over the worker threads of a SweepWorkerPool (sweep-pool.ts): the bars are
 * shared with every worker, and workers claim cells from a shared queue, so a slow cell never
 * holds up the rest.
 */
import { availableParallelism } from 'node:os';
import { ErrorCode, NwsError } from '@nws/core';
import type { RawParams } from '@nws/strategy';
import type { BacktestSpecInput } from '../backtest-spec.js';
import { defineBacktestSpec } from '../backtest-spec.js';
import type { BacktestStatistics } from '../statistics.js';
import { SweepWorkerPool, shareSeries } from './sweep-pool.js';
import { checkSweepSeries, runSweepCell } from './sweep-run.js';
import type { SweepSeries } from './sweep-run.js';
import type { BarSeries } from '../data/bar-series.js';
import type { TickSeries } from '../data/tick-series.js';

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
  /** Bar series, or tick series (quotes and/or trades), never both. */
  series: SweepSeries;
  parameterSets: readonly RawParams[];
  /**
   * Worker threads; 0 runs in this thread (no workers). Default: the pool's size, else the
   * available cores. With a pool, at most its size.
   */
  threads?: number;
  /**
   * A started pool to run on (kept open afterwards): worker start-up and JIT warm-up are then paid
   * once for many sweeps. Without one, a pool is started for this sweep and closed after it.
   */
  pool?: SweepWorkerPool;
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
  checkSweepSeries(request.series);
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
  const threads = Math.min(request.threads ?? request.pool?.threads ?? availableParallelism(), request.pool?.threads ?? total, total);
  if (request.signal?.aborted) throw cancelled(0, total);
  const rows = threads === 0 ? await sweepInThread(request) : await sweepInWorkers(request, threads);
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

/** On `pool` when given (it stays open), else on a pool started for this sweep and closed after it. */
async function sweepInWorkers(request: SweepRequest, threads: number): Promise<SweepRow[]> {
  const pool = request.pool ?? (await SweepWorkerPool.start({ threads }));
  try {
    const cells = await pool.run({
      spec: request.spec,
      series: shareSeries<BarSeries | TickSeries>(request.series) as SweepSeries,
      parameterSets: request.parameterSets,
      // checkRequest has checked them, before any pool started.
      seriesChecked: true,
      threads,
      ...(request.signal === undefined ? {} : { signal: request.signal }),
      ...(request.onProgress === undefined ? {} : { onProgress: request.onProgress }),
    });
    return cells.map((cell) => ({ index: cell.index, params: request.parameterSets[cell.index]!, statistics: cell.statistics }));
  } finally {
    if (request.pool === undefined) await pool.close();
  }
}
