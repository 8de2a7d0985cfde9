/**
 * StrategyRunner: one Strategy (the same object a backtest drives) trading the paper account on
 * bars from the bus: the live simulator's bars, or a replay's. Its orders go through the paper
 * account's OrderManager, so through the RiskEngine and the journal; its fills and order updates
 * come back synchronously from that manager, as in a backtest's TradingSession. On a replay, each
 * bar first goes to the paper venue (`PaperTrading.processBar`) and then to the strategy, which is
 * the backtest's order of events, so the two give the same fills. On a tick replay (`ticks`) the
 * strategy trades on the replayed quotes and trades, which reach the venue first (the account and
 * the replay session subscribed before the run), as in a tick backtest.
 */
import { ErrorCode, NwsError, isTerminal, topics } from '@nws/core';
import type { Bar, ClientOrderId, Clock, Fill, InstrumentId, LogLevel, MessageBus, Order, QuoteTick, StrategyId, TradeTick } from '@nws/core';
import { orderReason } from '@nws/execution';
import { createIndicator } from '@nws/features';
import { defaultTimeInForce } from '@nws/strategy';
import type { Strategy, StrategyContext, StrategyLogger } from '@nws/strategy';
import type { BarFeed } from '@nws/backtest';
import type { ReplayTickKind } from '@nws/marketdata';
import type { PaperTrading } from './paper-trading.js';

export type StrategySource = 'live' | 'replay';

/**
 * `running`; `stopped` by request; `finished` when its replay ended; `failed` when the strategy
 * threw (or could not be resumed); `interrupted` when the Host stopped during its replay (set by
 * the next Host start, never by a runner).
 */
export type StrategyRunStatus = 'running' | 'stopped' | 'finished' | 'failed' | 'interrupted';

export interface StrategyRunView {
  strategyRunId: string;
  strategy: string;
  params: Record<string, unknown>;
  instrumentIds: string[];
  /** The bar spec it trades on, or `ticks` on a tick replay. */
  barType: string;
  /** On a tick replay: the tick kinds replayed. */
  ticks?: ReplayTickKind[];
  source: StrategySource;
  /** The replay feeding it (source `replay`). */
  replayId?: string;
  status: StrategyRunStatus;
  /** Wall time, epoch ms: when it was first started (a resumed run keeps it). */
  startedAt: number;
  stoppedAt?: number;
  /** When a Host start last resumed it after a restart, and how many times one has. */
  resumedAt?: number;
  resumes?: number;
  /** What happened to it across a restart, in words: `resumed after restart`. */
  note?: string;
  /** A resumed run: the stored bars it warmed up on before its first live bar. */
  warmUpBars?: number;
  /** Bars the strategy has seen. */
  bars: number;
  /** On a tick replay: quotes and trades the strategy has seen. */
  ticksSeen?: number;
  /** Orders it submitted (including refused ones), fills it got. */
  orders: number;
  openOrders: number;
  fills: number;
  /** The run's P&L on the paper account (PnlTracker, average cost, account currency). */
  realizedPnl: number;
  unrealizedPnl: number;
  totalPnl: number;
  /** Why it failed or was interrupted. */
  error?: string;
}

/** What a resumed run carries over from before the restart. */
export interface ResumedRun {
  /** The run's first start, epoch ms. */
  startedAt: number;
  /** This resume, epoch ms. */
  resumedAt: number;
  resumes: number;
  /** Counters of the run before the restart (as last saved). */
  bars: number;
  orders: number;
  fills: number;
}

/** What a change listener gets: the status now, and the runner to ask for its view. */
export interface RunChange {
  status: StrategyRunStatus;
  runner: StrategyRunner;
}

export interface StrategyRunnerOptions {
  runId: StrategyId;
  strategyName: string;
  strategy: Strategy;
  paper: PaperTrading;
  bus: MessageBus;
  instrumentIds: readonly InstrumentId[];
  /** Normalised bar spec, e.g. `1m`; TICK_REPLAY_BAR_TYPE with `ticks`. */
  barType: string;
  /** Set on a tick replay: the strategy gets the replayed quotes and trades, and no bars. */
  ticks?: readonly ReplayTickKind[];
  source: StrategySource;
  /** The strategy's clock: a replay's SimulatedClock, or wall time for live bars. */
  clock: Clock;
  replayId?: string;
  /** Set when this is a run started again by a Host start (same run id, new strategy object). */
  resumed?: ResumedRun;
  /**
   * Stored bars (merged by time) the strategy sees right after `onStart`, before any live bar, so
   * its indicators and state are where they were: a resumed run's warm-up. Orders it asks for
   * meanwhile are not sent (their ids start with `WARMUP-`).
   */
  warmUp?: BarFeed;
}

