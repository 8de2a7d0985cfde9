// The Workstation: what one Host process is. It owns a data directory (host.lock), composes the
// engines (message bus, stores, worker pool, protocol server), drives their shared lifecycle and
// publishes every state change on the bus as `engines.<name>.status`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ErrorCode,
  MessageBus,
  NwsError,
  ProtocolClient,
  ProtocolServer,
  createInProcessPair,
  createSystemHandlers,
  topics,
  WallClock,
  type Bar,
  type InstrumentId,
  type EngineStatus,
  type LogLevel,
} from '@nws/core';
import { LiveBarAggregator, LiveBarRecorder, MarketSimulator, ensureDemoData, listStoredInstruments, simulatedInstrumentsFromStores, type MarketDataStores } from '@nws/marketdata';
import { StreamingFeatures, type IndicatorSpec } from '@nws/features';
import { StateStore, TimeSeriesStore } from '@nws/storage';
import { parseWorkstationConfig, type WorkstationConfig, type WorkstationConfigInput } from './config.js';
import { DataDirFiles } from './data-dir.js';
import { HostLock } from './host-lock.js';
import { PaperTrading, registerPaperHandlers } from './paper/index.js';
import { StrategyRuns } from './paper/strategy-runner-service.js';
import { registerStrategyHandlers } from './handlers/strategies-handlers.js';
import { IbkrService, registerIbkrHandlers } from './ibkr/index.js';
import { FeatureHandlers, LayoutRepository, MarketDataService, readBarsForProtocol, registerMarketDataHandlers } from './handlers/index.js';
import { BacktestService, registerBacktestHandlers } from './handlers/index.js';
import { registerRiskHandlers } from './handlers/index.js';
import { HostServer, PROTOCOL_PATH, type BoundAddress } from './http/host-server.js';
import { generateToken } from './transports/index.js';
import { EngineSupervisor, type EngineHealthDetail, type HostComponent } from './lifecycle.js';
import { urlAuthority } from './urls.js';
import { HOST_VERSION } from './version.js';
import { WorkerPool } from './workers/worker-pool.js';
import { traceStartup } from './startup-trace.js';
import { tuneV8ForBacktests } from '@nws/backtest';

/** Names of the Host's own engines, as shown by system.health and used in `engines.<name>.status`. */
export const EngineName = {
  messageBus: 'message-bus',
  timeSeriesStore: 'timeseries-store',
  stateStore: 'state-store',
  workerPool: 'worker-pool',
  marketData: 'market-data',
  paperTrading: 'paper-trading',
  ibkr: 'ibkr',
  marketDataProviders: 'market-data-providers',
  protocolServer: 'protocol-server',
} as const;

export class Workstation {
  readonly config: WorkstationConfig;
  readonly bus: MessageBus;
  readonly workers: WorkerPool;
  /** Serves the method table; Electron's main process accepts its MessagePort connection here. */
  readonly protocol: ProtocolServer;
  readonly startedAt: number;
  private readonly supervisor: EngineSupervisor;
  private readonly lock: HostLock;
  private readonly server: HostServer;
  private stopping: Promise<void> | null = null;
  private timeSeriesStore: TimeSeriesStore | null = null;
  private stateStore: StateStore | null = null;
  /**
   * Demo data and the live simulator come up in the background, once the server listens: the URL
   * must not wait for them. Settles when all of it (live indicators included) is up or failed.
   */
  private marketDataStarting: Promise<void> | null = null;
  /** Opens once the protocol server listens (or the Workstation stops): background starts wait for it. */
  private readonly listening = new Gate();
  /** Opens once the demo market is in the stores (or will not be): instrument and bar reads wait for it. */
  private readonly demoDataWritten = new Gate();
  /** Set when market-data is stopped: its background start gives up at the next step. */
  private marketDataStopRequested = false;
  /** Opens with marketDataStopRequested: cuts short the background start's waits. */
  private readonly backgroundCancelled = new Gate();
  /** The demo market's clock, shared by the simulator and paper trading (set with the demo data). */
  private marketClock: WallClock | null = null;
  private simulator: { market: MarketSimulator; liveBars: LiveBarAggregator; recorder: LiveBarRecorder; features: StreamingFeatures } | null = null;
  /** Paper trading follows the demo market (it needs its instruments); handlers wait for it. */
  private paperStarting: Promise<PaperTrading> | null = null;
  /** Strategies and replays on the paper account. */
  private readonly strategyRuns: StrategyRuns;
  /** Providers, symbol search and backfill jobs (opened after the stores). */
  private readonly marketDataService: MarketDataService;
  /** Interactive Brokers: connection from Settings → IBKR, its history provider and the IBKR account. */
  readonly ibkr: IbkrService;

