// IbkrTrading: the Host's IBKR account. One OrderManager on an IbkrVenue over the shared
// IbkrConnection, the Host's StateStore as journal (journal before act, as paper trading does) and
// a RiskEngine as the manager's risk check. Built from the journal: after an app restart (even a
// kill -9) it rebuilds positions from the journalled fills and adopts the journal's working orders
// WITHOUT sending them again; reconciliation on connect then matches them by orderRef, applies
// fills that happened while the app was down and reports every difference.
import { ClientOrderIdGenerator, ErrorCode, NwsError, isTerminal, parseOrderRequest, topics } from '@nws/core';
import type { AssetClass, ClientOrderId, Fill, InstrumentId, MessageBus, Order, OrderRequest, Position, QuoteTick, Topic } from '@nws/core';
import { IbkrVenue, OrderManager, orderReason, type IbkrAlert, type OrderModification } from '@nws/execution';
import { toContract, type IbkrConnection, type IbkrContractSpec, type IbkrContracts, type ResolvedContract } from '@nws/marketdata';
import { DEFAULT_RISK_LIMITS, RiskEngine, RiskState, readStoredKillSwitch, type RiskStore } from '@nws/risk';
import type { StateStore } from '@nws/storage';
import { PaperJournal } from '../paper/paper-journal.js';
import { journalledFills } from '../paper/recovery.js';
import { IbkrOrderIndex } from './ibkr-order-index.js';
import { IbkrContractBook } from './ibkr-contract-book.js';

/** An IB contract (@stoqey/ib's Contract, reached through @nws/marketdata). */
type Contract = ResolvedContract['contract'];

export interface IbkrTradingOptions {
  connection: IbkrConnection;
  contracts: IbkrContracts;
  store: StateStore;
  bus: MessageBus;
  onAlert: (alert: IbkrAlert) => void;
  now?: () => number;
  /** Equity the risk engine starts from until IB reports the account (default 100,000). */
  startingEquity?: number;
  /** The IB contract an instrument id stands for (stock, future, option, forex); default a SMART stock. */
  specFor?: (instrumentId: InstrumentId) => IbkrContractSpec;
}

/** How many finished orders `ibkr.orders.list` shows besides the open ones. */
const RECENT_ORDERS = 50;

export class IbkrTrading {
  readonly venue: IbkrVenue;
  readonly manager: OrderManager;
  readonly risk: RiskEngine;
  /** Instruments a live quote has marked: IB's portfolio prices no longer do. */
  private readonly quoted = new Set<InstrumentId>();
  /** Working orders of the journal adopted at start (sent before a restart, never re-sent). */
  readonly adopted: readonly ClientOrderId[];
  private readonly store: StateStore;
  private readonly bus: MessageBus;
  private readonly connection: IbkrConnection;
  private readonly contracts: IbkrContracts;
  private readonly now: () => number;
  private readonly journal: PaperJournal;
  private readonly index: IbkrOrderIndex;
  private readonly ids: ClientOrderIdGenerator;
  /** IB contracts of instruments we traded, from contract details (conId included). */
  private readonly contractsById = new Map<string, Contract>();
  /** The same contracts, stored: a restart knows a future's multiplier before IB answers. */
  private readonly contractBook: IbkrContractBook;
  private readonly specFor: (instrumentId: InstrumentId) => IbkrContractSpec;
  private equityFromIb = false;