/** Prefix of the ids a strategy gets for orders it asks for during its warm-up (never sent). */
const WARM_UP_ORDER_PREFIX = 'WARMUP-';

export class StrategyRunner {
  readonly runId: StrategyId;
  readonly fills: Fill[] = [];
  private readonly options: StrategyRunnerOptions;
  private readonly orderIds = new Set<ClientOrderId>();
  /** Orders a resumed run had working before the restart: counted as open, not as new. */
  private readonly inheritedOrderIds = new Set<ClientOrderId>();
  private readonly disposers: Array<() => void> = [];
  private readonly listeners: Array<(change: RunChange) => void> = [];
  private readonly startedAt: number;
  private stoppedAt: number | undefined;
  private status: StrategyRunStatus = 'running';
  private error: string | undefined;
  private barCount = 0;
  private tickCount = 0;
  private started = false;
  /** While the warm-up bars play: orders are not sent. */
  private warmingUp = false;
  private warmUpOrders = 0;

  constructor(options: StrategyRunnerOptions) {
    this.options = options;
    this.runId = options.runId;
    this.startedAt = options.resumed?.startedAt ?? Date.now();
  }

  /** Attaches the strategy, listens to the manager and the bus, then calls `onStart`. */
  start(): void {
    if (this.started) throw new NwsError(ErrorCode.Conflict, `strategy run ${this.runId} already started`);
    this.started = true;
    const { strategy, paper, bus, instrumentIds, barType, source } = this.options;
    strategy.attach(this.context());
    if (this.options.resumed !== undefined) {
      for (const order of paper.manager.openOrders()) if (order.strategyId === this.runId) this.inheritedOrderIds.add(order.clientOrderId);
    }
    this.disposers.push(
      paper.manager.onOrderUpdate((order) => {
        if (order.strategyId !== this.runId) return;
        if (!this.inheritedOrderIds.has(order.clientOrderId)) this.orderIds.add(order.clientOrderId);
        this.guard(() => strategy.onOrderUpdate(order));
      }),
      paper.manager.onFill((fill, order) => {
        if (order.strategyId !== this.runId) return;
        this.fills.push(fill);
        this.guard(() => strategy.onFill(fill));
        // A live fill comes with a quote, not a bar: listeners (the saved run) hear of it now.
        this.changed();
      }),
    );
    const name = `strategy ${this.runId}`;
    const onTicks = this.options.ticks !== undefined;
    for (const instrumentId of instrumentIds) {
      if (!onTicks) this.disposers.push(bus.subscribe(topics.bars(instrumentId, barType), (bar) => this.onBar(bar), { name }));
      // A bar replay's quotes and trades are derived from its bars; a backtest on bars never shows
      // them to the strategy, so neither does a bar replay run. Live runs get the real ones, and a
      // tick replay run the stored ones.
      if (source === 'live' || onTicks) {
        this.disposers.push(bus.subscribe(topics.quotes(instrumentId), (quote) => this.onQuote(quote), { name }));
        this.disposers.push(bus.subscribe(topics.trades(instrumentId), (trade) => this.onTrade(trade), { name }));
      }
    }
    if (this.guard(() => strategy.onStart()) && this.options.warmUp !== undefined) this.warmUpOn(this.options.warmUp);
  }

  /** Plays stored bars to the strategy alone: no venue, no orders, no counters. */
  private warmUpOn(feed: BarFeed): void {
    this.warmingUp = true;
    try {
      // A strategy that throws fails once (see guard), not once per bar.
      for (let bar = feed.next(); bar !== undefined; bar = feed.next()) if (!this.guard(() => this.options.strategy.onBar(bar))) break;
    } finally {
      this.warmingUp = false;
    }
    const asked = this.warmUpOrders === 0 ? '' : `; ${this.warmUpOrders} order request(s) during the warm-up were not sent`;
    this.log('info', `strategy ${this.runId} warmed up on ${feed.total} stored bar(s)${asked}`);
  }

