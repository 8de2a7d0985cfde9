/**
 * Batch side of the features engine: reads a bar series from the time-series store, computes an
 * indicator set over it (in a worker when the Host injects `runTask`, else on this thread) and
 * stores every output in DuckDB in one transaction.
 */
import { ErrorCode, NwsError, describeIssues } from '@nws/core';
import type { BarColumns, ReadBarsRequest, TimeSeriesStore } from '@nws/storage';
import { z } from 'zod';
import { computeIndicatorSet, resolveIndicatorSet, type IndicatorSetRequest, type IndicatorSetResult, type IndicatorSpec } from './indicator-set.js';

/** What the service needs from storage (the real TimeSeriesStore fits). */
export interface FeatureStores {
  readonly timeSeries: Pick<TimeSeriesStore, 'readBars' | 'writeIndicatorValues'>;
}

/** Runs an indicator set elsewhere, e.g. `(request) => workers.run(computeSetTask, request)`. */
export type RunIndicatorSetTask = (request: IndicatorSetRequest) => Promise<IndicatorSetResult>;

export interface FeatureServiceDeps {
  stores: FeatureStores;
  runTask?: RunIndicatorSetTask;
}

export interface ComputeAndStoreRequest {
  instrumentId: string;
  /** Bar spec of the series, e.g. `1m`, `1d`. */
  barType: string;
  indicators: readonly IndicatorSpec[];
  /** Inclusive start, epoch ms (bar open time). Indicators warm up again from here. */
  from?: number;
  /** Exclusive end, epoch ms. */
  to?: number;
}

export type FeaturePhase = 'reading' | 'computing' | 'writing' | 'done';

/** Reported as each phase starts, and once at the end: `done` of `total` phases finished. */
export interface FeatureProgress {
  phase: FeaturePhase;
  done: number;
  total: number;
  /** Bars read so far (0 until reading is done). */
  bars: number;
}

export interface ComputeAndStoreResult {
  instrumentId: string;
  barType: string;
  /** Bars the set was computed over. */
  bars: number;
  /** Keys written, in request order. */
  keys: string[];
  /** Values written (bars × outputs summed over the set). */
  rows: number;
  /** Stored values replaced because the range was computed before. */
  replaced: number;
}

const indicatorSpecSchema = z.strictObject({
  name: z.string().min(1),
  params: z.record(z.string(), z.unknown()).optional(),
  key: z.string().optional(),
  source: z.enum(['open', 'high', 'low', 'close', 'volume']).optional(),
});

const requestSchema = z
  .strictObject({
    instrumentId: z.string().min(1),
    barType: z.string().min(1),
    indicators: z.array(indicatorSpecSchema).min(1),
    from: z.number().int().optional(),
    to: z.number().int().optional(),
  })
  .refine((request) => request.from === undefined || request.to === undefined || request.from <= request.to, { message: 'from must not be after to', path: ['from'] });

const PHASES = 3;

/**
 * Computes `request.indicators` over the stored bars of one series and stores the values. Bad
 * input is refused (INVALID_ARGUMENT, naming every problem) before anything is read or written.
 */
export async function computeAndStore(
  request: ComputeAndStoreRequest,
  deps: FeatureServiceDeps,
  onProgress: (progress: FeatureProgress) => void = () => undefined,
): Promise<ComputeAndStoreResult> {
  const parsed = requestSchema.safeParse(request);
  if (!parsed.success) throw new NwsError(ErrorCode.InvalidArgument, `computeAndStore: ${describeIssues(parsed.error.issues)}`);
  const { instrumentId, barType, from, to } = parsed.data;
  const specs = resolveIndicatorSet(parsed.data.indicators);

  onProgress({ phase: 'reading', done: 0, total: PHASES, bars: 0 });
  const bars = await deps.stores.timeSeries.readBars(barsRequest(instrumentId, barType, from, to));
  const count = bars.tsUs.length;

  onProgress({ phase: 'computing', done: 1, total: PHASES, bars: count });
  // Resolved specs (explicit keys and parameters) go to the worker, so it computes exactly these.
  const setRequest: IndicatorSetRequest = { columns: barInputs(bars), indicators: specs.map(({ name, params, key, source }) => ({ name, params, key, source })) };
  const computed = deps.runTask === undefined ? computeIndicatorSet(setRequest) : await deps.runTask(setRequest);
  checkComputed(computed, specs.map((spec) => spec.key), count);

  onProgress({ phase: 'writing', done: 2, total: PHASES, bars: count });
  const sets = computed.values.map((value) => ({ key: value.key, indicator: value.name, params: value.params, outputs: value.outputs }));
  const written = count === 0 ? { rows: 0, replaced: 0 } : await deps.stores.timeSeries.writeIndicatorValues({ instrumentId, barType }, bars.tsUs, sets);

  onProgress({ phase: 'done', done: PHASES, total: PHASES, bars: count });
  return { instrumentId, barType, bars: count, keys: specs.map((spec) => spec.key), rows: written.rows, replaced: written.replaced };
}

/** The same as `computeAndStore` with its dependencies bound once (how the Host holds it). */
export class FeatureService {
  constructor(private readonly deps: FeatureServiceDeps) {}

  computeAndStore(request: ComputeAndStoreRequest, onProgress?: (progress: FeatureProgress) => void): Promise<ComputeAndStoreResult> {
    return computeAndStore(request, this.deps, onProgress);
  }
}

function barsRequest(instrumentId: string, barType: string, from: number | undefined, to: number | undefined): ReadBarsRequest {
  const request: ReadBarsRequest = { instrumentId, barType };
  if (from !== undefined) request.fromUs = BigInt(from) * 1000n;
  if (to !== undefined) request.toUs = BigInt(to) * 1000n;
  return request;
}

/** The columns indicators read; open interest is not an indicator input. */
function barInputs(bars: BarColumns): IndicatorSetRequest['columns'] {
  return { open: bars.open, high: bars.high, low: bars.low, close: bars.close, volume: bars.volume, tsUs: bars.tsUs };
}

/** A worker's answer is checked like any boundary: the keys asked for, one value per bar. */
function checkComputed(result: IndicatorSetResult, keys: readonly string[], bars: number): void {
  const got = result?.values?.map((value) => value.key) ?? [];
  if (got.join('\n') !== keys.join('\n')) {
    throw new NwsError(ErrorCode.WorkerFailed, `indicator set task returned keys [${got.join(', ')}], expected [${keys.join(', ')}]`);
  }
  for (const value of result.values) {
    for (const [output, column] of Object.entries(value.outputs)) {
      if (!(column instanceof Float64Array) || column.length !== bars) {
        throw new NwsError(ErrorCode.WorkerFailed, `indicator set task returned ${value.key}.${output} with ${String(column?.length)} values for ${bars} bars`);
      }
    }
  }
}
