/**
 * The Host's strategy runs and replays on the paper account: the catalogue of strategies, starting
 * and stopping runs (on live bars, or on a replay of stored bars or ticks), and replays on their
 * own (so orders from the UI or the CLI fill on replayed data). One replay drives the account at a time.
 *
 * Every run is saved in the state store (strategy_runs) when it starts and when its status changes;
 * a live run also when it sends an order or gets a fill (never on a bar alone). A Host start (`resumeAfterRestart`,
 * once paper trading is up) starts again every run that was still running on LIVE bars: same run
 * id, strategy, params and instruments, a new strategy object that sees its positions and working
 * orders through its context. A run that was on a replay is listed `interrupted` (a replay is a
 * rehearsal of one session); one that can no longer start (strategy gone, params invalid) is listed
 * `failed` with the reason. Ended runs stay listed as history (the newest 50). Stopping the Host
 * leaves running runs saved as running, so a clean restart resumes them as a crash would.
 */
import { MergedBarFeed, barSeriesFromStoredColumns } from '@nws/backtest';
import type { BarSeries } from '@nws/backtest';
import { ErrorCode, NwsError, WallClock, formatBarSpec, parseBarSpec, parseInstrumentId, strategyId as makeStrategyId, topics } from '@nws/core';
import type { Alert, AlertSeverity, Clock, InstrumentId, JobProgress, JobState, LogLevel, MessageBus, StrategyId } from '@nws/core';
import { ReplayFeed, TICK_REPLAY_BAR_TYPE } from '@nws/marketdata';
import type { ReplayStatus, ReplayTickKind } from '@nws/marketdata';
import { strategyRegistry } from '@nws/strategy';
import type { ParamDeclaration, StrategyRegistry } from '@nws/strategy';
import type { StateStore, StrategyRunRecord, TimeSeriesStore } from '@nws/storage';
import type { PaperTrading } from './paper-trading.js';
import { ReplaySession } from './replay-session.js';
import type { LiveMarketControl } from './replay-session.js';
import { StrategyRunner } from './strategy-runner.js';
import type { StrategyRunStatus, StrategyRunView, StrategySource } from './strategy-runner.js';
import { recordOfRun, viewOfRecord } from './strategy-run-records.js';

export interface StrategyRunsOptions {
  bus: MessageBus;
  paper: () => Promise<PaperTrading>;
  timeSeries: () => TimeSeriesStore;
  /** Step of the live bars (the Host's `market.liveBars`): live runs trade on these. */
  liveBarType: string;
  /** Clock of live runs; default wall time. Runs set no timers on it. */
  liveClock?: Clock;
  /** Paused while a replay drives the account. */
  liveMarket?: LiveMarketControl;
  registry?: StrategyRegistry;
  /** Least wall time between two bar-progress events of one run (status changes always go out). */
  progressEveryMs?: number;
  /** Where runs are saved so a Host restart resumes them; without it runs live in memory only. */
  state?: () => StateStore;
}

export interface StrategyParamView {
  name: string;
  type: ParamDeclaration['type'];
  default: number | boolean | string;
  min?: number;
  max?: number;
  step?: number;
  values?: string[];
  description: string;
}

export interface StrategyCatalogueEntry {
  name: string;
  description: string;
  instruments: { min: number; max: number };
  params: StrategyParamView[];
}

export interface StartStrategyRequest {
  strategy: string;
  params?: Record<string, unknown>;
  instrumentIds: string[];
  /** The bars it trades on; or `ticks`, for a replay of stored ticks. */
  barType?: string;
  ticks?: ReplayTickKind[];
  source: StrategySource;
  replay?: { from?: number; to?: number; speed?: number | 'max' };
}

const RUN_STATE_AS_JOB: Record<StrategyRunStatus, JobState> = { running: 'running', stopped: 'cancelled', finished: 'done', failed: 'failed', interrupted: 'cancelled' };

const REPLAY_INTERRUPTED = 'the Host stopped during the replay';

/**
 * Stored bars per instrument a resumed run warms up on: the longest period a built-in strategy
 * takes (sma-cross's slow SMA, up to 5,000) fits.
 */
const WARM_UP_BARS = 5_000;

type ReplaySettings = NonNullable<StartStrategyRequest['replay']>;

let runSequence = 0;

export class StrategyRuns {
  private readonly options: StrategyRunsOptions;
  private readonly registry: StrategyRegistry;
  private readonly runs = new Map<string, StrategyRunner>();
  /** Runs of earlier Host sessions that this one did not start again, as they were saved. */
  private readonly history = new Map<string, StrategyRunView>();
  /** The replay settings a replay run was started with, saved with it. */
  private readonly replaySettings = new Map<string, ReplaySettings>();
  private resumeStarted = false;
  private readonly replays = new Map<string, ReplaySession>();
  private current: ReplaySession | undefined;
  private closed = false;