  private constructor(config: WorkstationConfig, lock: HostLock) {
    this.config = config;
    this.lock = lock;
    this.startedAt = lock.info.startedAt;
    this.supervisor = new EngineSupervisor();
    this.bus = new MessageBus({ name: 'host' });
    this.supervisor.onStatus((status) => this.publishStatus(status));
    this.supervisor.onStatus((status) => traceStartup(`${status.engine} ${status.state}`));
    this.workers = new WorkerPool({ maxThreads: config.workers.maxThreads, idleTimeoutMs: config.workers.idleTimeoutMs });
    // The pool replaces a dead thread by itself; the crash is still worth a warning in the log.
    this.workers.on('threadCrash', (error) => this.log('warn', EngineName.workerPool, error.message));
    this.protocol = new ProtocolServer({
      maxMessageBytes: config.server.maxMessageBytes,
      bus: this.bus,
      handlers: createSystemHandlers({
        version: HOST_VERSION,
        startedAt: this.startedAt,
        dataDir: config.home,
        engines: () => this.supervisor.health(),
      }),
    });
    this.server = new HostServer({
      host: config.server.host,
      port: config.server.port,
      token: lock.info.token,
      protocolServer: this.protocol,
      maxMessageBytes: config.server.maxMessageBytes,
      rendererDir: config.renderer.dir,
    });
    // On a first start the demo market is still being written when the first requests come:
    // they wait for it rather than answer with a partial universe.
    this.protocol.handle('marketdata.instruments', async () => {
      await this.demoDataWritten.opened;
      return { instruments: await listStoredInstruments(this.marketDataStores()) };
    });
    this.protocol.handle('marketdata.bars', async (params) => {
      await this.demoDataWritten.opened;
      return readBarsForProtocol(this.timeSeries, params);
    });
    const layouts = new LayoutRepository(() => this.state);
    this.protocol.handle('layouts.list', () => layouts.list());
    this.protocol.handle('layouts.save', (params) => layouts.save(params));
    this.protocol.handle('layouts.delete', (params) => layouts.delete(params));
    registerPaperHandlers(this.protocol, () => this.paperTrading());
    registerRiskHandlers(this.protocol, { paper: () => this.paperTrading(), timeSeries: () => this.timeSeries, state: () => this.state, bus: this.bus, workers: this.workers, maxMessageBytes: config.server.maxMessageBytes });
    this.strategyRuns = new StrategyRuns({
      bus: this.bus,
      paper: () => this.paperTrading(),
      timeSeries: () => this.timeSeries,
      liveBarType: config.market.liveBars,
      liveMarket: { pause: () => this.pauseLiveMarket(), resume: () => this.resumeLiveMarket() },
      state: () => this.state,
    });
    registerStrategyHandlers(this.protocol, this.strategyRuns);
    const features = new FeatureHandlers(() => this.timeSeries, this.workers, this.bus);
    this.protocol.handle('features.compute', (params) => features.compute(params));
    this.protocol.handle('features.values', (params) => features.values(params));
    this.protocol.handle('features.list', () => features.list());
    // Backtests and sweeps run in the worker pool; stored runs live in the time-series file.
    registerBacktestHandlers(this.protocol, new BacktestService({ timeSeries: () => this.timeSeries, workers: this.workers, bus: this.bus }));
    this.ibkr = new IbkrService({
      bus: this.bus,
      state: () => this.state,
      report: (state, message) => this.reportEngineState(EngineName.ibkr, state, message),
      onEnabled: async () => void (await this.marketDataService.configure({ provider: 'ibkr', enabled: true })),
    });
    registerIbkrHandlers(this.protocol, this.ibkr);
    this.marketDataService = new MarketDataService({ home: config.home, bus: this.bus, state: () => this.state, timeSeries: () => this.timeSeries, ibkrClient: this.ibkr.historyClient });
    registerMarketDataHandlers(this.protocol, this.marketDataService, { home: config.home, bus: this.bus, stores: () => this.marketDataStores() });
    for (const component of this.components()) this.supervisor.add(component);
  }

