// The Host's backtests: validate a request against the strategy's declarations and the stored
// bars, run it in the worker pool (progress on `jobs.<jobId>.progress`), store the result in the
// time-series file (BacktestResultStore) and serve stored runs, sweeps and tear sheets.
// Everything that can be wrong with a request is found before anything is stored or started.
import { randomUUID } from 'node:crypto';
import { defineBacktestSpec, gridParameterSets, isTickSeries, loadBarSeriesFromStore, loadTickSeriesFromStore, randomParameterSets, shareSeries } from '@nws/backtest';
import type { BacktestSpec, BarSeries, StoredSeriesRequest, StoredTickRequest, TickSeries } from '@nws/backtest';
import { ErrorCode, NwsError, topics, type HandlerParams, type HandlerResult, type JobState, type MessageBus, type ProtocolServer } from '@nws/core';
import { DAILY_PERIODS_PER_YEAR, dailyReturns, renderTearSheet, returnsFromEquity } from '@nws/analytics';
import { resolveStrategyParams, strategyRegistry, type ParamDeclaration, type RawParams, type StrategyDefinition, type StrategyRegistry } from '@nws/strategy';
import type { BacktestRunHeader, BacktestRunInfo, BacktestRunRecord, TimeSeriesStore } from '@nws/storage';
import { defineWorkerTask, type WorkerPool } from '../workers/worker-pool.js';
import { TICK_STEP, downsampleEquity, seriesDescription, type RunSummaryJson, type StoredResult } from './backtest-mapping.js';
import { ProgressSlot, type BacktestTaskPayload, type SweepCellResult, type SweepChunkPayload } from './backtest-task.js';

const TASK_MODULE = new URL('./backtest-task.ts', import.meta.url);
const runTask = defineWorkerTask<BacktestTaskPayload, StoredResult>('backtest.run', TASK_MODULE, 'runBacktestTask');
const sweepChunkTask = defineWorkerTask<SweepChunkPayload, SweepCellResult[]>('backtest.sweep-chunk', TASK_MODULE, 'runSweepChunkTask');

/** How often a running job's progress counter is read and published. */
const DEFAULT_PROGRESS_POLL_MS = 200;

export interface BacktestServiceOptions {
  timeSeries: () => TimeSeriesStore;
  workers: WorkerPool;
  bus: MessageBus;
  registry?: StrategyRegistry;
  progressPollMs?: number;
}

type RunRequest = HandlerParams<'backtest.run'>;

/** One stored series a run asks for: bars of a bar type, or one kind of ticks. */
type DataRequest = StoredSeriesRequest | StoredTickRequest;

/** A validated request: the spec, its bars or ticks (in `data` order), and what to store about the data. */
interface PreparedRun {
  definition: StrategyDefinition;
  spec: BacktestSpec;
  series: BarSeries[] | TickSeries[];
  data: DataRequest[];
  /** Bars, or ticks, the run steps over. */
  bars: number;
}

interface Job {
  controller: AbortController;
  finished: Promise<void>;
  runId?: string;
}

export class BacktestService {
  private readonly registry: StrategyRegistry;
  private readonly jobs = new Map<string, Job>();
  private readonly pollMs: number;
  /** Runs left `running` by a Host that stopped are marked failed once, before first use. */
  private recovered: Promise<void> | null = null;

  constructor(private readonly options: BacktestServiceOptions) {
    this.registry = options.registry ?? strategyRegistry;
    this.pollMs = options.progressPollMs ?? DEFAULT_PROGRESS_POLL_MS;
  }

  strategies(): HandlerResult<'backtest.strategies'> {
    return {
      strategies: this.registry.list().map((definition) => ({
        name: definition.name,
        description: definition.description,
        instruments: { ...definition.instruments },
        params: Object.entries(definition.params).map(([name, declaration]) => paramView(name, declaration)),
      })),
    };
  }

  /** Validates, records the run as running, and starts it; answers before it finishes. */
  async run(params: RunRequest): Promise<HandlerResult<'backtest.run'>> {
    await this.ready();
    const prepared = await this.prepare(params, params.params);
    const jobId = this.claimJobId(params.jobId, 'backtest');
    const header: BacktestRunHeader = {
      runId: `bt-${randomUUID()}`,
      createdTs: Date.now(),
      strategy: prepared.spec.strategy,
      params: prepared.spec.params,
      data: dataJson(prepared),
      cash: prepared.spec.startingCash,
    };
    try {
      await this.results().start(header);
    } catch (error) {
      this.jobs.delete(jobId);
      throw error;
    }
    this.launch(jobId, header.runId, (signal) => this.execute(jobId, header, prepared, signal));
    return { runId: header.runId, jobId, bars: prepared.bars };
  }

