// PaperTrading: the Host's paper account. One OrderManager and SimulatedVenue driven by the live
// simulator's quotes from the bus, the Host's StateStore as journal (journal before act), the
// RiskEngine as the manager's risk check, the KillSwitch on the manager, a RiskMonitor on a wall
// clock, and a PnlTracker publishing P&L. Orders, fills, positions and the account go out on the
// bus. On start it rebuilds its state from the journal (recovery.ts).
import { ClientOrderIdGenerator, ErrorCode, NwsError, WallClock, isTerminal, parseOrderRequest, patterns, topics } from '@nws/core';
import type { Account, AccountId, Bar, ClientOrderId, Clock, Fill, Instrument, InstrumentId, MessageBus, Order, Position, QuoteTick, Topic, TradeTick } from '@nws/core';
import { OrderManager, SimulatedVenue, orderReason } from '@nws/execution';
import { KillSwitch, RiskEngine, RiskMonitor, RiskState, forecastDailyLossLimits } from '@nws/risk';
import type { BreachForecast, KillSwitchReport, KillSwitchStatus, LimitConfig, LimitUtilisation, ReturnHistory, RiskStore } from '@nws/risk';
import { PnlTracker } from '@nws/analytics';
import type { StateStore } from '@nws/storage';
import { definePaperTradingConfig } from './config.js';
import type { PaperTradingConfig, PaperTradingConfigInput } from './config.js';
import { PaperOrderIndex } from './order-index.js';
import { PaperJournal } from './paper-journal.js';
import { journalledFills, replayFills, restoreOpenOrders } from './recovery.js';
import { ReplayClock } from './replay-clock.js';
import { instrumentUtilisation, type InstrumentUtilisationGrid } from './instrument-utilisation.js';
import type { BracketOrders, BracketRequest, OrderModification } from '@nws/execution';
import { precheckOrder, type PrecheckReport } from './risk-precheck.js';
import { storedBreaches, type StoredBreach } from './stored-breaches.js';

export interface PaperTradingOptions {
  bus: MessageBus;
  store: StateStore;
  /** Instruments to trade; those not on the paper venue or not in its currency are left out. */
  instruments: ReadonlyArray<Instrument>;
  /** Drives the risk monitor's timer and the manager's timestamps; default a WallClock of its own. */
  clock?: Clock;
  config?: PaperTradingConfigInput;
}

export interface PaperAccountView {
  account: Account;
  /** Cash + positions at their last price, account currency. */
  equity: number;
  cash: number;
  realizedPnl: number;
  unrealizedPnl: number;
  tradingState: string;
}

export interface LimitView {
  limit: LimitConfig;
  id: string;
  utilisation: LimitUtilisation | undefined;
  /** Daily-loss limits: P(breach before the session ends), see `dailyLossForecasts`. */
  breachProbability?: number | undefined;
}

export class PaperTrading {
  readonly config: PaperTradingConfig;
  readonly venue: SimulatedVenue;
  readonly manager: OrderManager;
  readonly risk: RiskEngine;
  readonly killSwitch: KillSwitch;
  readonly monitor: RiskMonitor;
  readonly pnl: PnlTracker;
  private readonly bus: MessageBus;
  private readonly store: StateStore;
  private readonly clock: ReplayClock;
  private readonly ownsClock: boolean;
  private readonly journal: PaperJournal;
  private readonly index: PaperOrderIndex;
  private readonly idGenerator: ClientOrderIdGenerator;
  private readonly lastQuotes = new Map<InstrumentId, QuoteTick>();
  /** Working orders per instrument: the venue sees quotes only where something can happen. */
  private readonly working = new Map<InstrumentId, Set<ClientOrderId>>();
  private readonly disposers: Array<() => void> = [];
  /** Instruments a bar replay drives (holders per instrument): their orders fill on bars, not quotes. */
  private readonly barDriven = new Map<InstrumentId, number>();
  /** Instruments a tick replay drives (holders per instrument): the venue sees every quote and trade. */
  private readonly tickDriven = new Map<InstrumentId, number>();
  /** Open time of the last bar each bar-driven instrument's orders were matched against. */
  private readonly lastBarTs = new Map<InstrumentId, number>();
  private stopped = false;