  constructor(options: StrategyRunsOptions) {
    this.options = options;
    this.registry = options.registry ?? strategyRegistry;
  }

  /** Every registered strategy with its declared parameters. */
  catalogue(): StrategyCatalogueEntry[] {
    return this.registry.list().map((definition) => ({
      name: definition.name,
      description: definition.description,
      instruments: { min: definition.instruments.min, max: definition.instruments.max },
      params: Object.entries(definition.params).map(([name, declaration]) => paramView(name, declaration)),
    }));
  }

  /**
   * Starts a strategy on the paper account. Throws NOT_FOUND (unknown strategy), INVALID_ARGUMENT
   * (bad parameter, instrument count, bar type, replay range or speed), UNKNOWN_INSTRUMENT (not
   * traded by the paper account, or no stored bars to replay) and CONFLICT (a replay already runs).
   */
  async start(request: StartStrategyRequest): Promise<StrategyRunView> {
    this.assertOpen();
    const ticks = request.ticks === undefined ? undefined : [...new Set(request.ticks)];
    const barType = barTypeOf(request);
    const instrumentIds = request.instrumentIds.map(checkedInstrumentId);
    const strategy = this.registry.create(request.strategy, request.params ?? {}, instrumentIds.length);
    const paper = await this.options.paper();
    for (const instrumentId of instrumentIds) {
      if (!paper.trades(instrumentId)) throw new NwsError(ErrorCode.UnknownInstrument, `${instrumentId} is not traded by the paper account (venue ${paper.venue.venueId}, ${paper.venue.config.baseCurrency})`);
    }
    const runId = makeStrategyId(`${request.strategy}-${Date.now().toString(36)}-${++runSequence}`);
    const base = { runId, strategyName: request.strategy, strategy, paper, bus: this.options.bus, instrumentIds, barType, ...(ticks === undefined ? {} : { ticks }) };

    if (request.source === 'live') {
      if (request.replay !== undefined) throw new NwsError(ErrorCode.InvalidArgument, "replay settings are only for source 'replay'");
      if (ticks !== undefined) throw new NwsError(ErrorCode.InvalidArgument, `ticks are for source 'replay' (a replay of stored ticks); a live run trades the live ${this.options.liveBarType} bars`);
      if (barType !== this.options.liveBarType) {
        throw new NwsError(ErrorCode.InvalidArgument, `live bars are ${this.options.liveBarType} (the Host's market.liveBars); a live run cannot trade ${barType} bars`);
      }
      return this.launch(new StrategyRunner({ ...base, source: 'live', clock: this.options.liveClock ?? new WallClock() }));
    }
    const data = ticks === undefined ? { barType } : { ticks };
    const session = await this.openReplay(paper, { instrumentIds, ...data, ...(request.replay ?? {}), speed: request.replay?.speed ?? 1 });
    const runner = new StrategyRunner({ ...base, source: 'replay', clock: session.feed.clock, replayId: session.feed.replayId });
    this.replaySettings.set(runId, { ...(request.replay ?? {}), speed: request.replay?.speed ?? 1 });
    let view: StrategyRunView;
    try {
      view = this.launch(runner);
    } catch (error) {
      session.feed.stop(); // gives the account back
      throw error;
    }
    void session.finished.then((status) => runner.stop(status.state === 'done' ? 'finished' : status.state === 'failed' ? 'failed' : 'stopped', status.error));
    session.start();
    return view;
  }

  /** Stops a run (and the replay it started); a finished run is returned as it is. NOT_FOUND for an unknown id. */
  stop(strategyRunId: string): StrategyRunView {
    const earlier = this.history.get(strategyRunId);
    if (earlier !== undefined && !this.runs.has(strategyRunId)) return earlier;
    const runner = this.requireRun(strategyRunId);
    runner.stop('stopped');
    const replayId = runner.view().replayId;
    if (replayId !== undefined) this.replays.get(replayId)?.feed.stop();
    return runner.view();
  }

  /** Every run of this Host session and the saved ones of earlier sessions, newest start first. */
  list(): StrategyRunView[] {
    const current = [...this.runs.values()].map((runner) => runner.view());
    const earlier = [...this.history.values()].filter((view) => !this.runs.has(view.strategyRunId));
    // Stable: runs started in the same millisecond keep their order of creation, newest first.
    return [...earlier, ...current].reverse().sort((a, b) => b.startedAt - a.startedAt);
  }