  /** Ends the run: unsubscribes, then the strategy's `onStop`. Working orders stay on the account. */
  stop(status: Exclude<StrategyRunStatus, 'running'> = 'stopped', error?: string): void {
    if (this.status !== 'running') return;
    this.status = status;
    if (error !== undefined) this.error = error;
    this.stoppedAt = Date.now();
    for (const dispose of this.disposers.splice(0)) dispose();
    if (this.started && status !== 'failed') {
      try {
        this.options.strategy.onStop();
      } catch (caught) {
        this.status = 'failed';
        this.error = `onStop threw: ${(caught as Error).message}`;
      }
    }
    this.changed();
  }

  get running(): boolean {
    return this.status === 'running';
  }

  get source(): StrategySource {
    return this.options.source;
  }

  /** Orders submitted and fills received, before and after a restart: cheap, for change detection. */
  activity(): { orders: number; fills: number } {
    const carried = this.options.resumed;
    return { orders: (carried?.orders ?? 0) + this.orderIds.size, fills: (carried?.fills ?? 0) + this.fills.length };
  }

  /** Called after each bar, each fill and on every status change; `view()` is left to the listener (it costs). */
  onChange(listener: (change: RunChange) => void): void {
    this.listeners.push(listener);
  }

  view(): StrategyRunView {
    const { paper, strategyName, strategy, instrumentIds, barType, ticks, source, replayId, resumed } = this.options;
    const pnl = paper.pnl.strategyPnl(this.runId);
    let openOrders = 0;
    for (const ids of [this.orderIds, this.inheritedOrderIds]) {
      for (const id of ids) {
        const order = paper.manager.order(id);
        if (order !== undefined && !isTerminal(order.status)) openOrders += 1;
      }
    }
    const activity = this.activity();
    return {
      strategyRunId: this.runId,
      strategy: strategyName,
      params: { ...(strategy.params as Record<string, unknown>) },
      instrumentIds: [...instrumentIds],
      barType,
      ...(ticks === undefined ? {} : { ticks: [...ticks] }),
      source,
      ...(replayId === undefined ? {} : { replayId }),
      status: this.status,
      startedAt: this.startedAt,
      ...(this.stoppedAt === undefined ? {} : { stoppedAt: this.stoppedAt }),
      ...(resumed === undefined ? {} : { resumedAt: resumed.resumedAt, resumes: resumed.resumes, note: 'resumed after restart' }),
      ...(this.options.warmUp === undefined ? {} : { warmUpBars: this.options.warmUp.total }),
      bars: (resumed?.bars ?? 0) + this.barCount,
      ...(ticks === undefined ? {} : { ticksSeen: this.tickCount }),
      orders: activity.orders,
      openOrders,
      fills: activity.fills,
      realizedPnl: pnl.realized,
      unrealizedPnl: pnl.unrealized,
      totalPnl: pnl.total,
      ...(this.error === undefined ? {} : { error: this.error }),
    };
  }

  // ---- events in ----

  private onBar(bar: Bar): void {
    if (!this.running) return;
    // The venue sees the bar before the strategy (a no-op for quote-driven live instruments).
    this.options.paper.processBar(bar);
    this.barCount += 1;
    this.guard(() => this.options.strategy.onBar(bar));
    this.changed();
  }

  private onQuote(quote: QuoteTick): void {
    if (!this.running) return;
    this.guard(() => this.options.strategy.onQuote(quote));
    this.countTick();
  }

  private onTrade(trade: TradeTick): void {
    if (!this.running) return;
    this.guard(() => this.options.strategy.onTrade(trade));
    this.countTick();
  }

  /** On a tick replay each tick is a step of the run, as a bar is on bars (live ticks are not counted). */
  private countTick(): void {
    if (this.options.ticks === undefined) return;
    this.tickCount += 1;
    this.changed();
  }

  /** A strategy that throws is stopped (`failed`, with its message); the account carries on. False when it threw. */
  private guard(action: () => void): boolean {
    if (!this.running) return false;
    try {
      action();
      return true;
    } catch (caught) {
      const message = caught instanceof Error ? caught.message : String(caught);
      this.log('error', `strategy ${this.runId} failed: ${message}`);
      // Not from inside the manager's listener loop: finish the current event first.
      queueMicrotask(() => this.stop('failed', message));
      return false;
    }
  }

