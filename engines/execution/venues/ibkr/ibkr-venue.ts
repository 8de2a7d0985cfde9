// The IBKR execution venue: order routing over the shared IbkrConnection, and reconciliation on
// every (re)connect. Every IB order carries our client order id in `orderRef`, which is how a
// reconnect finds orders again: none is sent twice (we never resend on reconnect, we look), none is
// orphaned (an order we think open that IB no longer has is reported and closed), and fills missed
// while disconnected arrive through reqExecutions, deduplicated by execution id.
import type { CommissionReport, Contract, Execution, IBApi, Order as IbOrder, OrderState } from '@stoqey/ib';
import {
  applyFill, createAccount, createPosition, positionId, price as toPrice, quantity as toQuantity, tradeId, venueOrderId,
  type Account, type ClientOrderId, type Fill, type InstrumentId, type Position, type StrategyId,
} from '@nws/core';
import type { IbkrConnection } from '@nws/marketdata';
import type { RiskApproved, VenueOrderRequest } from '../../risk-gate.js';
import type { ExecutionVenue, VenueEvent, VenueEventHandler } from '../../venue.js';
import { ORDER_REJECTION_CODES, statusMeaning, toIbOrder } from './ibkr-order-mapping.js';

export type IbkrAlertKind = 'orphaned-order' | 'unknown-order' | 'missed-fill' | 'position-mismatch' | 'order-rejected' | 'reconciled';

/** Something a trader should see in the alerts feed. */
export interface IbkrAlert {
  kind: IbkrAlertKind;
  message: string;
  ts: number;
  clientOrderId?: ClientOrderId;
  instrumentId?: InstrumentId;
}

export interface IbkrVenueOptions {
  connection: IbkrConnection;
  /** The IB contract of an instrument (from IbkrContracts' cache). */
  contractFor: (instrumentId: InstrumentId) => Contract;
  /** The instrument of an IB contract seen in executions or positions we did not place. */
  instrumentFor?: (contract: Contract) => InstrumentId | undefined;
  now?: () => number;
  onAlert?: (alert: IbkrAlert) => void;
  /** Execution ids the journal already holds, so a restart never counts a fill twice. */
  knownExecutionIds?: Iterable<string>;
  baseCurrency?: string;
}

interface TrackedOrder {
  request: VenueOrderRequest;
  ibOrderId: number;
  permId?: number;
  accepted: boolean;
  done: boolean;
  modifyPending: boolean;
  filledQty: number;
}

interface PendingExecution {
  clientOrderId: ClientOrderId;
  execution: Execution;
}

export class IbkrVenue implements ExecutionVenue {
  readonly venueId = 'IBKR';
  private handler: VenueEventHandler = () => undefined;
  private readonly connection: IbkrConnection;
  private readonly now: () => number;
  private readonly byClientId = new Map<ClientOrderId, TrackedOrder>();
  private readonly byIbId = new Map<number, ClientOrderId>();
  private readonly seenExecutions: Set<string>;
  private readonly restoredFills = new Set<string>();
  private readonly pendingExecutions = new Map<string, PendingExecution>();
  private readonly earlyCommissions = new Map<string, CommissionReport>();
  private readonly localPositions = new Map<InstrumentId, Position>();
  private readonly brokerPositions = new Map<string, number>();
  private readonly accountValues = new Map<string, number>();
  private readonly lastPrices = new Map<InstrumentId, number>();
  /** Children of a bracket entry not yet sent; the last one sent transmits the whole bracket. */
  private readonly unsentChildren = new Map<ClientOrderId, Set<ClientOrderId>>();
  private attachedTo: IBApi | undefined;
  private reconciling: Promise<void> | undefined;
  /** While set, submit() adopts an order sent before a restart instead of sending it. */
  private adopting = false;

  constructor(private readonly options: IbkrVenueOptions) {
    this.connection = options.connection;
    this.now = options.now ?? Date.now;
    this.seenExecutions = new Set(options.knownExecutionIds ?? []);
    this.connection.onReady(() => { this.reconciling = this.reconcile(); });
    this.connection.onMessage((message) => this.onIbMessage(message.reqId, message.code, message.message));
    if (this.connection.isConnected()) this.reconciling = this.reconcile();
  }

