import {
  ClientOrderIdGenerator,
  ErrorCode,
  NwsError,
  applyFillToOrder,
  assertTransition,
  bracket,
  copyOrder,
  initializeOrder,
  isOpen,
  isTerminal,
  oppositeSide,
  parseOrderRequest,
  parseOrderRequestFast,
  transitionOrder,
} from '@nws/core';
import type {
  Account,
  BracketSpec,
  ClientOrderId,
  Fill,
  InstrumentId,
  Order,
  OrderRequest,
  OrderStatus,
  Position,
  Price,
  Quantity,
  StrategyId,
  VenueOrderId,
} from '@nws/core';
import { FinishedOrderIds } from './finished-order-ids.js';
import { OpenEntries } from './open-entries.js';
import type { OrderEventKind, OrderJournal } from './journal.js';
import { approveAll, markRiskApproved } from './risk-gate.js';
import type { ExecutionView, RiskCheck, RiskContext, VenueOrderRequest } from './risk-gate.js';
import type { ExecutionVenue, VenueEvent } from './venue.js';

export type OrderUpdateListener = (order: Order, kind: OrderEventKind) => void;
/**
 * `position`: the venue's position right after this fill, when the venue reports it (the
 * simulated venue does). Valid during the call only: copy it to keep it (see VenueEvent).
 */
export type FillListener = (fill: Fill, order: Order, position?: Position) => void;
/** A fill listener that does not need the order (see `onFillOnly`). */
export type FillOnlyListener = (fill: Fill, position?: Position) => void;

export interface OrderManagerOptions {
  venue: ExecutionVenue;
  /** Epoch ms source for the manager's own events (the strategy's clock). */
  now: () => number;
  riskCheck?: RiskCheck;
  /** Written before every state change; default none (backtests pass an InMemoryOrderJournal if they want a record). */
  journal?: OrderJournal;
  /** Client order id source; default a ClientOrderIdGenerator on `now` (random run tag). */
  nextClientOrderId?: () => ClientOrderId;
  /** Owner of orders whose request names no strategy. */
  defaultStrategyId?: StrategyId;
  /**
   * Keep every finished order (default true). A summary backtest passes false: it needs only
   * `orderTotals()`, and hundreds of thousands of kept orders cost the garbage collector more than
   * the orders themselves. Without them `orders()` lists only open orders, and asking for a
   * finished order — `order`, `cancel`, `modify`, or reusing its client order id — throws
   * instead of answering: a strategy never silently sees less than in a full run.
   */
  keepFinishedOrders?: boolean;
}

/** Orders submitted and refused (denied by risk or rejected by the venue) over the manager's life. */
export interface OrderTotals {
  orders: number;
  refused: number;
  /** The reason of the first refused order. */
  firstRefusalReason?: string;
}

/** Fields `modify` may change; anything else needs a new order. */
export interface OrderModification {
  quantity?: number;
  price?: number;
  triggerPrice?: number;
}

export interface BracketOrders {
  entry: Order;
  takeProfit: Order;
  stopLoss: Order;
}

export type BracketRequest = Omit<BracketSpec, 'nextId'>;

interface OrderRecord {
  /**
   * The order's latest state. Snapshots handed out never change: while `shared` is false, nobody
   * outside the manager holds this object and the next state is written into it; once it is
   * handed out (returned, given to a listener, the journal or the risk hook), the next state is
   * a copy. A backtest whose strategy follows its orders only through fills thus makes one
   * order object per order instead of four.
   */
  order: Order;
  shared: boolean;
  /**
   * The submitted request, to tell a resubmission from a conflicting one. Its canonical key is
   * computed only when a client order id comes back, not on every submit.
   */
  request: VenueOrderRequest;
  /** Last journalled event number of this order. */
  sequence: number;
}

const DEFAULT_STRATEGY = 'EXTERNAL' as StrategyId;

/**
 * Owns every order's state. Validates requests, enforces idempotent client order ids, asks the
 * risk hook before anything reaches the venue (the venue only accepts `RiskApproved` requests),
 * journals each event before acting on it, drives core's OrderStatus machine from venue events
 * and tells listeners (strategies, the bus) synchronously.
 */