  /** Starts a sweep: every parameter set is a run tagged with the sweep id, stored as it finishes. */
  async sweep(params: HandlerParams<'backtest.sweep'>): Promise<HandlerResult<'backtest.sweep'>> {
    await this.ready();
    const definition = this.definition(params.strategy);
    const sets = this.parameterSets(definition, params);
    const prepared = await this.prepare(params, sets[0]!);
    const jobId = this.claimJobId(params.jobId, 'sweep');
    const sweepId = `sw-${randomUUID()}`;
    this.launch(jobId, undefined, (signal) => this.executeSweep(jobId, sweepId, prepared, sets, signal));
    return { sweepId, jobId, runs: sets.length, bars: prepared.bars };
  }

  /** Ends a running job's worker task; its run is marked canceled and nothing else is written. */
  async cancel(params: HandlerParams<'backtest.cancel'>): Promise<HandlerResult<'backtest.cancel'>> {
    const job = this.jobs.get(params.jobId);
    if (job === undefined) throw new NwsError(ErrorCode.NotFound, `no running backtest job ${params.jobId}`, { jobId: params.jobId });
    job.controller.abort();
    await job.finished;
    return { jobId: params.jobId, canceled: true };
  }

  async list(params: HandlerParams<'backtest.list'>): Promise<HandlerResult<'backtest.list'>> {
    await this.ready();
    const runs = await this.results().list({
      limit: params.limit,
      ...(params.sweepId === undefined ? { excludeSweeps: !params.includeSweeps } : { sweepId: params.sweepId }),
    });
    return { runs: runs.map(runView) };
  }

  async get(params: HandlerParams<'backtest.get'>): Promise<HandlerResult<'backtest.get'>> {
    await this.ready();
    const record = await this.results().get(params.runId);
    const { indices, downsampled } = downsampleEquity(record.equity, params.equityPoints);
    const pick = (column: Float64Array) => indices.map((index) => column[index]!);
    const page = <T>(items: T[]) => ({ total: items.length, offset: params.offset, items: items.slice(params.offset, params.offset + params.limit) });
    return {
      run: runView(record),
      equity: {
        points: record.equity.ts.length,
        downsampled,
        ts: pick(record.equity.ts),
        equity: pick(record.equity.equity),
        cash: pick(record.equity.cash),
        drawdown: pick(record.equity.drawdown),
      },
      trades: page(record.trades),
      orders: page(record.orders),
      fills: page(record.fills),
    };
  }

  async delete(params: HandlerParams<'backtest.delete'>): Promise<HandlerResult<'backtest.delete'>> {
    await this.ready();
    const results = this.results();
    const runIds = params.runId !== undefined ? [params.runId] : (await results.list({ sweepId: params.sweepId! })).map((run) => run.runId);
    for (const [jobId, job] of this.jobs) {
      if (job.runId !== undefined && runIds.includes(job.runId)) {
        throw new NwsError(ErrorCode.Conflict, `backtest run ${job.runId} is still running (job ${jobId}); cancel it first`);
      }
    }
    let deleted = 0;
    for (const runId of runIds) if (await results.delete(runId)) deleted += 1;
    return { deleted };
  }

  async sweepResults(params: HandlerParams<'backtest.sweepResults'>): Promise<HandlerResult<'backtest.sweepResults'>> {
    await this.ready();
    const runs = await this.results().list({ sweepId: params.sweepId });
    if (runs.length === 0) throw new NwsError(ErrorCode.NotFound, `no runs stored for sweep ${params.sweepId}`, { sweepId: params.sweepId });
    const views = runs.map(runView);
    const known = new Set(views.flatMap((view) => Object.keys(view.statistics ?? {})));
    if (!known.has(params.sortBy)) {
      throw new NwsError(ErrorCode.InvalidArgument, `sortBy '${params.sortBy}' is not a statistic; known: ${[...known].sort().join(', ')}`);
    }
    const sign = params.direction === 'descending' ? -1 : 1;
    const valueOf = (view: (typeof views)[number]) => view.statistics?.[params.sortBy] ?? null;
    // Runs without the value (failed, or a non-finite statistic) go last either way.
    views.sort((a, b) => {
      const [left, right] = [valueOf(a), valueOf(b)];
      if (left === null || right === null) return left === null ? (right === null ? 0 : 1) : -1;
      return sign * (left - right) || sweepIndexOf(a) - sweepIndexOf(b);
    });
    return { sweepId: params.sweepId, strategy: runs[0]!.strategy, total: sweepTotalOf(runs[0]!), done: runs.length, rows: views };
  }