  setEventHandler(handler: VenueEventHandler): void {
    this.handler = handler;
  }

  /** Resolves when the reconciliation of the latest (re)connect is done. */
  async reconciled(): Promise<void> {
    await this.reconciling;
  }

  submit(request: RiskApproved<VenueOrderRequest>): void {
    if (this.byClientId.has(request.clientOrderId)) return; // idempotent: never send one order twice
    if (this.adopting) return this.adoptOne(request);
    if (!this.connection.isConnected()) {
      this.emit({ kind: 'rejected', clientOrderId: request.clientOrderId, reason: 'IBKR is not connected; the order was not sent', ts: this.now() });
      return;
    }
    const ibOrderId = this.connection.orderId();
    const tracked: TrackedOrder = { request, ibOrderId, accepted: false, done: false, modifyPending: false, filledQty: 0 };
    this.byClientId.set(request.clientOrderId, tracked);
    this.byIbId.set(ibOrderId, request.clientOrderId);
    this.place(tracked);
  }

  /**
   * After an app restart: every order `run` submits (the journal's working orders, re-created in a
   * fresh order manager) is tracked as already at IB and accepted, and is never sent. Reconciliation
   * then finds it by orderRef (open orders), applies what filled meanwhile (executions), or closes
   * it as orphaned when IB no longer has it.
   */
  adoptWhile(run: () => void): void {
    this.adopting = true;
    try {
      run();
    } finally {
      this.adopting = false;
    }
  }

  /** Journalled fills from before a restart: positions rebuilt, their execution ids never counted again. */
  restoreFills(fills: Iterable<Fill>): void {
    for (const fill of fills) {
      // Not `seenExecutions`: the journal's ids are usually passed as knownExecutionIds too, and
      // those must still rebuild the positions here, once.
      if (this.restoredFills.has(fill.tradeId)) continue;
      this.restoredFills.add(fill.tradeId);
      this.seenExecutions.add(fill.tradeId);
      this.lastPrices.set(fill.instrumentId, Number(fill.price));
      this.applyToPosition(fill);
    }
  }

  private adoptOne(request: RiskApproved<VenueOrderRequest>): void {
    // IB's order id is learnt from openOrder (matched by orderRef) during reconciliation.
    const tracked: TrackedOrder = { request, ibOrderId: -1, accepted: true, done: false, modifyPending: false, filledQty: 0 };
    this.byClientId.set(request.clientOrderId, tracked);
    this.emit({ kind: 'accepted', clientOrderId: request.clientOrderId, venueOrderId: venueOrderId(String(request.clientOrderId)), ts: this.now() });
  }

  modify(request: RiskApproved<VenueOrderRequest>): void {
    const tracked = this.byClientId.get(request.clientOrderId);
    if (!tracked || tracked.done || !this.connection.isConnected()) {
      this.emit({ kind: 'modify-rejected', clientOrderId: request.clientOrderId, reason: tracked ? 'order is closed or IBKR is not connected' : 'unknown order', ts: this.now() });
      return;
    }
    tracked.request = request;
    tracked.modifyPending = true;
    this.place(tracked, true);
  }

  cancel(clientOrderId: ClientOrderId): void {
    const tracked = this.byClientId.get(clientOrderId);
    if (!tracked || tracked.done || tracked.ibOrderId < 0) return;
    this.connection.ib.cancelOrder(tracked.ibOrderId, '');
  }

  account(): Account {
    const cash = this.accountValues.get('TotalCashValue') ?? 0;
    const currency = this.options.baseCurrency ?? 'USD';
    return createAccount({ id: (this.connection.accounts[0] ?? 'IBKR') as Account['id'], type: 'margin', baseCurrency: currency, cash: { [currency]: cash }, ts: this.now() });
  }

  /** Net liquidation as IB reports it. */
  equity(): number {
    return this.accountValues.get('NetLiquidation') ?? 0;
  }

  position(instrumentId: InstrumentId): Position | undefined {
    return this.localPositions.get(instrumentId);
  }

  netQty(instrumentId: InstrumentId): number {
    return this.localPositions.get(instrumentId)?.netQty ?? 0;
  }