  private constructor(options: PaperTradingOptions) {
    this.config = definePaperTradingConfig(options.config);
    this.bus = options.bus;
    this.store = options.store;
    this.ownsClock = options.clock === undefined;
    this.clock = new ReplayClock(options.clock ?? new WallClock());
    const instruments = tradable(options.instruments, this.config);
    this.venue = new SimulatedVenue({ instruments, config: this.config.venue });
    this.index = new PaperOrderIndex(this.store);
    this.journal = new PaperJournal(this.store);
    this.idGenerator = new ClientOrderIdGenerator({ now: () => this.clock.now(), prefix: 'P' });

    const riskState = new RiskState({ startingEquity: this.venue.config.startingCash, ts: this.clock.now() });
    for (const instrument of instruments) riskState.registerInstrument(instrument);
    const riskStore: RiskStore = this.store;
    this.risk = new RiskEngine({ state: riskState, store: riskStore, clock: this.clock, config: { limits: [...this.config.limits] } });
    this.pnl = new PnlTracker({ accountId: this.venue.config.accountId as AccountId, baseCurrency: this.venue.config.baseCurrency, bus: this.bus });

    this.recoverPositions(riskState);
    this.manager = new OrderManager({
      venue: this.venue,
      now: () => this.clock.now(),
      journal: this.journal,
      nextClientOrderId: () => this.newClientOrderId(),
    });
    this.manager.onOrderUpdate((order) => this.onOrderUpdate(order));
    this.manager.onFill((fill, order) => this.onFill(fill, order));
    // Restored orders passed the risk check when first sent (and must come back even while the
    // kill switch is engaged); every new order goes through the engine from here on.
    for (const order of this.store.openOrders()) this.takeOn(order.instrumentId);
    restoreOpenOrders(this.manager, this.journal, this.store, this.venue.venueId, this.clock.now());
    this.manager.setRiskCheck(this.risk.riskCheck);

    this.killSwitch = new KillSwitch({ engine: this.risk, target: this.manager, store: riskStore, bus: this.bus, clock: this.clock });
    this.monitor = new RiskMonitor({ engine: this.risk, clock: this.clock, bus: this.bus, killSwitch: this.killSwitch, intervalMs: this.config.monitorIntervalMs });
  }

  /** Builds the component, recovers from the journal, then starts listening to quotes. */
  static start(options: PaperTradingOptions): PaperTrading {
    const paper = new PaperTrading(options);
    paper.disposers.push(paper.bus.subscribe(patterns.quotes({ venue: paper.venue.venueId }), (quote) => paper.onQuote(quote), { name: 'paper-trading' }));
    paper.monitor.start();
    return paper;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.monitor.stop();
    for (const dispose of this.disposers.splice(0)) dispose();
    if (this.ownsClock && this.clock.base instanceof WallClock) this.clock.base.dispose();
  }

  // ---- orders ----

  /**
   * Submits one order request (validated by core's schema). Returns the order after the venue's
   * immediate answer; throws INVALID_ORDER naming the risk refusal or the venue's rejection,
   * and CONFLICT while the kill switch is engaged.
   */
  submit(input: unknown): Order {
    this.assertRunning();
    const request = parseOrderRequest(input);
    // Only a valid id is indexed: recovery reads the journal by these ids.
    if (request.clientOrderId !== undefined) this.index.add(request.clientOrderId);
    this.takeOn(request.instrumentId);
    this.primeVenue(request.instrumentId);
    const order = this.journal.present(this.manager.submit(request));
    if (order.status === 'DENIED') {
      if (this.killSwitch.engaged) {
        const status = this.killSwitch.status();
        throw new NwsError(ErrorCode.Conflict, `kill switch engaged (${status.reason ?? 'manual'}): new orders are refused until re-armed (nws kill --rearm --by NAME)`, { order });
      }
      throw new NwsError(ErrorCode.InvalidOrder, `order ${order.clientOrderId} refused by risk: ${orderReason(order) ?? 'no reason given'}`, { order });
    }
    if (order.status === 'REJECTED') {
      throw new NwsError(ErrorCode.InvalidOrder, `order ${order.clientOrderId} rejected by venue ${this.venue.venueId}: ${orderReason(order) ?? 'no reason given'}`, { order });
    }
    return order;
  }

  cancel(clientOrderId: string): Order {
    this.assertRunning();
    if (this.manager.order(clientOrderId as ClientOrderId) === undefined) {
      throw new NwsError(ErrorCode.NotFound, `no paper order with client order id ${clientOrderId}`, { clientOrderId });
    }
    return this.journal.present(this.manager.cancel(clientOrderId as ClientOrderId));
  }