  private changed(): void {
    const change: RunChange = { status: this.status, runner: this };
    for (const listener of this.listeners) listener(change);
  }

  private log(level: LogLevel, message: string, data?: unknown): void {
    const { bus, clock } = this.options;
    if (bus.closed) return;
    bus.publish(topics.logs(level, `strategy-${this.runId}`), {
      level,
      source: `strategy-${this.runId}`,
      message,
      ts: clock.now(),
      ...(data === undefined ? {} : { fields: { data } }),
    });
  }

  // ---- the strategy's view of the paper account ----

  private context(): StrategyContext {
    const { paper, clock, instrumentIds } = this.options;
    const manager = paper.manager;
    const venue = paper.venue;
    const strategyId = this.runId;
    const ids = Object.freeze([...instrumentIds]);
    const requireInstrument = (instrumentId: InstrumentId): void => {
      if (!ids.includes(instrumentId)) throw new NwsError(ErrorCode.UnknownInstrument, `instrument ${instrumentId} is not part of strategy run ${strategyId} (${ids.join(', ')})`);
    };
    const logger: StrategyLogger = {
      debug: (message, data) => this.log('debug', message, data),
      info: (message, data) => this.log('info', message, data),
      warn: (message, data) => this.log('warn', message, data),
      error: (message, data) => this.log('error', message, data),
    };
    return {
      strategyId,
      clock,
      log: logger,
      instrumentIds: ids,
      resumed: this.options.resumed !== undefined,
      stepsOn: this.options.ticks === undefined ? 'bars' : 'ticks',
      position: (instrumentId) => venue.position(instrumentId),
      netQty: (instrumentId) => venue.netQty(instrumentId),
      account: () => venue.account(),
      cash: () => venue.cash(),
      equity: () => venue.equity(),
      openOrders: (instrumentId) => manager.openOrders().filter((order) => order.strategyId === strategyId && (instrumentId === undefined || order.instrumentId === instrumentId)),
      order: (clientOrderId) => manager.order(clientOrderId),
      submit: (request) => {
        requireInstrument(request.instrumentId);
        if (this.warmingUp) return this.notSent();
        return this.track(manager.submit({ timeInForce: defaultTimeInForce(request.type), ...request, strategyId })).clientOrderId;
      },
      cancel: (clientOrderId) => {
        if (!clientOrderId.startsWith(WARM_UP_ORDER_PREFIX)) manager.cancel(clientOrderId);
      },
      modify: (clientOrderId, changes) => {
        if (!clientOrderId.startsWith(WARM_UP_ORDER_PREFIX)) manager.modify(clientOrderId, changes);
      },
      close: (instrumentId) => {
        requireInstrument(instrumentId);
        if (this.warmingUp) return this.notSent();
        const order = manager.closePosition(instrumentId, { strategyId });
        return order === undefined ? undefined : this.track(order).clientOrderId;
      },
      bracket: (request) => {
        requireInstrument(request.instrumentId);
        if (this.warmingUp) return { entry: this.notSent(), takeProfit: this.notSent(), stopLoss: this.notSent() };
        const legs = manager.submitBracket({ ...request, strategyId });
        for (const leg of [legs.entry, legs.takeProfit, legs.stopLoss]) this.track(leg);
        return { entry: legs.entry.clientOrderId, takeProfit: legs.takeProfit.clientOrderId, stopLoss: legs.stopLoss.clientOrderId };
      },
      indicator: (name, params, options) => createIndicator(name, params, options),
    };
  }

  /** The id of an order asked for during the warm-up: counted, never sent. */
  private notSent(): ClientOrderId {
    this.warmUpOrders += 1;
    return `${WARM_UP_ORDER_PREFIX}${this.warmUpOrders}` as ClientOrderId;
  }

  /** Counts an order as the run's and logs a refusal (the strategy sees the DENIED/REJECTED status). */
  private track(order: Order): Order {
    this.orderIds.add(order.clientOrderId);
    if (order.status === 'DENIED' || order.status === 'REJECTED') this.log('warn', `order ${order.clientOrderId} ${order.status.toLowerCase()}: ${orderReason(order) ?? 'no reason given'}`);
    return order;
  }
}