  /**
   * Takes the data directory (creating it if needed), starts every engine and listens.
   * Throws NwsError(LOCKED) when another live Host owns the directory, INVALID_CONFIG on bad
   * config; on any failure everything already started is stopped and the lock released.
   */
  static async start(input: WorkstationConfigInput): Promise<Workstation> {
    // Before any backtest or sweep worker of this process runs (see @nws/backtest's v8-tuning).
    tuneV8ForBacktests();
    const config = parseWorkstationConfig(input);
    ensureDataDir(config.home);
    const lock = HostLock.acquire(config.home, { token: generateToken(), host: config.server.host });
    let workstation: Workstation | undefined;
    try {
      workstation = new Workstation(config, lock);
      await workstation.supervisor.startAll();
      const address = workstation.server.address;
      lock.setAddress(address.host, address.port);
      return workstation;
    } catch (error) {
      if (workstation) await workstation.stop();
      else lock.release();
      throw error;
    }
  }

  /** The access token clients must present (kept in host.lock, mode 0600). */
  get token(): string {
    return this.lock.info.token;
  }

  get address(): BoundAddress {
    return this.server.address;
  }

  /** The browser-mode URL, token included: give it only to the user who owns this Host. */
  get url(): string {
    const { host, port } = this.address;
    return `http://${urlAuthority(host, port)}/?token=${encodeURIComponent(this.token)}`;
  }

  /** The WebSocket URL of the protocol, without the token. */
  get protocolUrl(): string {
    const { host, port } = this.address;
    return `ws://${urlAuthority(host, port)}${PROTOCOL_PATH}`;
  }

  /** Bars and other time series (DuckDB, `timeseries.duckdb` in the data directory). */
  get timeSeries(): TimeSeriesStore {
    return running(this.timeSeriesStore, EngineName.timeSeriesStore);
  }

  /** Instruments, orders, fills, settings, audit log (SQLite, `state.sqlite` in the data directory). */
  get state(): StateStore {
    return running(this.stateStore, EngineName.stateStore);
  }

  /** A protocol client in this process (tests, in-process CLI commands); close it when done. */
  connect(): ProtocolClient {
    const pair = createInProcessPair();
    this.protocol.accept(pair.server);
    return new ProtocolClient(pair.client);
  }

  engineHealth(): EngineHealthDetail[] {
    return this.supervisor.health();
  }

  /** Lets a component report a state change of its own (e.g. a data feed going degraded). */
  reportEngineState(name: string, state: EngineStatus['state'], message?: string): void {
    this.supervisor.report(name, state, message);
  }

  /** Resolves once the demo market is written and the simulator streams (or the attempt failed). */
  async whenMarketDataReady(): Promise<void> {
    await this.marketDataStarting;
  }