  /**
   * Once per Host start, after paper trading is up: starts again the saved runs that were running
   * on live bars, lists replay runs that were running as `interrupted`, and the rest as history.
   * Never throws: a run that cannot start again is listed `failed` with the reason.
   */
  async resumeAfterRestart(): Promise<void> {
    if (this.resumeStarted || this.options.state === undefined) return;
    this.resumeStarted = true;
    let records: StrategyRunRecord[];
    let paper: PaperTrading;
    try {
      records = this.options.state().strategyRuns();
      paper = await this.options.paper();
    } catch (error) {
      this.log('error', `saved strategy runs not resumed: ${(error as Error).message}`);
      return;
    }
    for (const record of records.reverse()) {
      if (this.closed) return;
      if (record.status !== 'running') this.history.set(record.runId, viewOfRecord(record));
      else if (record.source === 'replay') this.endSavedRun(record, 'interrupted', REPLAY_INTERRUPTED);
      else await this.resumeLiveRun(record, paper);
    }
  }

  /** A replay without a strategy: the paper account's orders fill on the replayed bars (or ticks). */
  async startReplay(request: { instrumentIds: string[]; barType?: string; ticks?: ReplayTickKind[]; from?: number; to?: number; speed?: number | 'max' }): Promise<ReplayStatus> {
    this.assertOpen();
    const session = await this.openReplay(await this.options.paper(), request);
    session.start();
    return session.feed.status();
  }

  pauseReplay(replayId?: string): ReplayStatus {
    return this.requireReplay(replayId).feed.pause();
  }

  resumeReplay(replayId?: string): ReplayStatus {
    return this.requireReplay(replayId).feed.resume();
  }

  stopReplay(replayId?: string): ReplayStatus {
    return this.requireReplay(replayId).feed.stop();
  }

  /** Every replay of this Host session, newest first. */
  replayStatuses(): ReplayStatus[] {
    return [...this.replays.values()].map((session) => session.feed.status()).reverse();
  }

  /**
   * Host shutdown: stops every run and replay. Running runs are saved once more with their
   * counters, still as running (nothing is saved after that), so the next Host start resumes them.
   */
  async close(): Promise<void> {
    if (!this.closed) for (const runner of this.runs.values()) if (runner.running) this.saveRun(runner);
    this.closed = true;
    for (const runner of this.runs.values()) runner.stop('stopped');
    const pending = [...this.replays.values()].map((session) => {
      session.feed.stop();
      return session.finished;
    });
    await Promise.all(pending);
  }

  // ---- internals ----

  private async openReplay(paper: PaperTrading, request: Record<string, unknown> & { instrumentIds: readonly string[] }): Promise<ReplaySession> {
    if (this.current?.feed.active) {
      throw new NwsError(ErrorCode.Conflict, `replay ${this.current.feed.replayId} is driving the paper account; stop it first (replay.stop)`);
    }
    for (const raw of request.instrumentIds) {
      const instrumentId = checkedInstrumentId(raw);
      if (!paper.trades(instrumentId)) throw new NwsError(ErrorCode.UnknownInstrument, `${instrumentId} is not traded by the paper account (venue ${paper.venue.venueId}, ${paper.venue.config.baseCurrency})`);
    }
    const feed = await ReplayFeed.open({ bus: this.options.bus, timeSeries: this.options.timeSeries(), request: { ...request, instrumentIds: [...request.instrumentIds] } });
    // Checked again after the await: another call may have started one meanwhile.
    if (this.current?.feed.active) throw new NwsError(ErrorCode.Conflict, `replay ${this.current.feed.replayId} is driving the paper account; stop it first (replay.stop)`);
    const session = ReplaySession.bind(feed, paper, this.options.bus, this.options.liveMarket);
    this.current = session;
    this.replays.set(feed.replayId, session);
    return session;
  }