export class OrderManager {
  private readonly venue: ExecutionVenue;
  private readonly now: () => number;
  private readonly journal: OrderJournal | undefined;
  private readonly nextClientOrderId: () => ClientOrderId;
  private readonly defaultStrategyId: StrategyId;
  private riskCheck: RiskCheck;
  /** Every order's record in submission order. */
  private readonly records: OrderRecord[] = [];
  /**
   * Client order id → record for `records[0, indexed)`, extended only when an id is looked up
   * that is not open. A backtest never does: it sends hundreds of thousands of orders, and
   * inserting each into a Map that large costs cache misses on every order for nothing.
   */
  private readonly recordIndex = new Map<ClientOrderId, OrderRecord>();
  private indexed = 0;
  /**
   * The records of orders not yet terminal, in submission order: the ones venue events are about.
   * Small however long the run, so the lookup per event stays cheap.
   */
  private readonly openRecords = new OpenEntries<ClientOrderId, OrderRecord>();
  /** Client order ids of finished orders no longer kept (only without `keepFinishedOrders`). */
  private readonly forgottenIds: FinishedOrderIds | undefined;
  private readonly totals: OrderTotals = { orders: 0, refused: 0 };
  private readonly orderUpdateListeners: OrderUpdateListener[] = [];
  private readonly fillListeners: FillListener[] = [];
  private readonly fillOnlyListeners: FillOnlyListener[] = [];
  private readonly view: ExecutionView;
  /** The risk hook's context for every new order: the same object each time. */
  private readonly submitContext: RiskContext;

  constructor(options: OrderManagerOptions) {
    this.venue = options.venue;
    this.now = options.now;
    this.journal = options.journal;
    this.riskCheck = options.riskCheck ?? approveAll;
    this.defaultStrategyId = options.defaultStrategyId ?? DEFAULT_STRATEGY;
    this.forgottenIds = options.keepFinishedOrders === false ? new FinishedOrderIds() : undefined;
    const generator = options.nextClientOrderId === undefined ? new ClientOrderIdGenerator({ now: options.now }) : undefined;
    this.nextClientOrderId = options.nextClientOrderId ?? (() => generator!.next());
    this.view = {
      now: () => this.now(),
      account: () => this.venue.account(),
      position: (instrumentId) => this.venue.position(instrumentId),
      lastPrice: (instrumentId) => this.venue.lastPrice(instrumentId),
      equity: () => this.venue.equity(),
      openOrders: () => this.openOrders(),
    };
    this.submitContext = { action: 'submit', view: this.view };
    this.venue.setEventHandler((event) => this.handleVenueEvent(event));
  }

  /** Plugs in the risk engine; replaces the previous hook. */
  setRiskCheck(check: RiskCheck): void {
    this.riskCheck = check;
  }

  onOrderUpdate(listener: OrderUpdateListener): () => void {
    return addListener(this.orderUpdateListeners, listener);
  }

  onFill(listener: FillListener): () => void {
    return addListener(this.fillListeners, listener);
  }

  /** Like `onFill`, for a listener that needs only the fill and the position: no order snapshot is made for it. */
  onFillOnly(listener: FillOnlyListener): () => void {
    return addListener(this.fillOnlyListeners, listener);
  }

  /**
   * Validates and submits one order; returns its state after the venue's synchronous answer.
   * Resubmitting a client order id with the same request returns the existing order untouched;
   * with a different request it throws CONFLICT. A denied order comes back with status DENIED.
   */
  submit(input: OrderRequest | unknown): Order {
    return this.handOut(this.submitRecord(input));
  }

  /**
   * `submit` returning only the client order id: the caller gets no snapshot of the order, so
   * none has to be kept unchanged for it (a strategy follows its orders through listeners).
   */
  place(input: OrderRequest | unknown): ClientOrderId {
    return this.submitRecord(input).order.clientOrderId;
  }