  /**
   * Amends a working order's quantity, price or trigger price; the amendment passes the risk
   * check again, and a refusal (INVALID_ORDER with the reason) leaves the order as it was.
   */
  modify(clientOrderId: string, changes: OrderModification): Order {
    this.assertRunning();
    if (this.manager.order(clientOrderId as ClientOrderId) === undefined) {
      throw new NwsError(ErrorCode.NotFound, `no paper order with client order id ${clientOrderId}`, { clientOrderId });
    }
    if (this.killSwitch.engaged) throw new NwsError(ErrorCode.Conflict, `kill switch engaged: orders cannot be modified until re-armed`, { clientOrderId });
    return this.journal.present(this.manager.modify(clientOrderId as ClientOrderId, changes));
  }

  /** Entry + take-profit + stop-loss; a refusal of any leg denies all three and throws with the reason. */
  submitBracket(request: BracketRequest): BracketOrders {
    this.assertRunning();
    this.takeOn(request.instrumentId);
    this.primeVenue(request.instrumentId);
    const legs = this.manager.submitBracket(request);
    const orders = { entry: this.journal.present(legs.entry), takeProfit: this.journal.present(legs.takeProfit), stopLoss: this.journal.present(legs.stopLoss) };
    const refused = [orders.entry, orders.takeProfit, orders.stopLoss].find((order) => order.status === 'DENIED' || order.status === 'REJECTED');
    if (refused !== undefined) {
      if (this.killSwitch.engaged) throw new NwsError(ErrorCode.Conflict, 'kill switch engaged: new orders are refused until re-armed', { orders });
      throw new NwsError(ErrorCode.InvalidOrder, `bracket ${orders.entry.clientOrderId} refused: ${orderReason(refused) ?? refused.status}`, { orders });
    }
    return orders;
  }

  /** Every limit's verdict on an order as if submitted now, without submitting it or changing state. */
  precheck(input: unknown): PrecheckReport {
    return precheckOrder(this.risk, parseOrderRequest(input), this.clock.now());
  }

  /** The latest fills of the paper account, newest first. */
  fills(limit: number): Fill[] {
    const fills: Fill[] = [];
    // Scan every order (newest first): an old working order may have filled a moment ago.
    for (const id of this.index.latest(this.index.all().length)) fills.push(...this.store.fillsFor(id));
    return fills.sort((a, b) => b.ts - a.ts).slice(0, limit);
  }

  /** The breach monitor's stored limit events of the last week, newest first. */
  breaches(limit: number): StoredBreach[] {
    return storedBreaches(this.store, this.clock.now(), limit);
  }

  /** Open orders (oldest first) and the latest finished ones (newest first), from the journal. */
  orders(recent = this.config.recentOrders): { open: Order[]; recent: Order[] } {
    const open = this.manager.openOrders().map((order) => this.journal.present(order));
    const finished: Order[] = [];
    for (const id of this.index.latest(this.index.all().length)) {
      if (finished.length >= recent) break;
      const order = this.store.getOrder(id);
      if (order !== undefined && isTerminal(order.status)) finished.push(order);
    }
    return { open, recent: finished };
  }

  /** Positions that are open or have traded. */
  positions(): Position[] {
    return this.venue.positions().filter((position) => position.fillCount > 0);
  }

  account(): PaperAccountView {
    return {
      account: this.venue.account(),
      equity: this.venue.equity(),
      cash: this.venue.cash(),
      realizedPnl: this.risk.state.realizedPnl,
      unrealizedPnl: this.risk.state.unrealizedPnl,
      tradingState: this.risk.tradingState,
    };
  }

  // ---- risk ----

  kill(options: { reason?: string; flatten?: boolean }): KillSwitchReport {
    this.assertRunning();
    return this.killSwitch.engage(options);
  }

  rearm(by: string): KillSwitchStatus {
    return this.killSwitch.rearm(by);
  }

  killStatus(): KillSwitchStatus {
    return this.killSwitch.status();
  }

  /** Every limit with its latest utilisation (after a fresh evaluation). */
  limits(): LimitView[] {
    this.monitor.evaluate();
    const readings = new Map(this.monitor.utilisation().map((reading) => [reading.limitId, reading]));
    const checks = this.risk.limitChecks();
    const forecasts = this.dailyLossForecasts();
    return this.risk.limits().map((limit, position) => {
      const id = checks[position]!.id;
      return { limit, id, utilisation: readings.get(id), breachProbability: forecasts.get(id)?.probability };
    });
  }