  /**
   * Starts a saved live run again, warmed up on the latest stored bars of its step (the live bars
   * recorded before the restart, or imported ones); a run that cannot start is saved and listed as
   * `failed`.
   */
  private async resumeLiveRun(record: StrategyRunRecord, paper: PaperTrading): Promise<void> {
    let runner: StrategyRunner;
    try {
      const warmUp = await this.warmUpFeed(record.instrumentIds, record.barType).catch((error: Error) => {
        this.log('warn', `strategy run ${record.runId} resumes without a warm-up: the stored bars could not be read (${error.message})`);
        return undefined;
      });
      if (record.barType !== this.options.liveBarType) {
        throw new NwsError(ErrorCode.InvalidArgument, `it traded ${record.barType} bars and the live bars are now ${this.options.liveBarType}`);
      }
      const instrumentIds = record.instrumentIds.map(checkedInstrumentId);
      const strategy = this.registry.create(record.strategy, record.params, instrumentIds.length);
      for (const instrumentId of instrumentIds) {
        if (!paper.trades(instrumentId)) throw new NwsError(ErrorCode.UnknownInstrument, `${instrumentId} is no longer traded by the paper account`);
      }
      const resumed = { startedAt: record.startedAt, resumedAt: Date.now(), resumes: (record.resumes ?? 0) + 1, bars: record.bars, orders: record.orders, fills: record.fills };
      runner = new StrategyRunner({
        runId: makeStrategyId(record.runId),
        strategyName: record.strategy,
        strategy,
        paper,
        bus: this.options.bus,
        instrumentIds,
        barType: record.barType,
        source: 'live',
        clock: this.options.liveClock ?? new WallClock(),
        resumed,
        ...(warmUp === undefined ? {} : { warmUp }),
      });
      this.launch(runner);
    } catch (error) {
      this.endSavedRun(record, 'failed', `not resumed after restart: ${(error as Error).message}`);
      return;
    }
    const view = runner.view();
    const working = view.openOrders === 0 ? 'no working orders' : `${view.openOrders} working order${view.openOrders === 1 ? '' : 's'}`;
    const warmedUp = `warmed up on ${view.warmUpBars ?? 0} stored ${view.barType} bar${view.warmUpBars === 1 ? '' : 's'}`;
    this.alert('info', 'strategy-resumed', `strategy run ${view.strategyRunId} (${view.strategy} on ${view.instrumentIds.join(', ')}) resumed after restart with ${working}, ${warmedUp}`);
  }

  /**
   * The latest WARM_UP_BARS stored bars of each instrument before now, merged by time as a
   * backtest merges them (ties in instrument order): what a resumed strategy saw before the
   * restart, as far as the store has it. An instrument with no stored bars of that step adds none.
   */
  private async warmUpFeed(instrumentIds: readonly string[], barSpec: string): Promise<MergedBarFeed> {
    const before = BigInt((this.options.liveClock ?? new WallClock()).now()) * 1000n;
    const series: BarSeries[] = [];
    for (const instrumentId of instrumentIds) {
      try {
        const columns = await this.options.timeSeries().readBars({ instrumentId, barType: barSpec, toUs: before, limit: WARM_UP_BARS, fromEnd: true });
        series.push(barSeriesFromStoredColumns(columns, instrumentId, barSpec));
      } catch (error) {
        if (!NwsError.is(error, ErrorCode.NotFound)) throw error;
      }
    }
    return new MergedBarFeed(series);
  }


  /** A saved run that this start does not run again: saved with its end status and listed as history. */
  private endSavedRun(record: StrategyRunRecord, status: 'interrupted' | 'failed', reason: string): void {
    const ended: StrategyRunRecord = { ...record, status, stoppedAt: Date.now(), error: reason, openOrders: 0 };
    this.history.set(record.runId, viewOfRecord(ended));
    this.save(ended);
    const kind = status === 'interrupted' ? 'strategy-interrupted' : 'strategy-not-resumed';
    this.alert(status === 'interrupted' ? 'warning' : 'error', kind, `strategy run ${record.runId} (${record.strategy} on ${record.instrumentIds.join(', ')}) ${status}: ${reason}`);
  }

  private launch(runner: StrategyRunner): StrategyRunView {
    this.runs.set(runner.runId, runner);
    let lastBarProgress = Number.NEGATIVE_INFINITY;
    let lastStatus: StrategyRunStatus | undefined;
    let savedActivity = { orders: -1, fills: -1 };
    // Live runs are also saved on each order and fill, so counters survive a crash; a replay run
    // is not resumed, and a write per fill would slow a replay at 'max' for nothing.
    const savesActivity = runner.source === 'live';
    const every = this.options.progressEveryMs ?? 250;
    runner.onChange((change) => {
      // Never saved on a bar alone: that would be a write per bar per run.
      const activity = runner.activity();
      const active = savesActivity && (activity.orders !== savedActivity.orders || activity.fills !== savedActivity.fills);
      if (change.status !== lastStatus || active) {
        savedActivity = activity;
        this.saveRun(runner);
      }
      const now = performance.now();
      if (change.status === lastStatus && now - lastBarProgress < every) return;
      lastStatus = change.status;
      lastBarProgress = now;
      this.publishRun(change.runner.view());
    });
    runner.start();
    const view = runner.view();
    savedActivity = runner.activity();
    this.saveRun(runner, view);
    this.publishRun(view);
    return view;
  }