  /** The analytics engine's HTML tear sheet over the stored equity curve. */
  async tearSheet(params: HandlerParams<'backtest.tearSheet'>): Promise<HandlerResult<'backtest.tearSheet'>> {
    await this.ready();
    const record = await this.results().get(params.runId);
    if (record.status !== 'done') throw new NwsError(ErrorCode.Conflict, `backtest run ${params.runId} is ${record.status}; a tear sheet needs a finished run`);
    const { ts, equity } = record.equity;
    if (equity.length < 2) throw new NwsError(ErrorCode.InvalidArgument, `backtest run ${params.runId} has ${equity.length} equity point(s); a tear sheet needs at least two`);
    const summary = record.summary as RunSummaryJson | null;
    const title = `${record.strategy} (${formatParams(record.params)}) on ${instrumentsOf(record)}`;
    if (summary?.barSpec === TICK_STEP) return { runId: params.runId, html: tickRunTearSheet(params.runId, title, ts, equity) };
    const { html } = renderTearSheet({
      title,
      returns: returnsFromEquity(equity),
      timestamps: ts.subarray(1),
      startingEquity: equity[0]!,
      options: { periodsPerYear: periodsPerYear(summary?.barSpec ?? '1d') },
    });
    return { runId: params.runId, html };
  }

  // ---- internals ----

  /** When the Host stops, the worker pool closes and ends running tasks; their runs are marked failed on the next start. */
  private results() {
    return this.options.timeSeries().backtestResults;
  }

  private ready(): Promise<void> {
    this.recovered ??= this.results()
      .failInterrupted('interrupted: the Host stopped while the run was in progress')
      .then(() => undefined);
    return this.recovered;
  }

  private definition(name: string): StrategyDefinition {
    return this.registry.get(name);
  }

  /** Everything a run needs, checked: strategy, parameters, instrument count, spec, stored bars or ticks. */
  private async prepare(params: RunRequest, rawParams: RawParams): Promise<PreparedRun> {
    const definition = this.definition(params.strategy);
    const data = dataRequestsOf(params);
    const instruments = new Set(data.map((one) => one.instrumentId)).size;
    const { min, max } = definition.instruments;
    if (instruments < min || instruments > max) {
      throw new NwsError(ErrorCode.InvalidArgument, `strategy '${definition.name}' trades ${min === max ? min : `${min} to ${max}`} instrument(s), got ${instruments}`);
    }
    const resolved = resolveStrategyParams(definition.params, rawParams) as RawParams;
    const spec = defineBacktestSpec({
      strategy: definition.name,
      params: { ...resolved },
      startingCash: params.cash,
      commissionPct: params.commissionPct,
      fill: params.fill,
      accountType: params.accountType,
    });
    const series = await this.loadSeries(data);
    for (const one of series) {
      if (one.ts.length === 0) throw new NwsError(ErrorCode.InvalidArgument, `no ${describeSeries(one)} in the requested range`);
    }
    return { definition, spec, series, data, bars: (series as ReadonlyArray<{ ts: Float64Array }>).reduce((sum, one) => sum + one.ts.length, 0) };
  }

  /** Bars, or ticks, from the store; a request that mixes the two is refused before anything is read. */
  private async loadSeries(data: DataRequest[]): Promise<BarSeries[] | TickSeries[]> {
    const ticks = data.filter((one): one is StoredTickRequest => 'kind' in one);
    if (ticks.length === 0) return loadBarSeriesFromStore(this.options.timeSeries(), data as StoredSeriesRequest[]);
    if (ticks.length < data.length) throw new NwsError(ErrorCode.InvalidArgument, 'a backtest steps over bars or over ticks, not both: give only bar series or only tick series');
    const seen = new Set<string>();
    for (const one of ticks) {
      const key = `${one.instrumentId} ${one.kind}`;
      if (seen.has(key)) throw new NwsError(ErrorCode.InvalidArgument, `${key} is asked for twice`);
      seen.add(key);
    }
    return loadTickSeriesFromStore(this.options.timeSeries(), ticks);
  }