  positions(): Position[] {
    return [...this.localPositions.values()];
  }

  lastPrice(instrumentId: InstrumentId): number | undefined {
    return this.lastPrices.get(instrumentId);
  }

  /** IB's own position per conId (from reqPositions), for the portfolio view and checks. */
  brokerPosition(conId: number): number | undefined {
    return this.brokerPositions.get(String(conId));
  }

  // ---- sending ----

  private place(tracked: TrackedOrder, isModify = false): void {
    this.attach();
    const { request } = tracked;
    const parent = request.parentOrderId ? this.byClientId.get(request.parentOrderId) : undefined;
    let transmit = true;
    if (!isModify && request.contingency === 'oto' && request.linkedOrderIds?.length) {
      // Bracket entry: held at IB until its last child goes (IB's transmit-flag protocol).
      this.unsentChildren.set(request.clientOrderId, new Set(request.linkedOrderIds));
      transmit = false;
    } else if (!isModify && request.parentOrderId) {
      const waiting = this.unsentChildren.get(request.parentOrderId);
      waiting?.delete(request.clientOrderId);
      transmit = !waiting || waiting.size === 0;
    }
    const order: IbOrder = toIbOrder(request, { parentId: parent?.ibOrderId ?? 0, transmit, account: this.connection.accounts[0] });
    this.connection.ib.placeOrder(tracked.ibOrderId, this.options.contractFor(request.instrumentId), order);
  }

  // ---- IB events ----

  private attach(): void {
    const ib = this.connection.ib;
    if (this.attachedTo === ib) return;
    this.attachedTo = ib;
    const { events } = this.connection;
    ib.on(events.orderStatus, (orderId: number, status: string, filled: number, _remaining: number, _avg: number, permId?: number) => this.onOrderStatus(orderId, status, permId));
    ib.on(events.openOrder, (orderId: number, _contract: Contract, order: IbOrder, state: OrderState) => this.onOpenOrder(orderId, order, state));
    ib.on(events.execDetails, (_reqId: number, contract: Contract, execution: Execution) => this.onExecution(contract, execution));
    ib.on(events.commissionReport, (report: CommissionReport) => this.onCommission(report));
    ib.on(events.position, (_account: string, contract: Contract, pos: number) => { if (contract.conId) this.brokerPositions.set(String(contract.conId), pos); });
    ib.on(events.updateAccountValue, (key: string, value: string) => { const n = Number(value); if (Number.isFinite(n)) this.accountValues.set(key, n); });
  }

  private onOrderStatus(ibOrderId: number, status: string, permId?: number): void {
    const tracked = this.trackedByIbId(ibOrderId);
    if (!tracked || tracked.done) return;
    if (permId) tracked.permId = permId;
    const meaning = statusMeaning(status);
    const ts = this.now();
    if ((meaning === 'working' || meaning === 'filled') && !tracked.accepted) {
      tracked.accepted = true;
      this.emit({ kind: 'accepted', clientOrderId: tracked.request.clientOrderId, venueOrderId: venueOrderId(String(tracked.permId ?? ibOrderId)), ts });
    }
    if (meaning === 'working' && tracked.modifyPending) {
      tracked.modifyPending = false;
      const request = tracked.request;
      this.emit({ kind: 'updated', clientOrderId: request.clientOrderId, ts, quantity: request.quantity,
        ...('price' in request && request.price !== undefined ? { price: request.price } : {}),
        ...('triggerPrice' in request && request.triggerPrice !== undefined ? { triggerPrice: request.triggerPrice } : {}) });
    }
    if (meaning === 'canceled') {
      tracked.done = true;
      this.emit({ kind: 'canceled', clientOrderId: tracked.request.clientOrderId, reason: `IBKR status ${status}`, ts });
    }
    // 'filled' closes the order only through its executions, so the fill quantities stay exact.
  }