  /**
   * Daily returns of the tradable instruments for the breach forecast and the risk report; the
   * Host's risk handlers load them from the stored daily bars (handlers/risk-returns.ts).
   */
  returnHistory: ReturnHistory | undefined;

  /** The breach forecast of each daily-loss limit (by limit id), from the positions and `returnHistory` (docs/risk.md). */
  dailyLossForecasts(): Map<string, BreachForecast> {
    const checks = this.risk.limitChecks();
    const limits = this.risk.limits().map((config, position) => ({ id: checks[position]!.id, config }));
    return forecastDailyLossLimits(this.risk.state, limits, { history: this.returnHistory, ts: this.clock.now() });
  }

  /** Each instrument's utilisation of each enabled limit (the risk heatmap's grid). */
  utilisationByInstrument(): InstrumentUtilisationGrid {
    const checks = this.risk.limitChecks();
    const limits = this.risk.limits().map((limit, position) => ({ id: checks[position]!.id, limit }));
    return instrumentUtilisation({ entries: this.risk.state.entries(), limits, openOrders: this.manager.openOrders(), equity: this.risk.state.equity });
  }

  // ---- replay: bar- and tick-driven fills ----

  /**
   * Switches instruments to the backtest's fill model on bars (see `processBar`) until the returned
   * release is called: their quotes then update prices and risk but fill nothing, so a replay of
   * stored bars gives the fills a backtest of the same bars gives.
   */
  driveByBars(instrumentIds: readonly InstrumentId[]): () => void {
    return hold(this.barDriven, instrumentIds, (instrumentId) => this.lastBarTs.delete(instrumentId));
  }

  /**
   * Switches instruments to the tick backtest's feed until the returned release is called: the
   * venue sees every quote (not only while an order works or a position is open) and every trade
   * handed to `processTrade`, as a tick backtest's venue does, so a replay of stored ticks gives
   * the fills a backtest of the same ticks gives.
   */
  driveByTicks(instrumentIds: readonly InstrumentId[]): () => void {
    return hold(this.tickDriven, instrumentIds);
  }

  /**
   * Hands one trade of a tick-driven instrument to the venue (resting limits at or through its
   * price fill, queue first). Call once per trade, before the strategies see it. True when the
   * venue took it.
   */
  processTrade(trade: TradeTick): boolean {
    if (this.stopped || !this.tickDriven.has(trade.instrumentId) || this.venue.position(trade.instrumentId) === undefined) return false;
    this.venue.processTrade(trade);
    return true;
  }

  /**
   * Matches working orders of a bar-driven instrument against one bar with the venue's bar rules
   * (market orders at the next bar's open by default, limits and stops along O→H→L→C). Each bar
   * counts once, however many strategy runs hand it over; bars of instruments that trade on
   * quotes are ignored. True when the venue took the bar.
   */
  processBar(bar: Bar): boolean {
    const instrumentId = bar.barType.instrumentId;
    if (this.stopped || !this.barDriven.has(instrumentId) || this.venue.position(instrumentId) === undefined) return false;
    if (bar.ts <= (this.lastBarTs.get(instrumentId) ?? Number.NEGATIVE_INFINITY)) return false;
    this.lastBarTs.set(instrumentId, bar.ts);
    this.venue.processBar(bar);
    return true;
  }

  /** Order and fill times come from `clock` (a replay's bar time) until the returned release is called. */
  followClock(clock: Clock): () => void {
    return this.clock.follow(clock);
  }

  /** Whether the paper venue trades `instrumentId` (venue SIM, account currency); see `takeOn`. */
  trades(instrumentId: InstrumentId): boolean {
    return this.venue.position(instrumentId) !== undefined || this.takeOn(instrumentId);
  }

  // ---- internals ----

  /**
   * Puts an instrument stored since the account started (an import, a backfill) on the venue and
   * the risk state, so it trades without a Host restart. False when the store has no such
   * instrument, or it is not for this account (another venue or currency).
   */
  private takeOn(instrumentId: InstrumentId): boolean {
    if (this.venue.position(instrumentId) !== undefined) return true;
    const stored = this.store.getInstrument(instrumentId);
    if (stored === undefined || tradable([stored], this.config).length === 0) return false;
    this.venue.addInstrument(stored);
    this.risk.state.registerInstrument(stored);
    return true;
  }

