/**
 * Walk-forward analysis: optimise on an in-sample window, then run the winning parameters on the
 * out-of-sample window right after it; roll forward by the out-of-sample length and repeat. The
 * out-of-sample results, stitched together, are what the optimisation would have earned live.
 * Each out-of-sample run starts flat with fresh indicators (they warm up inside the window).
 * Over bars or over ticks: every window is a slice of the same series by time.
 */
import { availableParallelism } from 'node:os';
import { ErrorCode, NwsError } from '@nws/core';
import type { RawParams } from '@nws/strategy';
import type { BacktestSpecInput } from '../backtest-spec.js';
import { sliceSeries } from '../data/bar-series.js';
import { runBacktest } from '../run-backtest.js';
import type { BacktestStatistics } from '../statistics.js';
import { runSweep, sortSweepRows } from './run-sweep.js';
import type { SweepSeries } from './sweep-run.js';
import type { SweepMetric } from './run-sweep.js';
import { SweepWorkerPool, shareSeries } from './sweep-pool.js';

export interface WalkForwardWindow {
  /** In-sample [inSampleStartMs, outOfSampleStartMs), out-of-sample [outOfSampleStartMs, endMs); epoch ms. */
  inSampleStartMs: number;
  outOfSampleStartMs: number;
  endMs: number;
}

/** Rolling windows over [startMs, endMs): in-sample `inSampleMs`, out-of-sample `outOfSampleMs`, stepping by the latter. */
export function walkForwardWindows(startMs: number, endMs: number, inSampleMs: number, outOfSampleMs: number): WalkForwardWindow[] {
  if (!(inSampleMs > 0) || !(outOfSampleMs > 0)) {
    throw new NwsError(ErrorCode.InvalidArgument, `walk-forward windows need positive lengths, got in-sample ${inSampleMs} ms and out-of-sample ${outOfSampleMs} ms`);
  }
  const windows: WalkForwardWindow[] = [];
  for (let start = startMs; start + inSampleMs < endMs; start += outOfSampleMs) {
    const outOfSampleStartMs = start + inSampleMs;
    windows.push({ inSampleStartMs: start, outOfSampleStartMs, endMs: Math.min(outOfSampleStartMs + outOfSampleMs, endMs) });
  }
  return windows;
}

export interface WalkForwardRequest {
  spec: BacktestSpecInput;
  /** Bar series or tick series, never both (as a sweep). */
  series: SweepSeries;
  parameterSets: readonly RawParams[];
  inSampleMs: number;
  outOfSampleMs: number;
  /** What "best" means in-sample; default totalReturn (higher is better). */
  metric?: SweepMetric;
  direction?: 'descending' | 'ascending';
  threads?: number;
  /** A started pool for every window's sweep; without one, a pool is started once for all windows. */
  pool?: SweepWorkerPool;
  signal?: AbortSignal;
  onProgress?: (progress: { window: number; windows: number }) => void;
}

export interface WalkForwardStep {
  window: WalkForwardWindow;
  bestParams: RawParams;
  inSample: BacktestStatistics;
  outOfSample: BacktestStatistics;
}

export interface WalkForwardResult {
  steps: WalkForwardStep[];
  /** Product of (1 + out-of-sample total return) over the steps, minus 1. */
  compoundedOutOfSampleReturn: number;
}

function timeRange(series: SweepSeries): { startMs: number; endMs: number } {
  let startMs = Number.POSITIVE_INFINITY;
  let endMs = Number.NEGATIVE_INFINITY;
  for (const one of series) {
    if (one.ts.length === 0) continue;
    startMs = Math.min(startMs, one.ts[0]!);
    endMs = Math.max(endMs, one.ts[one.ts.length - 1]! + 1);
  }
  if (!Number.isFinite(startMs)) throw new NwsError(ErrorCode.InvalidArgument, 'walk-forward needs data; every series is empty');
  return { startMs, endMs };
}

export async function runWalkForward(request: WalkForwardRequest): Promise<WalkForwardResult> {
  const { startMs, endMs } = timeRange(request.series);
  const windows = walkForwardWindows(startMs, endMs, request.inSampleMs, request.outOfSampleMs);
  if (windows.length === 0) throw new NwsError(ErrorCode.InvalidArgument, 'the data is shorter than one in-sample window');
  const threads = Math.min(request.threads ?? request.pool?.threads ?? availableParallelism(), request.parameterSets.length);
  if (!(threads >= 1) || request.pool !== undefined) return walkForward(request, windows, request.pool);
  // One pool for every window: workers start and warm up once, not once per window.
  const pool = await SweepWorkerPool.start({ threads });
  try {
    return await walkForward(request, windows, pool);
  } finally {
    await pool.close();
  }
}

async function walkForward(request: WalkForwardRequest, windows: WalkForwardWindow[], pool: SweepWorkerPool | undefined): Promise<WalkForwardResult> {
  const metric = request.metric ?? 'totalReturn';
  // Shared once: every window's slice is a view of the same shared memory, never a copy.
  const given = request.series as ReadonlyArray<SweepSeries[number]>;
  const series = pool === undefined ? given : shareSeries(given);
  const steps: WalkForwardStep[] = [];
  for (const [index, window] of windows.entries()) {
    if (request.signal?.aborted) throw new NwsError(ErrorCode.Cancelled, `walk-forward cancelled after ${index} of ${windows.length} windows`);
    const slice = (fromMs: number, toMs: number) => series.map((one) => sliceSeries(one, fromMs, toMs)) as SweepSeries;
    const inSample = slice(window.inSampleStartMs, window.outOfSampleStartMs);
    const outOfSample = slice(window.outOfSampleStartMs, window.endMs);
    const sweep = await runSweep({
      spec: request.spec,
      series: inSample,
      parameterSets: request.parameterSets,
      ...(request.threads === undefined ? {} : { threads: request.threads }),
      ...(pool === undefined ? {} : { pool }),
      ...(request.signal === undefined ? {} : { signal: request.signal }),
    });
    const best = sortSweepRows(sweep.rows, metric, request.direction)[0]!;
    const tested = runBacktest({ ...request.spec, params: { ...(request.spec.params ?? {}), ...best.params }, detail: 'summary' }, outOfSample);
    steps.push({ window, bestParams: best.params, inSample: best.statistics, outOfSample: tested.statistics });
    request.onProgress?.({ window: index + 1, windows: windows.length });
  }
  const compounded = steps.reduce((growth, step) => growth * (1 + step.outOfSample.totalReturn), 1) - 1;
  return { steps, compoundedOutOfSampleReturn: compounded };
}