  /** Stops every engine in reverse start order and releases the data directory. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    this.cancelBackgroundStart();
    try {
      const failures = await this.supervisor.stopAll();
      if (failures.length > 0) {
        throw new NwsError(ErrorCode.Internal, `workstation stopped with errors: ${failures.map((failure) => failure.message).join('; ')}`);
      }
    } finally {
      this.lock.release();
    }
  }

  /** Start order; stop runs in reverse, so the bus is the last to go. */
  private components(): HostComponent[] {
    return [
      {
        name: EngineName.messageBus,
        required: true,
        start: () => undefined,
        stop: () => this.bus.close(),
      },
      {
        name: EngineName.timeSeriesStore,
        required: true,
        start: async () => {
          this.timeSeriesStore = await TimeSeriesStore.open(join(this.config.home, DataDirFiles.timeSeries));
        },
        stop: async () => {
          await this.timeSeriesStore?.close();
          this.timeSeriesStore = null;
        },
      },
      {
        name: EngineName.stateStore,
        required: true,
        start: () => {
          this.stateStore = StateStore.open(join(this.config.home, DataDirFiles.state));
        },
        stop: () => {
          this.stateStore?.close();
          this.stateStore = null;
        },
      },
      {
        name: EngineName.workerPool,
        required: true,
        start: () => undefined, // threads start on demand
        stop: () => this.workers.close(),
      },
      {
        name: EngineName.marketData,
        required: false,
        start: () => {
          this.marketDataStarting = this.startMarketData();
        },
        stop: async () => {
          this.cancelBackgroundStart();
          await this.marketDataStarting;
          this.simulator?.market.stop();
          this.simulator?.liveBars.stop();
          await this.simulator?.recorder.stop();
          this.simulator?.features.stop();
          this.simulator = null;
          this.marketClock?.dispose();
          this.marketClock = null;
        },
      },
      {
        name: EngineName.marketDataProviders,
        required: false,
        start: () => this.marketDataService.start(),
        stop: () => this.marketDataService.stop(),
      },
      {
        name: EngineName.paperTrading,
        required: false,
        start: () => {
          this.paperStarting = this.startPaperTrading();
          // Callers see a failure through the handlers; keep it from being an unhandled rejection.
          this.paperStarting.catch(() => undefined);
          // Saved live strategy runs trade again once the account is up (in the background, like it).
          void this.paperStarting.then(() => this.strategyRuns.resumeAfterRestart(), () => undefined);
        },
        stop: async () => {
          this.cancelBackgroundStart();
          await this.strategyRuns.close();
          const paper = await this.paperStarting?.catch(() => undefined);
          paper?.stop();
          this.paperStarting = null;
        },
      },
      {
        name: EngineName.ibkr,
        required: false,
        start: () => this.ibkr.start(),
        stop: () => this.ibkr.stop(),
      },
      {
        name: EngineName.protocolServer,
        required: true,
        start: async () => {
          await this.server.listen();
          this.listening.open();
        },
        stop: async () => {
          this.protocol.close();
          await this.server.close();
        },
      },
    ];
  }

  private marketDataStores(): MarketDataStores {
    return { timeSeries: this.timeSeries, state: this.state };
  }

  /** Live indicators continue from the stored bars of the same step instead of warming up again. */
  private async primeLiveFeatures(features: StreamingFeatures, ids: readonly string[], spec: string): Promise<void> {
    const stored = new Set<string>((await this.timeSeries.listSeries()).filter((series) => series.barType === spec).map((series) => series.instrumentId));
    for (const instrumentId of ids) {
      if (!stored.has(instrumentId)) continue;
      features.primeColumns(instrumentId, spec, await this.timeSeries.readBars({ instrumentId, barType: spec, limit: LIVE_FEATURES_PRIMING_BARS, fromEnd: true }));
    }
  }