  private submitRecord(input: OrderRequest | unknown): OrderRecord {
    const request = parseOrderRequestFast(input);
    const existing = this.existingFor(request);
    if (existing !== undefined) return existing;
    const venueRequest = this.withIds(request);
    const record = this.initialize(venueRequest);
    this.sendToVenue(record, venueRequest);
    return record;
  }

  /**
   * Entry + take-profit + stop-loss (core `bracket`): the exits are reduce-only, one-cancels-other,
   * and the venue activates them when the entry fills. The risk hook sees all three; if it denies
   * any, all three are DENIED and none reaches the venue.
   */
  submitBracket(spec: BracketRequest): BracketOrders {
    const legs = bracket({ ...spec, strategyId: spec.strategyId ?? this.defaultStrategyId, nextId: this.nextClientOrderId });
    const requests = [legs.entry, legs.takeProfit, legs.stopLoss].map((leg) => this.withIds(leg));
    this.submitGroup(requests);
    const [entry, takeProfit, stopLoss] = requests.map((leg) => this.handOut(this.requireRecord(leg.clientOrderId))) as [Order, Order, Order];
    return { entry, takeProfit, stopLoss };
  }

  /** Submits orders as one OCO group: the first to fill cancels the others. */
  submitOco(inputs: ReadonlyArray<OrderRequest | unknown>): Order[] {
    if (inputs.length < 2) throw new NwsError(ErrorCode.InvalidOrder, `an OCO group needs at least 2 orders, got ${inputs.length}`);
    const parsed = inputs.map((input) => this.withIds(parseOrderRequest(input)));
    const ids = parsed.map((request) => request.clientOrderId);
    const groupId = `${ids[0]}-OCO`;
    const requests = parsed.map((request) =>
      this.withIds(
        parseOrderRequest({ ...request, contingency: 'oco', ocoGroupId: groupId, linkedOrderIds: ids.filter((id) => id !== request.clientOrderId) }),
      ),
    );
    for (const request of requests) this.checkNewId(request.clientOrderId);
    this.submitGroup(requests);
    return requests.map((request) => this.handOut(this.requireRecord(request.clientOrderId)));
  }

  /** Asks the venue to cancel; the order is PENDING_CANCEL until the venue answers. */
  cancel(clientOrderId: ClientOrderId): Order {
    const record = this.requireRecord(clientOrderId);
    if (isTerminal(record.order.status)) {
      throw new NwsError(ErrorCode.IllegalTransition, `order ${clientOrderId} is ${record.order.status} and cannot be canceled`);
    }
    if (record.order.status !== 'INITIALIZED') this.record(record, 'PENDING_CANCEL', 'OrderPendingCancel', this.now());
    this.venue.cancel(clientOrderId);
    return this.handOut(record);
  }

  /** Cancels every open order (of one instrument when given); returns how many were asked. */
  cancelAll(instrumentId?: InstrumentId): number {
    const targets = this.openOrders().filter((order) => instrumentId === undefined || order.instrumentId === instrumentId);
    for (const order of targets) this.cancel(order.clientOrderId);
    return targets.length;
  }

  /**
   * Changes price, trigger price or quantity of a working order. The amended request passes the
   * risk hook again; a denial leaves the order as it was and throws INVALID_ORDER with the reason.
   */
  modify(clientOrderId: ClientOrderId, changes: OrderModification): Order {
    const record = this.requireRecord(clientOrderId);
    const order = record.order;
    if (!isOpen(order.status)) throw new NwsError(ErrorCode.IllegalTransition, `order ${clientOrderId} is ${order.status}; only working orders can be modified`);
    checkModification(order, changes);
    const amended = this.withIds(parseOrderRequest({ ...requestOf(order), ...changes }));
    if (changes.quantity !== undefined && changes.quantity <= order.filledQty) {
      throw new NwsError(ErrorCode.InvalidOrder, `quantity ${changes.quantity} must exceed the ${order.filledQty} already filled on ${clientOrderId}`);
    }
    const decision = this.riskCheck(amended, { action: 'modify', view: this.view, order: this.handOut(record) });
    if (!decision.approved) throw new NwsError(ErrorCode.InvalidOrder, `modify of ${clientOrderId} denied by risk: ${decision.reason}`);
    this.record(record, 'PENDING_UPDATE', 'OrderPendingUpdate', this.now());
    this.venue.modify(markRiskApproved({ ...decision.request, clientOrderId, strategyId: order.strategyId } as VenueOrderRequest));
    return this.handOut(record);
  }