  constructor(options: IbkrTradingOptions) {
    this.store = options.store;
    this.bus = options.bus;
    this.connection = options.connection;
    this.contracts = options.contracts;
    this.now = options.now ?? Date.now;
    this.specFor = options.specFor ?? ((id) => ({ kind: 'stock', symbol: symbolOf(id) }));
    this.index = new IbkrOrderIndex(this.store);
    this.journal = new PaperJournal(this.store);
    this.ids = new ClientOrderIdGenerator({ now: this.now, prefix: 'IB' });
    this.contractBook = new IbkrContractBook(this.store);
    for (const [id, stored] of this.contractBook.all()) this.contractsById.set(id, stored.contract);

    const fills = journalledFills(this.store, this.index.all());
    this.venue = new IbkrVenue({
      connection: this.connection,
      contractFor: (id) => this.contractFor(id),
      knownExecutionIds: fills.map((fill) => fill.tradeId),
      onAlert: options.onAlert,
      now: this.now,
    });
    this.venue.restoreFills(fills);

    const riskState = new RiskState({ startingEquity: options.startingEquity ?? 100_000, ts: this.now() });
    this.risk = new RiskEngine({ state: riskState, store: this.store as RiskStore, clock: { now: this.now }, config: { limits: [...DEFAULT_RISK_LIMITS] } });
    for (const [id, stored] of this.contractBook.all()) this.register(id, stored.multiplier, stored.currency, stored.assetClass);
    for (const fill of fills) {
      this.register(fill.instrumentId);
      riskState.onFill(fill);
    }
    riskState.startDay();

    this.manager = new OrderManager({ venue: this.venue, now: this.now, journal: this.journal, nextClientOrderId: () => this.newClientOrderId() });
    this.manager.onOrderUpdate((order) => this.onOrderUpdate(order));
    this.manager.onFill((fill, order) => this.onFill(fill, order));
    // Adopted orders passed the risk check when first sent; new ones go through it from here on.
    this.adopted = this.adoptWorkingOrders();
    this.manager.setRiskCheck(this.risk.riskCheck);
  }

  /**
   * Validates, resolves the contract at IB, checks risk, journals and sends. Throws UNAVAILABLE when
   * not connected, CONFLICT while the kill switch is engaged, INVALID_ORDER with the risk refusal or
   * IB's rejection; nothing is sent in any of those cases.
   */
  async submit(input: unknown): Promise<Order> {
    const request = parseOrderRequest(input);
    if (!this.connection.isConnected()) throw new NwsError(ErrorCode.Unavailable, 'IBKR is not connected: connect in Settings → IBKR first; the order was not sent');
    const kill = readStoredKillSwitch(this.store);
    if (kill.engaged) throw new NwsError(ErrorCode.Conflict, `kill switch engaged (${kill.reason ?? 'manual'}): new orders are refused until re-armed`);
    await this.resolveContract(request.instrumentId);
    this.register(request.instrumentId);
    // Only a valid id is indexed: a restart reads the journal by these ids.
    if (request.clientOrderId !== undefined) this.index.add(request.clientOrderId);
    const order = this.journal.present(this.manager.submit(request));
    if (order.status === 'DENIED') throw new NwsError(ErrorCode.InvalidOrder, `order ${order.clientOrderId} refused by risk: ${orderReason(order) ?? 'no reason given'}`, { order });
    if (order.status === 'REJECTED') throw new NwsError(ErrorCode.InvalidOrder, `order ${order.clientOrderId} rejected by IBKR: ${orderReason(order) ?? 'no reason given'}`, { order });
    return order;
  }

  /**
   * New quantity, price or trigger for a working order: risk-checked again, then sent to IB with
   * the same order id. NOT_FOUND, UNAVAILABLE when not connected, CONFLICT while the kill switch
   * is engaged, INVALID_ORDER with the refusal; the order is unchanged in each case.
   */
  modify(clientOrderId: string, changes: OrderModification): Order {
    if (this.manager.order(clientOrderId as ClientOrderId) === undefined) {
      throw new NwsError(ErrorCode.NotFound, `no IBKR order with client order id ${clientOrderId}`, { clientOrderId });
    }
    if (!this.connection.isConnected()) throw new NwsError(ErrorCode.Unavailable, 'IBKR is not connected: the change was not sent');
    const kill = readStoredKillSwitch(this.store);
    if (kill.engaged) throw new NwsError(ErrorCode.Conflict, `kill switch engaged (${kill.reason ?? 'manual'}): orders cannot be modified until re-armed`, { clientOrderId });
    return this.journal.present(this.manager.modify(clientOrderId as ClientOrderId, changes));
  }