  /**
   * Once the server listens: the first start writes the demo universe; then the simulator streams
   * quotes, trades and depth at once, and the live indicators join when primed from stored bars.
   */
  private async startMarketData(): Promise<void> {
    try {
      await this.listening.opened;
      // A macrotask: Workstation.start() returns (and `nws serve` prints the URL) before the
      // synchronous demo-market generation of a first start takes the thread.
      await new Promise((resolve) => setImmediate(resolve));
      if (!this.config.market.demo || this.marketDataStopRequested) return;
      const stores = this.marketDataStores();
      const { created } = await ensureDemoData(stores);
      const clock = new WallClock();
      this.marketClock = clock;
      this.demoDataWritten.open();
      traceStartup(created ? 'demo data written' : 'demo data present');
      if (created) this.log('info', EngineName.marketData, 'demo market data written');
      if (this.marketDataStopRequested) return;
      const instruments = await simulatedInstrumentsFromStores(stores);
      // A depth snapshot with every quote of a watched instrument (4 a second), so a new depth
      // subscriber sees its first book within a quarter second instead of a second.
      const market = new MarketSimulator(this.bus, clock, instruments, { depthEvery: 1 });
      const ids = instruments.map((instrument) => instrument.instrumentId);
      const spec = this.config.market.liveBars;
      const liveBars = new LiveBarAggregator(this.bus, clock, ids, spec);
      // Live bars go to the store too: after a restart, charts, backtests and resumed strategies see them.
      const recorder = new LiveBarRecorder(this.timeSeries, { onError: (message) => this.log('warn', EngineName.marketData, message) });
      liveBars.onBar((bar) => recorder.record(bar));
      recorder.start();
      const features = new StreamingFeatures(this.bus, ids.map((instrumentId) => ({ instrumentId, barType: spec, indicators: LIVE_FEATURES })));
      this.simulator = { market, liveBars, recorder, features };
      const barsWhilePriming = this.collectLiveBars(ids, spec);
      liveBars.start();
      market.start();
      traceStartup('market simulator streaming');
      await this.startLiveFeatures(features, ids, spec, barsWhilePriming);
    } catch (error) {
      const message = `demo market unavailable: ${(error as Error).message}`;
      this.log('error', EngineName.marketData, message);
      this.reportEngineState(EngineName.marketData, 'degraded', message);
    } finally {
      this.demoDataWritten.open();
    }
  }

  /**
   * Stopping (or a later component failing to start): the background start gives up at its next
   * step and whatever waits for it is released instead of waiting forever.
   */
  private cancelBackgroundStart(): void {
    this.marketDataStopRequested = true;
    this.backgroundCancelled.open();
    this.listening.open();
    this.demoDataWritten.open();
  }

  /**
   * Primes the live indicators from stored bars, then the ones that closed meanwhile, then lets
   * them follow the bus. Indicators publish when a bar closes (a minute at the default step), so
   * priming waits a little: the first screen's own reads (chart bars, instruments) come first.
   */
  private async startLiveFeatures(features: StreamingFeatures, ids: readonly InstrumentId[], spec: string, barsWhilePriming: { stop(): Array<{ instrumentId: InstrumentId; bar: Bar }> }): Promise<void> {
    try {
      await this.backgroundDelay(LIVE_FEATURES_PRIMING_DELAY_MS);
      if (this.marketDataStopRequested) return;
      await this.primeLiveFeatures(features, ids, spec);
    } finally {
      // Bars that closed while priming come after the stored ones: applied (not published) in
      // order, then the features follow the bus. Same thread, so no bar falls in between.
      for (const { instrumentId, bar } of barsWhilePriming.stop()) features.prime(instrumentId, spec, [bar]);
    }
    if (this.marketDataStopRequested) return;
    features.start();
    traceStartup('live features primed');
  }