  private saveRun(runner: StrategyRunner, view = runner.view()): void {
    this.save(recordOfRun(view, this.replaySettings.get(runner.runId)));
  }

  /** A run that cannot be saved keeps running (the account's journal has its orders); the log says so. */
  private save(record: StrategyRunRecord): void {
    if (this.closed || this.options.state === undefined) return;
    try {
      this.options.state().saveStrategyRun(record);
    } catch (error) {
      this.log('error', `strategy run ${record.runId} not saved: ${(error as Error).message}`);
    }
  }

  /** One entry in the alerts feed (`alerts.strategies`) and the same line in the log. */
  private alert(severity: AlertSeverity, kind: string, message: string): void {
    const bus = this.options.bus;
    if (bus.closed) return;
    const alert: Alert = { source: 'strategies', severity, kind, message, ts: Date.now() };
    bus.publish(topics.alerts('strategies'), alert);
    this.log(severity === 'info' ? 'info' : severity === 'warning' ? 'warn' : 'error', message);
  }

  private log(level: LogLevel, message: string): void {
    const bus = this.options.bus;
    if (!bus.closed) bus.publish(topics.logs(level, 'strategies'), { level, source: 'strategies', message, ts: Date.now() });
  }

  /** `jobs.<runId>.progress` for progress bars, `signals.<runId>.run` with the whole view for the Strategies page. */
  private publishRun(view: StrategyRunView): void {
    const bus = this.options.bus;
    if (bus.closed) return;
    const progress: JobProgress = {
      jobId: view.strategyRunId,
      state: RUN_STATE_AS_JOB[view.status],
      done: view.ticksSeen ?? view.bars,
      message: `${view.strategy} on ${view.instrumentIds.join(', ')} ${view.ticks === undefined ? view.barType : view.ticks.join(' and ')} (${view.source}): ${view.orders} orders, ${view.fills} fills, P&L ${view.totalPnl.toFixed(2)}${view.error === undefined ? '' : `; ${view.error}`}`,
      ts: Date.now(),
    };
    bus.publish(topics.jobProgress(view.strategyRunId), progress);
    bus.publish(topics.signals<StrategyRunView>(view.strategyRunId as StrategyId, 'run'), view);
  }

  private requireRun(strategyRunId: string): StrategyRunner {
    const runner = this.runs.get(strategyRunId);
    if (runner === undefined) throw new NwsError(ErrorCode.NotFound, `no strategy run ${strategyRunId}${this.runs.size === 0 ? '' : `; runs: ${[...this.runs.keys()].join(', ')}`}`);
    return runner;
  }

  private requireReplay(replayId: string | undefined): ReplaySession {
    const session = replayId === undefined ? this.current : this.replays.get(replayId);
    if (session === undefined) throw new NwsError(ErrorCode.NotFound, replayId === undefined ? 'no replay has been started' : `no replay ${replayId}`);
    return session;
  }

  private assertOpen(): void {
    if (this.closed) throw new NwsError(ErrorCode.Unavailable, 'strategy runs are shut down');
  }
}

function paramView(name: string, declaration: ParamDeclaration): StrategyParamView {
  const view: StrategyParamView = { name, type: declaration.type, default: declaration.default, description: declaration.description };
  if (declaration.type === 'int' || declaration.type === 'number') {
    view.min = declaration.min;
    view.max = declaration.max;
    if (declaration.step !== undefined) view.step = declaration.step;
  }
  if (declaration.type === 'enum') view.values = [...declaration.values];
  return view;
}

/** The normalised bar spec a run trades on, or TICK_REPLAY_BAR_TYPE for a run on ticks; exactly one must be given. */
function barTypeOf(request: StartStrategyRequest): string {
  if (request.ticks !== undefined) {
    if (request.barType !== undefined) throw new NwsError(ErrorCode.InvalidArgument, 'give barType (bars) or ticks (a replay of stored ticks), not both');
    return TICK_REPLAY_BAR_TYPE;
  }
  if (request.barType === undefined) throw new NwsError(ErrorCode.InvalidArgument, "barType is required (or ticks: ['quotes', 'trades'] for a replay of stored ticks)");
  try {
    return formatBarSpec(parseBarSpec(request.barType));
  } catch (error) {
    throw new NwsError(ErrorCode.InvalidArgument, `barType: ${(error as Error).message}`);
  }
}

function checkedInstrumentId(raw: string): InstrumentId {
  try {
    return parseInstrumentId(raw);
  } catch (error) {
    throw new NwsError(ErrorCode.UnknownInstrument, `instrument ${JSON.stringify(raw)}: ${(error as Error).message}`);
  }
}