  /** openOrder ties IB's order id to our client order id via orderRef (also for orders placed before a restart). */
  private onOpenOrder(ibOrderId: number, order: IbOrder, state: OrderState): void {
    const ref = order.orderRef as ClientOrderId | undefined;
    if (!ref) return;
    const tracked = this.byClientId.get(ref);
    if (tracked) {
      tracked.ibOrderId = ibOrderId;
      this.byIbId.set(ibOrderId, ref);
      if (state.status) this.onOrderStatus(ibOrderId, String(state.status));
    }
    if (state.status && statusMeaning(String(state.status)) === 'working') this.openOrdersSeen?.add(ref);
  }

  private onExecution(contract: Contract, execution: Execution): void {
    const execId = execution.execId;
    if (!execId || this.seenExecutions.has(execId) || this.pendingExecutions.has(execId)) return;
    const ref = (execution.orderRef ?? (execution.orderId !== undefined ? this.byIbId.get(execution.orderId) : undefined)) as ClientOrderId | undefined;
    if (!ref || !this.byClientId.has(ref)) {
      this.alert({ kind: 'unknown-order', message: `IBKR execution ${execId} for ${contract.symbol} (orderRef '${execution.orderRef ?? ''}') matches no order we placed`, ts: this.now() });
      this.seenExecutions.add(execId);
      return;
    }
    this.pendingExecutions.set(execId, { clientOrderId: ref, execution });
    const early = this.earlyCommissions.get(execId);
    if (early) this.onCommission(early);
  }

  /** A fill is emitted once its commission is known: execDetails + commissionReport make one Fill. */
  private onCommission(report: CommissionReport): void {
    const execId = report.execId;
    if (!execId || this.seenExecutions.has(execId)) return;
    const pending = this.pendingExecutions.get(execId);
    if (!pending) {
      this.earlyCommissions.set(execId, report);
      return;
    }
    this.pendingExecutions.delete(execId);
    this.earlyCommissions.delete(execId);
    this.seenExecutions.add(execId);
    const tracked = this.byClientId.get(pending.clientOrderId)!;
    const { execution } = pending;
    const shares = Number(execution.shares ?? 0);
    const fill: Fill = {
      clientOrderId: tracked.request.clientOrderId,
      venueOrderId: venueOrderId(String(execution.permId ?? tracked.permId ?? tracked.ibOrderId)),
      tradeId: tradeId(execId),
      instrumentId: tracked.request.instrumentId,
      side: execution.side === 'SLD' ? 'SELL' : 'BUY',
      qty: toQuantity(shares),
      price: toPrice(Number(execution.price ?? 0)),
      commission: Number(report.commission ?? 0),
      commissionCurrency: report.currency || 'USD',
      liquidity: execution.lastLiquidity === 1 ? 'maker' : 'taker',
      ts: this.now(),
      strategyId: tracked.request.strategyId as StrategyId,
    };
    tracked.filledQty += shares;
    if (tracked.filledQty >= Number(tracked.request.quantity)) tracked.done = true;
    this.lastPrices.set(fill.instrumentId, Number(fill.price));
    this.applyToPosition(fill);
    this.emit({ kind: 'filled', fill });
  }

  private applyToPosition(fill: Fill): void {
    const existing = this.localPositions.get(fill.instrumentId)
      ?? createPosition({ id: positionId(`${fill.instrumentId}-IBKR`), instrumentId: fill.instrumentId, currency: fill.commissionCurrency, multiplier: this.multiplierOf(fill.instrumentId), ts: fill.ts });
    this.localPositions.set(fill.instrumentId, applyFill(existing, fill));
  }

  /** A future's or option's point value, from its IB contract (ES: 50); 1 for shares and forex. */
  private multiplierOf(instrumentId: InstrumentId): number {
    const multiplier = Number(this.options.contractFor(instrumentId).multiplier);
    return Number.isFinite(multiplier) && multiplier > 0 ? multiplier : 1;
  }

  private onIbMessage(reqId: number, code: number, message: string): void {
    const tracked = this.trackedByIbId(reqId);
    if (!tracked || tracked.done || !ORDER_REJECTION_CODES.has(code)) return;
    tracked.done = true;
    const reason = `IBKR ${code}: ${message}`;
    this.alert({ kind: 'order-rejected', message: reason, ts: this.now(), clientOrderId: tracked.request.clientOrderId, instrumentId: tracked.request.instrumentId });
    this.emit({ kind: 'rejected', clientOrderId: tracked.request.clientOrderId, reason, ts: this.now() });
  }