  cancel(clientOrderId: string): Order {
    if (this.manager.order(clientOrderId as ClientOrderId) === undefined) {
      throw new NwsError(ErrorCode.NotFound, `no IBKR order with client order id ${clientOrderId}`, { clientOrderId });
    }
    if (!this.connection.isConnected()) throw new NwsError(ErrorCode.Unavailable, 'IBKR is not connected: the cancel was not sent');
    return this.journal.present(this.manager.cancel(clientOrderId as ClientOrderId));
  }

  /** Open orders (oldest first) and the latest finished ones (newest first), from the journal. */
  orders(recent = RECENT_ORDERS): { open: Order[]; recent: Order[] } {
    return listIbkrOrders(this.store, recent, this.manager.openOrders().map((order) => this.journal.present(order)));
  }

  /** Positions that are open or have traded. */
  positions(): Position[] {
    return this.venue.positions().filter((position) => position.fillCount > 0);
  }

  /**
   * The instrument id the app trades an IB contract (conId) as, from the contract book; undefined
   * for one it never resolved. Where several ids resolved to it, the one holding a position wins.
   */
  instrumentForConId(conId: number): InstrumentId | undefined {
    const ids = [...this.contractsById].filter(([, contract]) => contract.conId === conId).map(([id]) => id as InstrumentId);
    return ids.find((id) => (this.venue.position(id)?.netQty ?? 0) !== 0) ?? ids[0];
  }

  /** A contract resolved elsewhere (the market-data feed): orders and risk use its multiplier. */
  learnContract(instrumentId: InstrumentId, resolved: ResolvedContract): void {
    this.contractsById.set(instrumentId, resolved.contract);
    const stored = this.contractBook.remember(instrumentId, resolved);
    this.register(instrumentId, stored.multiplier, stored.currency, stored.assetClass);
  }

  /**
   * IB's net liquidation becomes the risk engine's equity (limits in % of equity, drawdown, daily
   * loss measure from the real account, not the 100,000 placeholder); the first one of this
   * session also starts the risk day there.
   */
  alignEquity(netLiquidation: number): void {
    if (!(netLiquidation > 0)) return;
    const state = this.risk.state;
    state.adjustCash(netLiquidation - state.equity);
    if (!this.equityFromIb) state.startDay();
    this.equityFromIb = true;
  }

  /** An IB quote marks the instrument for the risk engine (a market order's notional needs a price). */
  onQuote(quote: QuoteTick): void {
    this.register(quote.instrumentId);
    this.quoted.add(quote.instrumentId);
    this.risk.state.onQuote(quote);
  }

  /**
   * IB's own price of a position it holds (portfolio updates) marks the instrument until a live quote
   * does: a market order closing a position the app never streamed can still be valued and checked.
   */
  markFromPortfolio(instrumentId: InstrumentId, marketPrice: number, position: { multiplier: number; currency: string }): void {
    if (this.quoted.has(instrumentId) || !Number.isFinite(marketPrice) || marketPrice <= 0) return;
    this.register(instrumentId, position.multiplier, position.currency);
    this.risk.state.setMark(instrumentId, marketPrice);
  }

  /** Resolves when the reconciliation of the latest (re)connect is done. */
  reconciled(): Promise<void> {
    return this.venue.reconciled();
  }

  // ---- internals ----

  private adoptWorkingOrders(): ClientOrderId[] {
    const adopted: ClientOrderId[] = [];
    const mine = this.store.openOrders().filter((order) => this.index.has(order.clientOrderId));
    const openIds = new Set<string>(mine.map((order) => order.clientOrderId));
    for (const order of mine) {
      this.register(order.instrumentId);
      const lastSequence = this.store.orderEvents(order.clientOrderId).at(-1)?.sequence ?? 0;
      this.journal.restore(order, lastSequence, () => this.venue.adoptWhile(() => this.manager.submit(remainingRequest(order, openIds))));
      adopted.push(order.clientOrderId);
    }
    return adopted;
  }

