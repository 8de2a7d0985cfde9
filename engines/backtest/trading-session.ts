/**
 * One strategy trading through the order manager and a venue, driven bar by bar. The backtest
 * pulls bars from a feed and pushes them here with a SimulatedClock; paper trading pushes live
 * bars with a WallClock. Nothing else differs, so a replay in paper gives the backtest's fills.
 */
import { ErrorCode, NwsError, accountBalance, strategyId as makeStrategyId } from '@nws/core';
import type { Bar, ClientOrderId, Clock, Fill, Instrument, InstrumentId, Order, QuoteTick, StrategyId, TradeTick } from '@nws/core';
import { EquityCurve, OrderManager, SimulatedVenue } from '@nws/execution';
import type { RiskCheck, SimulatedVenueConfigInput } from '@nws/execution';
import { createIndicator } from '@nws/features';
import { Strategy, defaultTimeInForce } from '@nws/strategy';
import type { StrategyContext, StrategyOrderRequest } from '@nws/strategy';
import { SessionLogger } from './session-logger.js';
import { TradeTracker } from './trade-tracker.js';

export interface TradingSessionOptions {
  strategy: Strategy;
  instruments: readonly Instrument[];
  clock: Clock;
  /** Moves a simulated clock to each bar's time; absent for a wall clock. */
  advanceClock?: (ts: number) => void;
  venueConfig?: SimulatedVenueConfigInput;
  riskCheck?: RiskCheck;
  strategyId?: string;
  /** What the run feeds the strategy (its context's `stepsOn`); default bars. */
  stepsOn?: 'bars' | 'ticks';
  /** Time steps to size the equity curve for up front (a backtest's bar or tick count); it grows past this. */
  expectedSteps?: number;
  /**
   * Keep every fill in `fills` (default true). A summary run passes false: it needs only the
   * count and the commissions, and hundreds of thousands of kept fills cost the garbage collector
   * a copy each.
   */
  keepFills?: boolean;
  /** Keep every closed trade in `trades.closed` (default true); false keeps only `trades.totals`. */
  keepClosedTrades?: boolean;
  /** Keep finished orders in the order manager (default true); false keeps only the open ones and the totals. */
  keepFinishedOrders?: boolean;
  /** Keep every equity sample (default true); false keeps only the curve's summary (final value, drawdown). */
  keepEquitySamples?: boolean;
}

/**
 * A request whose defaults the order manager fills in as the context would: no strategy id (the
 * manager's default is the session's) and a time in force given or GTC by default.
 */
function isPlainStrategyRequest(request: StrategyOrderRequest): boolean {
  return (request as { strategyId?: unknown }).strategyId === undefined && (request.timeInForce !== undefined || defaultTimeInForce(request.type) === 'GTC');
}

/** Client order ids that depend only on submission order, so two runs give identical ids. */
function sequentialIds(prefix: string): () => ClientOrderId {
  let sequence = 0;
  return () => `${prefix}-${++sequence}` as ClientOrderId;
}

export class TradingSession {
  readonly venue: SimulatedVenue;
  readonly orderManager: OrderManager;
  readonly equityCurve: EquityCurve;
  /** Every fill in order, unless the session was made with `keepFills: false` (then empty). */
  readonly fills: Fill[] = [];
  readonly trades: TradeTracker;
  readonly logger: SessionLogger;
  readonly strategyId: StrategyId;
  private readonly strategy: Strategy;
  private readonly clock: Clock;
  private readonly advanceClock: ((ts: number) => void) | undefined;
  private readonly instruments: Map<InstrumentId, Instrument>;
  private readonly keepFills: boolean;
  private readonly stepsOn: 'bars' | 'ticks';
  private fillTotal = 0;
  private commissionTotal = 0;
  private pendingTs = Number.NaN;
  private barCount = 0;
  private tickCount = 0;
  private started = false;
  private stopped = false;

  constructor(options: TradingSessionOptions) {
    if (options.instruments.length === 0) throw new NwsError(ErrorCode.InvalidArgument, 'a trading session needs at least one instrument');
    this.equityCurve = new EquityCurve(options.expectedSteps, { keepSamples: options.keepEquitySamples ?? true });
    this.keepFills = options.keepFills ?? true;
    this.stepsOn = options.stepsOn ?? 'bars';
    this.strategy = options.strategy;
    this.clock = options.clock;
    this.advanceClock = options.advanceClock;
    this.strategyId = makeStrategyId(options.strategyId ?? 'STRATEGY-001');
    this.instruments = new Map(options.instruments.map((instrument) => [instrument.id, instrument]));
    this.venue = new SimulatedVenue({ instruments: options.instruments, ...(options.venueConfig === undefined ? {} : { config: options.venueConfig }) });
    this.orderManager = new OrderManager({
      venue: this.venue,
      now: () => this.clock.now(),
      nextClientOrderId: sequentialIds('O'),
      defaultStrategyId: this.strategyId,
      keepFinishedOrders: options.keepFinishedOrders ?? true,
      ...(options.riskCheck === undefined ? {} : { riskCheck: options.riskCheck }),
    });
    this.logger = new SessionLogger(() => this.clock.now());
    this.trades = new TradeTracker(options.keepClosedTrades ?? true);
    // Only a strategy that reads order updates gets them: without a listener the order manager
    // need not keep a snapshot of every state an order passes through.
    if (this.strategy.onOrderUpdate !== Strategy.prototype.onOrderUpdate) this.orderManager.onOrderUpdate((order) => this.strategy.onOrderUpdate(order));
    this.orderManager.onFillOnly((fill, position) => {
      this.fillTotal += 1;
      this.commissionTotal += fill.commission;
      if (this.keepFills) this.fills.push(fill);
      // The venue trades only for this session, so its position is the tracker's; the simulated
      // venue reports it with every fill.
      if (position !== undefined) this.trades.onFill(fill, position);
      this.strategy.onFill(fill);
    });
  }