  private trackedByIbId(ibOrderId: number): TrackedOrder | undefined {
    const ref = this.byIbId.get(ibOrderId);
    return ref ? this.byClientId.get(ref) : undefined;
  }

  // ---- reconciliation ----

  private openOrdersSeen: Set<string> | undefined;

  /**
   * On every connect: open orders (by orderRef), executions we missed, positions vs our fills.
   * Orders are never re-sent here: one IB still has is adopted, one it lacks is reported and closed.
   */
  private async reconcile(): Promise<void> {
    this.attach();
    const { ib, events } = this.connection;
    // Only orders we had before this connection are judged: one placed while reconciling went out
    // on this connection, after the open-orders snapshot was asked for, and is no orphan.
    const placedBefore = new Set(this.byClientId.keys());
    this.openOrdersSeen = new Set();
    await this.collect(ib, events.openOrderEnd, () => ib.reqOpenOrders());
    const stillOpen = this.openOrdersSeen;
    this.openOrdersSeen = undefined;
    const execReqId = this.connection.requestId();
    await this.collect(ib, events.execDetailsEnd, () => ib.reqExecutions(execReqId, {}));
    // Commission reports follow their executions on the same socket; give them one tick to land.
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (const [execId, pending] of this.pendingExecutions) {
      this.alert({ kind: 'missed-fill', message: `execution ${execId} still has no commission report`, ts: this.now(), clientOrderId: pending.clientOrderId });
    }
    for (const tracked of this.byClientId.values()) {
      if (tracked.done || !tracked.accepted || stillOpen.has(tracked.request.clientOrderId) || !placedBefore.has(tracked.request.clientOrderId)) continue;
      tracked.done = true;
      const message = `order ${tracked.request.clientOrderId} is not open at IBKR after reconnect and has no further fills; closed as canceled`;
      this.alert({ kind: 'orphaned-order', message, ts: this.now(), clientOrderId: tracked.request.clientOrderId });
      this.emit({ kind: 'canceled', clientOrderId: tracked.request.clientOrderId, reason: message, ts: this.now() });
    }
    for (const ref of stillOpen) {
      if (!this.byClientId.has(ref as ClientOrderId)) this.alert({ kind: 'unknown-order', message: `IBKR has open order '${ref}' that we did not place in this session`, ts: this.now() });
    }
    // Positions and account updates are connection-wide subscriptions: the account view may have
    // asked already on this connect, and IB then keeps streaming changes; asking twice doubles traffic.
    await this.connection.requestPositions();
    this.checkPositions();
    void this.connection.subscribeAccountUpdates();
    this.alert({ kind: 'reconciled', message: `reconciled with IBKR: ${stillOpen.size} open orders`, ts: this.now() });
  }

  private checkPositions(): void {
    for (const position of this.localPositions.values()) {
      const conId = this.options.contractFor(position.instrumentId).conId;
      if (conId === undefined) continue;
      const broker = this.brokerPositions.get(String(conId)) ?? 0;
      if (broker !== position.netQty) {
        this.alert({ kind: 'position-mismatch', message: `${position.instrumentId}: IBKR holds ${broker}, our fills give ${position.netQty}`, ts: this.now(), instrumentId: position.instrumentId });
      }
    }
  }

  /** Sends a request and waits for its end marker (or a timeout, so a silent gateway cannot stall us). */
  private collect(ib: IBApi, endEvent: 'openOrderEnd' | 'execDetailsEnd', send: () => void, timeoutMs = 5_000): Promise<void> {
    const emitter = ib as unknown as { on(event: string, listener: () => void): void; off(event: string, listener: () => void): void };
    return new Promise((resolve) => {
      const finish = (): void => { clearTimeout(timer); emitter.off(endEvent, finish); resolve(); };
      const timer = setTimeout(finish, timeoutMs);
      emitter.on(endEvent, finish);
      send();
    });
  }

  private alert(alert: IbkrAlert): void {
    this.options.onAlert?.(alert);
  }

  private emit(event: VenueEvent): void {
    this.handler(event);
  }
}