  /**
   * Flattens the position in `instrumentId` with a reduce-only market order; undefined when
   * already flat.
   */
  closePosition(instrumentId: InstrumentId, options: { strategyId?: StrategyId; tags?: string[] } = {}): Order | undefined {
    const request = this.closeRequest(instrumentId, options);
    return request === undefined ? undefined : this.submit(request);
  }

  /** `closePosition` returning only the client order id (see `place`). */
  placeClose(instrumentId: InstrumentId, options: { strategyId?: StrategyId; tags?: string[] } = {}): ClientOrderId | undefined {
    const request = this.closeRequest(instrumentId, options);
    return request === undefined ? undefined : this.place(request);
  }

  private closeRequest(instrumentId: InstrumentId, options: { strategyId?: StrategyId; tags?: string[] }): OrderRequest | undefined {
    const netQty = this.venue.netQty(instrumentId);
    if (netQty === 0) return undefined;
    const request: OrderRequest = {
      instrumentId,
      type: 'MARKET',
      side: oppositeSide(netQty > 0 ? 'BUY' : 'SELL'),
      quantity: Math.abs(netQty) as Quantity,
      timeInForce: 'GTC',
      reduceOnly: true,
    };
    if (options.strategyId !== undefined) request.strategyId = options.strategyId;
    if (options.tags !== undefined) request.tags = options.tags;
    return request;
  }

  order(clientOrderId: ClientOrderId): Order | undefined {
    const record = this.findRecord(clientOrderId);
    return record === undefined ? undefined : this.handOut(record);
  }

  /** Every order in submission order; only the open ones when finished orders are not kept. */
  orders(): Order[] {
    return this.forgottenIds === undefined ? this.records.map((record) => this.handOut(record)) : this.openOrders();
  }

  orderTotals(): OrderTotals {
    return { ...this.totals };
  }

  openOrders(): Order[] {
    const open: Order[] = [];
    for (const record of this.openRecords.values()) open.push(this.handOut(record));
    return open;
  }

  account(): Account {
    return this.venue.account();
  }

  position(instrumentId: InstrumentId): Position | undefined {
    return this.venue.position(instrumentId);
  }

  equity(): number {
    return this.venue.equity();
  }

  // ---- submission ----

  private existingFor(request: OrderRequest): OrderRecord | undefined {
    if (request.clientOrderId === undefined) return undefined;
    this.refuseForgottenId(request.clientOrderId);
    const record = this.findRecord(request.clientOrderId);
    if (record === undefined) return undefined;
    if (requestKey(record.request) === requestKey(request)) return record;
    throw new NwsError(ErrorCode.Conflict, `client order id ${request.clientOrderId} is already used by a different order`, {
      clientOrderId: request.clientOrderId,
    });
  }

  /** A finished order that is no longer kept cannot be told from a new one with its id: refused. */
  private refuseForgottenId(clientOrderId: ClientOrderId): void {
    if (this.forgottenIds?.has(clientOrderId)) {
      throw new NwsError(ErrorCode.Conflict, `client order id ${clientOrderId} was used by an order that has finished (this run keeps only open orders)`, { clientOrderId });
    }
  }

  private checkNewId(clientOrderId: ClientOrderId): void {
    this.refuseForgottenId(clientOrderId);
    if (this.findRecord(clientOrderId) !== undefined) throw new NwsError(ErrorCode.Conflict, `client order id ${clientOrderId} is already used`, { clientOrderId });
  }

  /**
   * Fills in the ids. Every caller passes a request it just parsed (parse functions return fresh
   * objects nobody else holds), so the ids are set in place instead of copying it once more.
   */
  private withIds(request: OrderRequest): VenueOrderRequest {
    const withIds = request as VenueOrderRequest;
    withIds.clientOrderId ??= this.nextClientOrderId();
    withIds.strategyId ??= this.defaultStrategyId;
    return withIds;
  }