  private recoverPositions(riskState: RiskState): void {
    const fills = journalledFills(this.store, this.index.all());
    // An instrument the account took on after it started (see `takeOn`) is in the store, not
    // necessarily in the instruments it was started with.
    for (const fill of fills) this.takeOn(fill.instrumentId);
    replayFills(this.venue, fills);
    // Losses of earlier days must not count against today's daily loss limit.
    const todayStart = startOfUtcDay(this.clock.now());
    let dayStarted = false;
    for (const fill of fills) {
      if (!dayStarted && fill.ts >= todayStart) {
        riskState.startDay();
        dayStarted = true;
      }
      riskState.onFill(fill);
      this.pnl.onFill(fill);
    }
    if (!dayStarted) riskState.startDay();
  }

  private newClientOrderId(): ClientOrderId {
    const id = this.idGenerator.next();
    // Indexed before the manager journals the order: a restart will find it.
    this.index.add(id);
    return id;
  }

  /** Gives the venue the latest quote of an instrument it was not watching, so a market order fills now. */
  private primeVenue(instrumentId: InstrumentId): void {
    if (this.isWatched(instrumentId) || this.barDriven.has(instrumentId) || this.tickDriven.has(instrumentId)) return;
    const quote = this.lastQuotes.get(instrumentId);
    const onVenue = this.venue.position(instrumentId) !== undefined;
    if (quote !== undefined && onVenue) this.venue.processQuote(quote);
  }

  private isWatched(instrumentId: InstrumentId): boolean {
    return (this.working.get(instrumentId)?.size ?? 0) > 0 || (this.venue.position(instrumentId)?.netQty ?? 0) !== 0;
  }

  private onQuote(quote: QuoteTick): void {
    if (this.stopped) return;
    this.lastQuotes.set(quote.instrumentId, quote);
    const entry = this.risk.state.entry(quote.instrumentId);
    if (entry === undefined) return;
    this.risk.state.onQuote(quote);
    if (!this.isWatched(quote.instrumentId) && !this.tickDriven.has(quote.instrumentId)) return;
    if (!this.barDriven.has(quote.instrumentId)) this.venue.processQuote(quote);
    this.pnl.onQuote(quote);
  }

  private onOrderUpdate(raw: Order): void {
    const order = this.journal.present(raw);
    const working = this.working.get(order.instrumentId) ?? new Set<ClientOrderId>();
    this.working.set(order.instrumentId, working);
    if (isTerminal(order.status)) working.delete(order.clientOrderId);
    else working.add(order.clientOrderId);
    this.risk.state.applyOrder(order);
    this.publish(topics.orders(order.strategyId, order.instrumentId), order);
  }

  private onFill(fill: Fill, order: Order): void {
    this.risk.state.onFill(fill);
    this.pnl.onFill(fill);
    this.publish(topics.fills(order.strategyId, fill.instrumentId), fill);
    const position = this.venue.position(fill.instrumentId);
    if (position !== undefined) this.publish(topics.positions(order.strategyId, fill.instrumentId), position);
    this.publish(topics.account(this.venue.account().id), this.venue.account());
  }

  private publish<T>(topic: Topic<T>, data: T): void {
    if (!this.bus.closed) this.bus.publish(topic, data);
  }

  private assertRunning(): void {
    if (this.stopped) throw new NwsError(ErrorCode.Unavailable, 'paper trading is stopped');
  }
}

function tradable(instruments: ReadonlyArray<Instrument>, config: PaperTradingConfig): Instrument[] {
  const venueId = config.venue.venueId ?? 'SIM';
  const currency = config.venue.baseCurrency ?? 'USD';
  return instruments.filter((instrument) => instrument.id.endsWith(`.${venueId}`) && instrument.currency === currency);
}

/** Counts one more holder of each instrument in `holders` (`first` runs for a new one); the release counts them off once. */
function hold(holders: Map<InstrumentId, number>, instrumentIds: readonly InstrumentId[], first?: (instrumentId: InstrumentId) => void): () => void {
  for (const instrumentId of instrumentIds) {
    const count = holders.get(instrumentId) ?? 0;
    if (count === 0) first?.(instrumentId);
    holders.set(instrumentId, count + 1);
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const instrumentId of instrumentIds) {
      const count = (holders.get(instrumentId) ?? 1) - 1;
      if (count <= 0) holders.delete(instrumentId);
      else holders.set(instrumentId, count);
    }
  };
}

function startOfUtcDay(ts: number): number {
  return Math.floor(ts / 86_400_000) * 86_400_000;
}