  /** The contract of an instrument: resolved at IB when we traded it, else a SMART-routed stock. */
  private contractFor(instrumentId: InstrumentId): Contract {
    return this.contractsById.get(instrumentId) ?? toContract({ kind: 'stock', symbol: symbolOf(instrumentId) });
  }

  private async resolveContract(instrumentId: InstrumentId): Promise<void> {
    if (this.contractsById.has(instrumentId)) return;
    const spec = this.specFor(instrumentId);
    const resolved = await this.contracts.resolve(spec).catch((error: unknown) => {
      throw new NwsError(ErrorCode.UnknownInstrument, `IBKR has no ${spec.kind} for ${instrumentId}: ${NwsError.from(error).message}`, { instrumentId });
    });
    if (resolved === undefined) throw new NwsError(ErrorCode.UnknownInstrument, `IBKR has no ${spec.kind} for ${instrumentId}`, { instrumentId });
    this.learnContract(instrumentId, resolved);
  }

  /** The risk engine refuses instruments it does not know; IBKR instruments join on first use. */
  private register(instrumentId: InstrumentId, multiplier = 1, currency = 'USD', assetClass?: AssetClass): void {
    if (this.risk.state.entry(instrumentId) !== undefined) return;
    this.risk.state.registerInstrument({ id: instrumentId, multiplier, currency, assetClass });
  }

  private newClientOrderId(): ClientOrderId {
    const id = this.ids.next();
    // Indexed before the manager journals the order: a restart will find it.
    this.index.add(id);
    return id;
  }

  private onOrderUpdate(raw: Order): void {
    const order = this.journal.present(raw);
    this.risk.state.applyOrder(order);
    this.publish(topics.orders(order.strategyId, order.instrumentId), order);
  }

  private onFill(fill: Fill, order: Order): void {
    this.risk.state.onFill(fill);
    this.publish(topics.fills(order.strategyId, fill.instrumentId), fill);
    const position = this.venue.position(fill.instrumentId);
    if (position !== undefined) this.publish(topics.positions(order.strategyId, fill.instrumentId), position);
  }

  private publish<T>(topic: Topic<T>, data: T): void {
    if (!this.bus.closed) this.bus.publish(topic, data);
  }
}

/** IBKR's orders from the journal without a live session: `open` as given (or the journal's), then finished ones. */
export function listIbkrOrders(store: StateStore, recent: number, open?: Order[]): { open: Order[]; recent: Order[] } {
  const index = new IbkrOrderIndex(store);
  const openOrders = open ?? store.openOrders().filter((order) => index.has(order.clientOrderId));
  const finished: Order[] = [];
  for (const id of index.latest(index.all().length)) {
    if (finished.length >= recent) break;
    const order = store.getOrder(id);
    if (order !== undefined && isTerminal(order.status)) finished.push(order);
  }
  return { open: openOrders, recent: finished };
}

/** IBKR's journalled fills, newest first (at most `limit`). */
export function listIbkrFills(store: StateStore, limit: number): Fill[] {
  return journalledFills(store, new IbkrOrderIndex(store).all()).reverse().slice(0, limit);
}

function symbolOf(instrumentId: string): string {
  const dot = instrumentId.lastIndexOf('.');
  return dot > 0 ? instrumentId.slice(0, dot) : instrumentId;
}

/** Order fields that are state, not request. */
const STATE_FIELDS = new Set(['status', 'filledQty', 'leavesQty', 'avgFillPrice', 'tsInit', 'tsLast', 'venueOrderId', 'reason']);

/** The request a working order stands for: what is left of it (adopted, never sent again). */
function remainingRequest(order: Order, openIds: ReadonlySet<string>): OrderRequest {
  const request: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(order)) if (!STATE_FIELDS.has(field) && value !== undefined) request[field] = value;
  request.quantity = order.leavesQty;
  if (request.contingency === 'none') delete request.contingency;
  if (request.reduceOnly === false) delete request.reduceOnly;
  if (typeof request.parentOrderId === 'string' && !openIds.has(request.parentOrderId)) delete request.parentOrderId;
  return request as unknown as OrderRequest;
}