  private initialize(request: VenueOrderRequest): OrderRecord {
    const order = initializeOrder(request, { ts: this.now() });
    const record: OrderRecord = { order, shared: false, request, sequence: 0 };
    this.journalEvent(record, order, 'OrderInitialized');
    this.totals.orders += 1;
    if (this.forgottenIds === undefined) this.records.push(record);
    this.openRecords.set(order.clientOrderId, record);
    this.emit(record, 'OrderInitialized');
    return record;
  }

  private sendToVenue(record: OrderRecord, request: VenueOrderRequest): void {
    // The default hook approves everything unchanged: no decision object per order for it.
    if (this.riskCheck === approveAll) {
      this.record(record, 'SUBMITTED', 'OrderSubmitted', this.now());
      this.venue.submit(markRiskApproved(request));
      return;
    }
    const decision = this.riskCheck(request, this.submitContext);
    if (!decision.approved) {
      this.deny(record, decision.reason);
      return;
    }
    this.record(record, 'SUBMITTED', 'OrderSubmitted', this.now());
    // An unchanged approval already carries the ids: no copy on the common path.
    const approved =
      decision.request === request ? request : (Object.assign({}, decision.request, { clientOrderId: request.clientOrderId, strategyId: request.strategyId }) as VenueOrderRequest);
    this.venue.submit(markRiskApproved(approved));
  }

  /** All or none: each request is risk-checked first; one denial denies the whole group. */
  private submitGroup(requests: VenueOrderRequest[]): void {
    for (const request of requests) this.checkNewId(request.clientOrderId);
    const records = requests.map((request) => this.initialize(request));
    const decisions = requests.map((request) => this.riskCheck(request, this.submitContext));
    const denial = decisions.find((decision) => !decision.approved);
    if (denial !== undefined && !denial.approved) {
      for (const record of records) this.deny(record, denial.reason);
      return;
    }
    const ts = this.now();
    records.forEach((record) => this.record(record, 'SUBMITTED', 'OrderSubmitted', ts));
    decisions.forEach((decision, index) => {
      if (!decision.approved) return;
      const request = requests[index]!;
      this.venue.submit(markRiskApproved(Object.assign({}, decision.request, { clientOrderId: request.clientOrderId, strategyId: request.strategyId }) as VenueOrderRequest));
    });
  }

  private deny(record: OrderRecord, reason: string): void {
    const denied = withReason(this.transition(record, 'DENIED', this.now()), reason);
    this.journalEvent(record, denied, 'OrderDenied');
    this.setOrder(record, denied);
    this.emit(record, 'OrderDenied');
  }

  // ---- venue events ----

  private handleVenueEvent(event: VenueEvent): void {
    if (event.kind === 'filled') {
      this.handleFill(event.fill, event.position);
      return;
    }
    const record = this.requireRecord(event.clientOrderId);
    switch (event.kind) {
      case 'accepted': {
        const accepted = this.transition(record, 'ACCEPTED', event.ts);
        accepted.venueOrderId = event.venueOrderId;
        this.update(record, accepted, 'OrderAccepted');
        return;
      }
      case 'rejected':
        this.update(record, withReason(this.transition(record, 'REJECTED', event.ts), event.reason), 'OrderRejected');
        return;
      case 'canceled':
        this.update(record, withReason(this.transition(record, 'CANCELED', event.ts), event.reason), 'OrderCanceled');
        return;
      case 'expired':
        this.record(record, 'EXPIRED', 'OrderExpired', event.ts);
        return;
      case 'triggered':
        this.record(record, 'TRIGGERED', 'OrderTriggered', event.ts);
        return;
      case 'updated':
        this.update(record, this.amended(record.order, event), 'OrderUpdated');
        return;
      case 'modify-rejected':
        this.update(record, withReason(this.restoreAfterPending(record.order, event.ts), event.reason), 'OrderModifyRejected');
        return;
    }
  }