  /** Resolves after `ms`, or at once when the background start is cancelled. */
  private async backgroundDelay(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), this.backgroundCancelled.opened]);
    clearTimeout(timer);
  }

  /** Keeps the live bars of `ids` published from now until stop() (which returns them, oldest first). */
  private collectLiveBars(ids: readonly InstrumentId[], spec: string): { stop(): Array<{ instrumentId: InstrumentId; bar: Bar }> } {
    const bars: Array<{ instrumentId: InstrumentId; bar: Bar }> = [];
    const disposers = ids.map((instrumentId) =>
      this.bus.subscribe(topics.bars(instrumentId, spec), (bar) => void bars.push({ instrumentId, bar }), { name: 'live bars while priming features' }),
    );
    return {
      stop() {
        for (const dispose of disposers) dispose();
        return bars;
      },
    };
  }

  /** A replay takes the demo market's place: live quotes, trades and bars would mix with the replayed ones. */
  private pauseLiveMarket(): void {
    this.simulator?.market.stop();
    this.simulator?.liveBars.stop();
  }

  private resumeLiveMarket(): void {
    if (this.stopping !== null) return;
    this.simulator?.liveBars.start();
    this.simulator?.market.start();
  }

  /** The paper account, once it is up (after the demo market); UNAVAILABLE if it could not start. */
  async paperTrading(): Promise<PaperTrading> {
    if (this.paperStarting === null) throw new NwsError(ErrorCode.Unavailable, `engine "${EngineName.paperTrading}" is not running`);
    return this.paperStarting;
  }

  /** Recovers open orders and positions from the journal, then trades on the simulator's quotes. */
  private async startPaperTrading(): Promise<PaperTrading> {
    // Paper trading needs the instruments and the market's clock, not the quotes: it answers
    // the dashboard's account and blotter requests while the simulator is still starting.
    await this.demoDataWritten.opened;
    if (this.marketDataStopRequested) throw new NwsError(ErrorCode.Unavailable, `engine "${EngineName.paperTrading}" is stopping`);
    try {
      const paper = PaperTrading.start({
        bus: this.bus,
        store: this.state,
        instruments: this.state.listInstruments(),
        ...(this.marketClock === null ? {} : { clock: this.marketClock }),
      });
      this.log('info', EngineName.paperTrading, 'paper trading ready');
      traceStartup('paper trading ready');
      return paper;
    } catch (error) {
      const message = `paper trading unavailable: ${(error as Error).message}`;
      this.log('error', EngineName.paperTrading, message);
      this.reportEngineState(EngineName.paperTrading, 'faulted', message);
      throw new NwsError(ErrorCode.Unavailable, message);
    }
  }

  private log(level: LogLevel, source: string, message: string): void {
    if (!this.bus.closed) this.bus.publish(topics.logs(level, source), { level, source, message, ts: Date.now() });
  }

  private publishStatus(status: EngineStatus): void {
    if (!this.bus.closed) this.bus.publish(topics.engineStatus(status.engine), status);
  }
}

/** Indicators kept live on every simulated instrument (published on features.<symbol>.<venue>.<spec>.<key>). */
const LIVE_FEATURES: readonly IndicatorSpec[] = [
  { name: 'ema', params: { timeperiod: 20 } },
  { name: 'rsi', params: { timeperiod: 14 } },
  { name: 'bbands', params: { timeperiod: 20 } },
];
const LIVE_FEATURES_PRIMING_BARS = 500;
/** How long after the simulator starts the live indicators are primed (see startMarketData). */
const LIVE_FEATURES_PRIMING_DELAY_MS = 3_000;

/** A one-way latch: `opened` resolves once open() was called (any number of times). */
class Gate {
  readonly opened: Promise<void>;
  open: () => void = () => undefined;
  constructor() {
    this.opened = new Promise<void>((resolve) => (this.open = resolve));
  }
}

function running<T>(component: T | null, name: string): T {
  if (component === null) throw new NwsError(ErrorCode.Conflict, `engine "${name}" is not running`);
  return component;
}

function ensureDataDir(home: string): void {
  try {
    mkdirSync(home, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new NwsError(ErrorCode.StorageError, `cannot create data directory ${home}: ${(error as Error).message}`);
  }
}