  private parameterSets(definition: StrategyDefinition, params: HandlerParams<'backtest.sweep'>): RawParams[] {
    const space = { ...(params.ranges === undefined ? {} : { ranges: params.ranges }), fixed: params.params };
    const sets = params.random === undefined ? gridParameterSets(definition.params, space) : randomParameterSets(definition.params, params.random.count, params.random.seed, space);
    if (sets.length === 0) throw new NwsError(ErrorCode.InvalidArgument, 'the sweep has no parameter set');
    if (sets.length > params.maxRuns) {
      throw new NwsError(ErrorCode.InvalidArgument, `the sweep has ${sets.length} parameter sets, more than maxRuns ${params.maxRuns}; narrow the ranges or use random search`);
    }
    // Every set must be valid before anything runs: a range beyond a declared bound is named here.
    return sets.map((set) => resolveStrategyParams(definition.params, set) as RawParams);
  }

  private claimJobId(requested: string | undefined, prefix: string): string {
    const jobId = requested ?? `${prefix}-${randomUUID()}`;
    if (this.jobs.has(jobId)) throw new NwsError(ErrorCode.Conflict, `job ${jobId} is already running`);
    // Reserved now; the job's controller and promise are filled in by launch().
    this.jobs.set(jobId, { controller: new AbortController(), finished: Promise.resolve() });
    return jobId;
  }

  private launch(jobId: string, runId: string | undefined, body: (signal: AbortSignal) => Promise<void>): void {
    const job = this.jobs.get(jobId)!;
    if (runId !== undefined) job.runId = runId;
    job.finished = body(job.controller.signal)
      .catch(() => undefined) // failures are published and stored by the body
      .finally(() => this.jobs.delete(jobId));
  }

  private publish(jobId: string, state: JobState, done: number, total: number, message: string): void {
    if (!this.options.bus.closed) this.options.bus.publish(topics.jobProgress(jobId), { jobId, state, done, total, message, ts: Date.now() });
  }

  /** Publishes the shared counter every poll while `work` runs. */
  private async withProgress<T>(jobId: string, counter: Int32Array, fixedTotal: number, label: string, work: Promise<T>): Promise<T> {
    let last = -1;
    const report = () => {
      const done = Atomics.load(counter, ProgressSlot.done);
      if (done === last) return;
      last = done;
      this.publish(jobId, 'running', done, fixedTotal, label);
    };
    report();
    const timer = setInterval(report, this.pollMs);
    try {
      return await work;
    } finally {
      clearInterval(timer);
    }
  }

  private async execute(jobId: string, header: BacktestRunHeader, prepared: PreparedRun, signal: AbortSignal): Promise<void> {
    const progress = new SharedArrayBuffer(8);
    const label = `${header.strategy} over ${prepared.bars} ${isTickSeries(prepared.series[0]!) ? 'ticks' : 'bars'}`;
    try {
      const result = await this.withProgress(
        jobId,
        new Int32Array(progress),
        prepared.bars,
        label,
        this.options.workers.run(runTask, { spec: prepared.spec, series: prepared.series, progress }, { signal }),
      );
      await this.results().saveFinished({ ...header, ...result });
      this.publish(jobId, 'done', prepared.bars, prepared.bars, `run ${header.runId} stored`);
    } catch (error) {
      await this.endUnsuccessful(jobId, header.runId, prepared.bars, error);
      throw error;
    }
  }

  private async endUnsuccessful(jobId: string, runId: string, total: number, error: unknown): Promise<void> {
    const cancelled = NwsError.is(error, ErrorCode.Cancelled);
    const message = cancelled ? 'cancelled by the user' : (error as Error).message;
    await this.results()
      .finishUnsuccessful(runId, cancelled ? 'canceled' : 'failed', message)
      .catch(() => undefined); // the store may be closing with the Host; the next start marks it failed
    this.publish(jobId, cancelled ? 'cancelled' : 'failed', 0, total, message);
  }