  private handleFill(fill: Fill, position: Position | undefined): void {
    const record = this.requireRecord(fill.clientOrderId);
    // A Fill carries every field of an OrderFillEvent: no second object per fill.
    const filled = applyFillToOrder(record.order, fill, record.shared ? 'copy' : 'in-place');
    record.sequence += 1;
    // Journal before acting: the fill and the order state it leads to are written together.
    this.journal?.journalFill(fill, { clientOrderId: filled.clientOrderId, sequence: record.sequence, kind: 'OrderFilled', ts: fill.ts, order: filled });
    this.setOrder(record, filled);
    this.emit(record, 'OrderFilled');
    if (this.fillListeners.length > 0) record.shared = true;
    for (const listener of this.fillListeners) listener(fill, filled, position);
    for (const listener of this.fillOnlyListeners) listener(fill, position);
  }

  /** The order with the venue's new fields; a PENDING_UPDATE order goes back to working. */
  private amended(order: Order, event: Extract<VenueEvent, { kind: 'updated' }>): Order {
    const next = { ...this.restoreAfterPending(order, event.ts) } as Order & Record<string, unknown>;
    if (event.quantity !== undefined) {
      next.quantity = event.quantity;
      next.leavesQty = (event.quantity - order.filledQty) as Quantity;
    }
    if (event.price !== undefined) next.price = event.price as Price;
    if (event.triggerPrice !== undefined) next.triggerPrice = event.triggerPrice as Price;
    next.tsLast = event.ts;
    return next;
  }

  /** After a PENDING_UPDATE: back to ACCEPTED, or PARTIALLY_FILLED when some has filled. */
  private restoreAfterPending(order: Order, ts: number): Order {
    if (order.status !== 'PENDING_UPDATE') return { ...order, tsLast: ts };
    const back: OrderStatus = order.filledQty > 0 ? 'PARTIALLY_FILLED' : 'ACCEPTED';
    return transitionOrder(order, back, ts);
  }

  // ---- bookkeeping ----

  private record(record: OrderRecord, status: OrderStatus, kind: OrderEventKind, ts: number): void {
    this.update(record, this.transition(record, status, ts), kind);
  }

  /**
   * The order moved to `status`, written into the record's order when nobody else holds it,
   * else into a copy (the record's `shared`). Throws ILLEGAL_TRANSITION before changing anything.
   */
  private transition(record: OrderRecord, status: OrderStatus, ts: number): Order {
    const current = record.order;
    assertTransition(current.status, status, `order ${current.clientOrderId}`);
    const next = record.shared ? copyOrder(current) : current;
    next.status = status;
    next.tsLast = ts;
    return next;
  }

  /** The record's order for someone outside the manager: from now on it must not change. */
  private handOut(record: OrderRecord): Order {
    record.shared = true;
    return record.order;
  }

  private update(record: OrderRecord, next: Order, kind: OrderEventKind): void {
    this.journalEvent(record, next, kind);
    this.setOrder(record, next);
    this.emit(record, kind);
  }

  private journalEvent(record: OrderRecord, order: Order, kind: OrderEventKind): void {
    record.sequence += 1;
    this.journal?.journalOrder({ clientOrderId: order.clientOrderId, sequence: record.sequence, kind, ts: order.tsLast, order });
  }

  /**
   * After a state change is journalled and set: tells the listeners the record's order. The
   * journal and the listeners keep what they are given, so the order counts as handed out when
   * there are any (every event of a paper or live account; none in a plain backtest).
   */
  private emit(record: OrderRecord, kind: OrderEventKind): void {
    if (this.journal !== undefined) record.shared = true;
    const listeners = this.orderUpdateListeners;
    if (listeners.length === 0) return;
    const order = this.handOut(record);
    for (const listener of listeners) listener(order, kind);
  }

  /** Replaces the record's order; a terminal order leaves the open set. */
  private setOrder(record: OrderRecord, order: Order): void {
    if (order !== record.order) {
      record.order = order;
      // A new object nobody has seen (a copy made by a transition or an amendment).
      record.shared = false;
    }
    // Deleting answers whether it was open: a terminal order is counted once.
    if (!isTerminal(order.status) || !this.openRecords.delete(order.clientOrderId)) return;
    if (order.status === 'DENIED' || order.status === 'REJECTED') this.countRefusal(order);
    this.forgottenIds?.add(order.clientOrderId, true);
  }