  start(): void {
    if (this.started) throw new NwsError(ErrorCode.Conflict, 'trading session already started');
    this.started = true;
    this.strategy.attach(this.context());
    this.strategy.onStart();
  }

  /** Feeds one bar: the venue fills what the bar reaches, then the strategy sees the bar. */
  handleBar(bar: Bar): void {
    this.stepTo(bar.ts);
    this.barCount += 1;
    this.venue.processBar(bar);
    this.strategy.onBar(bar);
  }

  /** Feeds one quote: resting orders meet the new bid/ask (quote fill model), then the strategy's onQuote. */
  handleQuote(quote: QuoteTick): void {
    this.stepTo(quote.ts);
    this.tickCount += 1;
    this.venue.processQuote(quote);
    this.strategy.onQuote(quote);
  }

  /** Feeds one trade: resting limits at or through its price fill (queue first), then the strategy's onTrade. */
  handleTrade(trade: TradeTick): void {
    this.stepTo(trade.ts);
    this.tickCount += 1;
    this.venue.processTrade(trade);
    this.strategy.onTrade(trade);
  }

  /** A new time step: sample equity for the step that ended, then move the clock. */
  private stepTo(ts: number): void {
    if (ts === this.pendingTs) return;
    // Equity is sampled once per time step, after every event of that step.
    if (!Number.isNaN(this.pendingTs)) this.equityCurve.record(this.pendingTs, this.venue.equity());
    this.pendingTs = ts;
    this.advanceClock?.(ts);
  }

  /** Ends the run: the strategy's onStop, then the last equity sample. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.started) this.strategy.onStop();
    if (!Number.isNaN(this.pendingTs)) this.equityCurve.record(this.pendingTs, this.venue.equity());
  }

  get bars(): number {
    return this.barCount;
  }

  /** Fills so far (counted whether or not they are kept). */
  get fillCount(): number {
    return this.fillTotal;
  }

  /** Commissions of every fill so far, added in fill order. */
  get commissions(): number {
    return this.commissionTotal;
  }

  /** Quote and trade ticks fed so far. */
  get ticks(): number {
    return this.tickCount;
  }

  cash(): number {
    const account = this.venue.account();
    return accountBalance(account).total;
  }

  private context(): StrategyContext {
    const manager = this.orderManager;
    const venue = this.venue;
    const strategyId = this.strategyId;
    /** The strategy's id as submit and close add it: one object for the run, not one per order. */
    const owner = { strategyId };
    const instrumentIds = Object.freeze([...this.instruments.keys()]);
    const requireInstrument = (instrumentId: InstrumentId): void => {
      if (!this.instruments.has(instrumentId)) {
        throw new NwsError(ErrorCode.UnknownInstrument, `instrument ${instrumentId} is not part of this run (${instrumentIds.join(', ')})`);
      }
    };
    return {
      strategyId,
      clock: this.clock,
      log: this.logger,
      instrumentIds,
      stepsOn: this.stepsOn,
      position: (instrumentId) => venue.position(instrumentId),
      netQty: (instrumentId) => venue.netQty(instrumentId),
      account: () => venue.account(),
      cash: () => this.cash(),
      equity: () => venue.equity(),
      openOrders: (instrumentId) => {
        const open = manager.openOrders();
        return instrumentId === undefined ? open : open.filter((order) => order.instrumentId === instrumentId);
      },
      order: (clientOrderId) => manager.order(clientOrderId),
      submit: (request) => {
        requireInstrument(request.instrumentId);
        // The usual request names no strategy and wants GTC, which are what the manager fills in
        // (it copies the request as it validates it, so the strategy's object stays untouched):
        // sent as it is. Otherwise the context's defaults first, the strategy's id last.
        if (isPlainStrategyRequest(request)) return manager.place(request);
        // Object.assign rather than a spread with extra fields: V8 keeps it a fast object.
        return manager.place(Object.assign({ timeInForce: defaultTimeInForce(request.type) }, request, owner));
      },
      cancel: (clientOrderId) => {
        manager.cancel(clientOrderId);
      },
      modify: (clientOrderId, changes) => {
        manager.modify(clientOrderId, changes);
      },
      close: (instrumentId) => {
        requireInstrument(instrumentId);
        return manager.placeClose(instrumentId, owner);
      },
      bracket: (request) => {
        requireInstrument(request.instrumentId);
        const legs = manager.submitBracket({ ...request, strategyId });
        return { entry: legs.entry.clientOrderId, takeProfit: legs.takeProfit.clientOrderId, stopLoss: legs.stopLoss.clientOrderId };
      },
      indicator: (name, params, options) => createIndicator(name, params, options),
    };
  }

  orders(): Order[] {
    return this.orderManager.orders();
  }
}