  private async executeSweep(jobId: string, sweepId: string, prepared: PreparedRun, sets: RawParams[], signal: AbortSignal): Promise<void> {
    const progress = new SharedArrayBuffer(8);
    const counter = new Int32Array(progress);
    const createdTs = Date.now();
    // The bars go into shared memory once; every task then reads them in place, so a task costs
    // a small message and each cell can be its own task. One lane per pool thread takes the next
    // cell when its last one ends: a free thread never waits behind a long chunk, and at most one
    // sweep task per thread is queued, so other work (features, backtests) is not stuck behind
    // the whole sweep.
    const series = shareSeries<BarSeries | TickSeries>(prepared.series) as BarSeries[] | TickSeries[];
    const lanes = Math.min(this.options.workers.stats().maxThreads, sets.length);
    let nextCell = 0;
    const saveCell = async (cell: SweepCellResult) => {
      const header: BacktestRunHeader = {
        runId: `${sweepId}-${cell.index}`,
        createdTs,
        strategy: prepared.spec.strategy,
        params: sets[cell.index]!,
        data: { ...dataJson(prepared), sweep: { sweepId, index: cell.index, total: sets.length } },
        cash: prepared.spec.startingCash,
        sweepId,
      };
      if ('error' in cell) {
        await this.results().start(header);
        await this.results().finishUnsuccessful(header.runId, 'failed', cell.error);
      } else {
        await this.results().saveFinished({ ...header, ...cell.result });
      }
    };
    // Saves run one after another beside the lanes, so a thread never waits for a store write.
    let saved = Promise.resolve();
    try {
      const lanesDone = Promise.all(
        Array.from({ length: lanes }, async () => {
          while (nextCell < sets.length && !signal.aborted) {
            const index = nextCell++;
            const results = await this.options.workers.run(sweepChunkTask, { spec: prepared.spec, series, progress, cells: [{ index, params: sets[index]! }] }, { signal });
            if (signal.aborted) return;
            for (const cell of results) saved = saved.then(() => saveCell(cell));
            saved.catch(() => undefined); // awaited below; marked handled so a failed save cannot crash the Host first
          }
        }),
      );
      const work = lanesDone.then(() => saved);
      await this.withProgress(jobId, counter, sets.length, `sweep ${sweepId}: ${sets.length} runs of ${prepared.spec.strategy}`, work);
      this.publish(jobId, 'done', sets.length, sets.length, `sweep ${sweepId} stored`);
    } catch (error) {
      await saved.catch(() => undefined); // runs finished before the end are stored before the job ends
      const cancelled = NwsError.is(error, ErrorCode.Cancelled);
      this.publish(jobId, cancelled ? 'cancelled' : 'failed', Atomics.load(counter, ProgressSlot.done), sets.length, cancelled ? 'cancelled by the user' : (error as Error).message);
      throw error;
    }
  }
}

function paramView(name: string, declaration: ParamDeclaration): HandlerResult<'backtest.strategies'>['strategies'][number]['params'][number] {
  const base = { name, type: declaration.type, default: declaration.default, description: declaration.description };
  if (declaration.type === 'int' || declaration.type === 'number') {
    return { ...base, min: declaration.min, max: declaration.max, ...(declaration.step === undefined ? {} : { step: declaration.step }) };
  }
  if (declaration.type === 'enum') return { ...base, values: [...declaration.values] };
  return base;
}

function dataRequestsOf(params: RunRequest): DataRequest[] {
  const range = (from: number | undefined, to: number | undefined) => ({ ...(from === undefined ? {} : { fromMs: from }), ...(to === undefined ? {} : { toMs: to }) });
  if (params.data !== undefined) {
    return params.data.map((one) =>
      'ticks' in one ? { instrumentId: one.instrumentId, kind: one.ticks, ...range(one.from, one.to) } : { instrumentId: one.instrumentId, barSpec: one.barType, ...range(one.from, one.to) },
    );
  }
  const ids = params.instrumentIds ?? [];
  const { ticks } = params;
  if (ticks !== undefined) return ids.flatMap((instrumentId) => [...new Set(ticks)].map((kind) => ({ instrumentId, kind, ...range(params.from, params.to) })));
  return ids.map((instrumentId) => ({ instrumentId, barSpec: params.barType, ...range(params.from, params.to) }));
}

/** `bars of ES.XCME 1m` or `ES.XCME quotes`: how errors name a series. */
function describeSeries(series: BarSeries | TickSeries): string {
  return isTickSeries(series) ? `${series.instrumentId} ${series.kind}` : `bars of ${series.instrumentId} ${series.barSpec}`;
}