  private countRefusal(order: Order): void {
    this.totals.refused += 1;
    const reason = this.totals.refused === 1 ? orderReason(order) : undefined;
    if (reason !== undefined) this.totals.firstRefusalReason = reason;
  }

  /** The record of `clientOrderId`: open ones straight away, others through the index (brought up to date first). */
  private findRecord(clientOrderId: ClientOrderId): OrderRecord | undefined {
    const open = this.openRecords.get(clientOrderId);
    if (open !== undefined) return open;
    if (this.forgottenIds !== undefined) {
      if (!this.forgottenIds.has(clientOrderId)) return undefined;
      throw new NwsError(ErrorCode.IllegalTransition, `order ${clientOrderId} has finished, and this run keeps only open orders (a summary backtest): follow orders with onOrderUpdate/onFill, or run with detail "full"`, {
        clientOrderId,
      });
    }
    for (; this.indexed < this.records.length; this.indexed++) {
      const record = this.records[this.indexed]!;
      this.recordIndex.set(record.order.clientOrderId, record);
    }
    return this.recordIndex.get(clientOrderId);
  }

  private requireRecord(clientOrderId: ClientOrderId): OrderRecord {
    const record = this.findRecord(clientOrderId);
    if (record === undefined) throw new NwsError(ErrorCode.NotFound, `no order with client order id ${clientOrderId}`, { clientOrderId });
    return record;
  }
}

/**
 * Why the order was denied, rejected or canceled, kept on the order (and so in the journal) as
 * `reason`. `order` always comes from `transition`: a copy, or an object nobody else holds, so
 * setting the field is safe.
 */
function withReason(order: Order, reason: string): Order {
  return Object.assign(order, { reason });
}

/** The reason a DENIED, REJECTED or CANCELED order carries, if any. */
export function orderReason(order: Order): string | undefined {
  const reason = (order as Order & { reason?: unknown }).reason;
  return typeof reason === 'string' ? reason : undefined;
}

function addListener<T>(listeners: T[], listener: T): () => void {
  listeners.push(listener);
  return () => {
    const index = listeners.indexOf(listener);
    if (index >= 0) listeners.splice(index, 1);
  };
}

const STATE_FIELDS = new Set(['status', 'filledQty', 'leavesQty', 'avgFillPrice', 'tsInit', 'tsLast', 'venueOrderId', 'reason']);

/** The request part of an order (what `parseOrderRequest` accepts). */
function requestOf(order: Order): Record<string, unknown> {
  const request: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(order)) {
    if (!STATE_FIELDS.has(field) && value !== undefined) request[field] = value;
  }
  if (request.contingency === 'none') delete request.contingency;
  if (request.reduceOnly === false) delete request.reduceOnly;
  return request;
}

function checkModification(order: Order, changes: OrderModification): void {
  const problems: string[] = [];
  const unknown = Object.keys(changes).filter((field) => !['quantity', 'price', 'triggerPrice'].includes(field));
  for (const field of unknown) problems.push(`${field}: cannot be modified`);
  if (changes.price !== undefined && !('price' in order)) problems.push(`price: a ${order.type} order has no price`);
  if (changes.triggerPrice !== undefined && !('triggerPrice' in order) && order.type !== 'TRAILING_STOP_MARKET') {
    problems.push(`triggerPrice: a ${order.type} order has no trigger price`);
  }
  if (Object.keys(changes).length === 0) problems.push('(root): nothing to modify');
  if (problems.length > 0) throw new NwsError(ErrorCode.InvalidOrder, `invalid modify of ${order.clientOrderId}: ${problems.join('; ')}`);
}

/** Same request, same key: field order does not matter. */
function requestKey(request: OrderRequest): string {
  const plain = request as unknown as Record<string, unknown>;
  const { clientOrderId: _id, strategyId: _strategy, ...rest } = plain;
  return JSON.stringify(Object.keys(rest).sort().map((field) => [field, rest[field]]));
}