/** What a stored run records about its data: each series (bar type or tick kind, range, count, span) and the settings. */
function dataJson(prepared: PreparedRun): { series: Array<Record<string, string | number>>; commissionPct: number; fill: string; accountType: string } {
  return {
    series: (prepared.series as Array<BarSeries | TickSeries>).map((one, index) => seriesDescription(one, prepared.data[index])),
    commissionPct: prepared.spec.commissionPct,
    fill: prepared.spec.fill,
    accountType: prepared.spec.accountType,
  };
}

function runView(info: BacktestRunInfo): HandlerResult<'backtest.list'>['runs'][number] {
  const summary = info.summary as RunSummaryJson | null;
  return {
    runId: info.runId,
    createdTs: info.createdTs,
    finishedTs: info.finishedTs,
    strategy: info.strategy,
    params: { ...info.params },
    data: info.data,
    cash: info.cash,
    status: info.status,
    ...(info.sweepId === undefined ? {} : { sweepId: info.sweepId }),
    statistics: summary?.statistics ?? null,
    error: info.error,
  };
}

function sweepIndexOf(view: { data: unknown }): number {
  return (view.data as { sweep?: { index?: number } } | null)?.sweep?.index ?? 0;
}

function sweepTotalOf(info: BacktestRunInfo): number {
  return (info.data as { sweep?: { total?: number } } | null)?.sweep?.total ?? 0;
}

function formatParams(params: Readonly<Record<string, unknown>>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(', ');
}

function instrumentsOf(record: BacktestRunRecord): string {
  const series = (record.data as { series?: Array<{ instrumentId: string; barType?: string; ticks?: string }> } | null)?.series ?? [];
  return series.map((one) => `${one.instrumentId} ${one.barType ?? one.ticks ?? ''}`.trimEnd()).join(', ') || 'stored bars';
}

/**
 * A tick run's equity is sampled at every tick time, which no period count annualises; its tear
 * sheet uses daily returns instead: the last equity of each UTC day against the day before (the
 * first day against the starting equity). It needs two days at least.
 */
function tickRunTearSheet(runId: string, title: string, ts: Float64Array, equity: Float64Array): string {
  const daily = dailyReturns(ts, equity);
  if (daily.returns.length < 2) {
    throw new NwsError(ErrorCode.InvalidArgument, `backtest run ${runId} stepped over ticks of one day: a tear sheet of a tick run needs at least two days (its returns are daily)`);
  }
  return renderTearSheet({ title: `${title} (daily)`, returns: daily.returns, timestamps: daily.timestamps, startingEquity: equity[0]!, options: { periodsPerYear: DAILY_PERIODS_PER_YEAR } }).html;
}

const MINUTES_PER_TRADING_YEAR = 252 * 390;

/** As the backtest annualises: 252 trading days; intraday bars count 6.5 trading hours a day. */
function periodsPerYear(barSpec: string): number {
  const match = /^(\d+)([smhdwM])$/.exec(barSpec);
  if (match === null) return 252;
  const step = Number(match[1]);
  switch (match[2]) {
    case 'd':
      return 252 / step;
    case 'w':
      return 52 / step;
    case 'M':
      return 12 / step;
    case 'h':
      return MINUTES_PER_TRADING_YEAR / 60 / step;
    case 'm':
      return MINUTES_PER_TRADING_YEAR / step;
    default:
      return (MINUTES_PER_TRADING_YEAR * 60) / step;
  }
}

/** Serves the `backtest.*` methods from `service`. */
export function registerBacktestHandlers(protocol: ProtocolServer, service: BacktestService): void {
  protocol.handle('backtest.strategies', () => service.strategies());
  protocol.handle('backtest.run', (params) => service.run(params));
  protocol.handle('backtest.cancel', (params) => service.cancel(params));
  protocol.handle('backtest.list', (params) => service.list(params));
  protocol.handle('backtest.get', (params) => service.get(params));
  protocol.handle('backtest.delete', (params) => service.delete(params));
  protocol.handle('backtest.sweep', (params) => service.sweep(params));
  protocol.handle('backtest.sweepResults', (params) => service.sweepResults(params));
  protocol.handle('backtest.tearSheet', (params) => service.tearSheet(params));
}
