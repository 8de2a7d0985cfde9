import {
  ErrorCode,
  NwsError,
  accountEquity,
  adjustBalance,
  applyFill,
  barIntervalMs,
  createAccount,
  createPosition,
  roundToPrecision,
  withBalanceTotal,
} from '@nws/core';
import type {
  Account,
  AccountId,
  Bar,
  BarType,
  ClientOrderId,
  Fill,
  Instrument,
  InstrumentId,
  LiquiditySide,
  PositionId,
  Position,
  Price,
  Quantity,
  QuoteTick,
  TradeId,
  TradeTick,
  VenueOrderId,
} from '@nws/core';
import { commissionFor } from './commission.js';
import { defineSimulatedVenueConfig } from './config.js';
import { FinishedOrderIds } from './finished-order-ids.js';
import { OpenEntries } from './open-entries.js';
import type { SimulatedVenueConfig, SimulatedVenueConfigInput } from './config.js';
import type { RiskApproved, VenueOrderRequest } from './risk-gate.js';
import type { ExecutionVenue, VenueEvent, VenueEventHandler } from './venue.js';

export interface SimulatedVenueOptions {
  instruments: ReadonlyArray<Instrument>;
  config?: SimulatedVenueConfigInput;
}

const DAY_MS = 86_400_000;

/** An order as the venue works it. Mutable on purpose: the hot loop must not allocate. */
interface WorkingOrder {
  request: VenueOrderRequest;
  /** The instrument's book the order works on. */
  book: Book;
  id: ClientOrderId;
  venueOrderId: VenueOrderId;
  /** +1 buy, -1 sell. */
  sign: number;
  quantity: number;
  filledQty: number;
  filledValue: number;
  commissionPaid: number;
  price: number;
  triggerPrice: number;
  /** Stop-limits after their trigger, trailing stops once their trigger is set. */
  triggered: boolean;
  /** Best price seen since submission (trailing stops): highest for a sell, lowest for a buy. */
  extreme: number;
  /** False for bracket exits until their entry fills. */
  active: boolean;
  /** IOC/FOK: only the first price the order sees counts. */
  immediate: boolean;
  /** Market orders placed after the last bar wait for the next bar's open (fill mode next-open). */
  queueAhead: number;
  /** When the venue accepted it, epoch ms. */
  acceptedTs: number;
  sequence: number;
  done: boolean;
}

/** Per-instrument market state and the orders working on it. */
interface Book {
  instrument: Instrument;
  /** Position in `bookList`. */
  slot: number;
  orders: WorkingOrder[];
  /**
   * The book's position. A fill writes into it while nobody else holds it; once it is handed out
   * (`position()`, `positions()`) the next fill makes a new one, so a position handed out never
   * changes. A filled event carries it only until the event is delivered.
   */
  position: Position;
  positionHandedOut: boolean;
  /** A queued filled event carries `position`: the next fill before delivery must not change it. */
  positionQueued: boolean;
  last: number;
  hasPrice: boolean;
  /** Close and end time of the last bar; ts of the last quote or trade. */
  lastClose: number;
  lastDataEnd: number;
  dataKind: 'none' | 'bar' | 'quote';
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
  volumeLeft: number;
  lastDay: number;
  barUnit: string;
  barStep: number;
  barIntervalMs: number;
  /** The bar type of the last bar, as an object: the same object again means the same instrument and bar size. */
  lastBarType: BarType | undefined;
}

/**
 * The simulated venue shared by backtests and paper trading: matches orders against bars,
 * quotes and trades by the documented fill rules (docs/concepts/order-lifecycle.md), charges
 * commission and slippage, and keeps the account and one netted position per instrument.
 * Events are queued while the venue works and delivered when the call that caused them ends,
 * so a listener that submits again never sees the venue half way through a bar.
 */
export class SimulatedVenue implements ExecutionVenue {
  readonly venueId: string;
  readonly config: SimulatedVenueConfig;
  private handler: VenueEventHandler = () => {};
  private readonly books = new Map<InstrumentId, Book>();
  private readonly bookList: Book[] = [];
  /** Orders on the venue and not done, by client order id: a handful however long the run. */
  private readonly working = new OpenEntries<ClientOrderId, WorkingOrder>();
  /**
   * Every finished order's id and whether it filled anything: all the venue needs of it later
   * (refusing a reused id, releasing a bracket exit whose entry already filled). Letting the
   * WorkingOrder go spares the garbage collector a backtest's hundreds of thousands of them.
   */
  private readonly finished = new FinishedOrderIds();
  /** The account as last built; stale after a fill until `account()` rebuilds it. */
  private accountState: Account;
  /**
   * The base-currency cash total, kept as a number: equity is read every bar and fills book cash
   * without building an Account each (the venue settles in its base currency only).
   */
  private cashTotal = 0;
  private accountStale = false;
  /** Time of the last cash movement, the rebuilt account's `ts`. */
  private accountTs = 0;
  /** The book of the last bar: a backtest feeds one instrument's bars in a row far more often than not. */
  private lastBarBook: Book | undefined;
  /** Events queued by the current call; slots past `pendingCount` are stale and reused (no array churn). */
  private readonly pending: VenueEvent[] = [];
  private pendingCount = 0;
  /** Books whose position a queued filled event carries (see Book.positionQueued). */
  private readonly queuedPositionBooks: Book[] = [];
  private dispatching = false;
  private sequence = 0;
  private tradeSequence = 0;
  private nowTs = 0;
  private readonly closeMinuteUtc: number | undefined;

  constructor(options: SimulatedVenueOptions) {
    this.config = defineSimulatedVenueConfig(options.config);
    this.venueId = this.config.venueId;
    this.accountState = createAccount({
      id: this.config.accountId as AccountId,
      type: this.config.accountType,
      baseCurrency: this.config.baseCurrency,
      cash: { [this.config.baseCurrency]: this.config.startingCash },
      ts: 0,
    });
    this.cashTotal = this.readCash();
    const close = this.config.sessionCloseUtc;
    this.closeMinuteUtc = close === null ? undefined : Number(close.slice(0, 2)) * 60 + Number(close.slice(3, 5));
    for (const instrument of options.instruments) this.addInstrument(instrument);
  }

  addInstrument(instrument: Instrument): void {
    if (this.books.has(instrument.id)) throw new NwsError(ErrorCode.Conflict, `instrument ${instrument.id} is already on venue ${this.venueId}`);
    if (instrument.currency !== this.config.baseCurrency) {
      throw new NwsError(ErrorCode.InvalidArgument, `instrument ${instrument.id} trades in ${instrument.currency}; venue ${this.venueId} settles only ${this.config.baseCurrency}`);
    }
    const book: Book = {
      instrument,
      slot: this.bookList.length,
      orders: [],
      position: createPosition({ id: `P-${instrument.id}` as PositionId, instrumentId: instrument.id, currency: instrument.currency, multiplier: instrument.multiplier, ts: 0 }),
      positionHandedOut: false,
      positionQueued: false,
      last: 0,
      hasPrice: false,
      lastClose: 0,
      lastDataEnd: 0,
      dataKind: 'none',
      bid: 0,
      ask: 0,
      bidSize: 0,
      askSize: 0,
      volumeLeft: Number.POSITIVE_INFINITY,
      lastDay: Number.NaN,
      barUnit: '',
      barStep: 0,
      barIntervalMs: 0,
      lastBarType: undefined,
    };
    this.books.set(instrument.id, book);
    this.bookList.push(book);
  }

  setEventHandler(handler: VenueEventHandler): void {
    this.handler = handler;
  }

  // ---- ExecutionVenue: orders in ----

  submit(request: RiskApproved<VenueOrderRequest>): void {
    this.accept(request);
    this.deliver();
  }

  modify(request: RiskApproved<VenueOrderRequest>): void {
    this.amend(request);
    this.deliver();
  }

  cancel(clientOrderId: ClientOrderId): void {
    this.work(() => {
      const order = this.workingOrderOf(clientOrderId);
      if (order === undefined) return;
      this.finish(order.book, order, 'canceled', 'canceled by request');
    });
  }

  // ---- market data in ----

  /** Matches working orders against one bar (see the fill rules), then marks to its close. */
  processBar(bar: Bar): void {
    const book = this.lastBarBook;
    // The hot path of a backtest: another bar of the instrument and bar type of the last one
    // (a feed hands out one bar type object per series) and nothing to match, so only remember
    // the market. Kept small, so the compiler inlines it into the bar loop.
    if (book !== undefined && book.lastBarType === bar.barType && book.orders.length === 0) {
      this.markBar(book, bar);
      return;
    }
    this.processAnyBar(bar);
  }

  private processAnyBar(bar: Bar): void {
    const book = this.barBook(bar.barType.instrumentId);
    this.lastBarBook = book;
    if (bar.barType.unit !== book.barUnit || bar.barType.step !== book.barStep) {
      book.barUnit = bar.barType.unit;
      book.barStep = bar.barType.step;
      book.barIntervalMs = barIntervalMs(bar.barType.unit, bar.barType.step);
    }
    book.lastBarType = bar.barType;
    if (book.orders.length === 0) {
      this.markBar(book, bar);
      return;
    }
    this.matchBar(book, bar, bar.ts + book.barIntervalMs);
    this.deliver();
  }

  /**
   * The book of a bar's instrument. A backtest feeds either one instrument's bars in a row or
   * several instruments' bars at each time step in the order they were added, so the last
   * book or the one after it is almost always the answer: two string checks instead of a map
   * lookup per bar.
   */
  private barBook(instrumentId: InstrumentId): Book {
    const last = this.lastBarBook;
    if (last === undefined) return this.requireBook(instrumentId);
    if (last.instrument.id === instrumentId) return last;
    const list = this.bookList;
    const following = list[last.slot + 1 === list.length ? 0 : last.slot + 1]!;
    return following.instrument.id === instrumentId ? following : this.requireBook(instrumentId);
  }

  processQuote(quote: QuoteTick): void {
    const book = this.requireBook(quote.instrumentId);
    this.matchQuote(book, quote);
    this.deliver();
  }

  processTrade(trade: TradeTick): void {
    const book = this.requireBook(trade.instrumentId);
    this.matchTrade(book, trade);
    this.deliver();
  }

  /** Ends the trading session at `ts` on every instrument: MOC orders fill at the last price, DAY orders expire. */
  endSession(ts: number): void {
    this.work(() => {
      this.nowTs = Math.max(this.nowTs, ts);
      for (const book of this.bookList) this.closeSession(book, book.last);
    });
  }

  // ---- accounting out ----

  account(): Account {
    if (this.accountStale) {
      this.accountStale = false;
      this.accountState = withBalanceTotal(this.accountState, this.config.baseCurrency, this.cashTotal, this.accountTs);
    }
    return this.accountState;
  }

  position(instrumentId: InstrumentId): Position | undefined {
    const book = this.findBook(instrumentId);
    return book === undefined ? undefined : handOutPosition(book);
  }

  positions(): Position[] {
    return this.bookList.map(handOutPosition);
  }

  netQty(instrumentId: InstrumentId): number {
    return this.findBook(instrumentId)?.position.netQty ?? 0;
  }

  lastPrice(instrumentId: InstrumentId): number | undefined {
    const book = this.books.get(instrumentId);
    return book === undefined || !book.hasPrice ? undefined : book.last;
  }

  cash(): number {
    return this.cashTotal;
  }

  private readCash(): number {
    return this.accountState.balances[this.config.baseCurrency]?.total ?? 0;
  }

  /** Cash + the value of every position at its last price (cash was debited in full on buys). */
  equity(): number {
    // An index loop: read every bar, and a for-of's iterator bytecode would keep the compiler
    // from inlining it into the bar loop.
    let value = this.cashTotal;
    const books = this.bookList;
    for (let index = 0; index < books.length; index++) {
      const book = books[index]!;
      const held = book.position.netQty;
      if (held !== 0) value += held * book.last * book.instrument.multiplier;
    }
    return value;
  }

  /** Net liquidation per core's Account model; equals `equity()`. */
  accountEquity(): number {
    let unrealized = 0;
    for (const book of this.bookList) unrealized += book.position.netQty * book.last * book.instrument.multiplier;
    return accountEquity(this.account(), unrealized);
  }

  /** Epoch ms of the venue's latest event or data. */
  now(): number {
    return this.nowTs;
  }

  // ---- event queue ----

  /** Runs `action`, then delivers the events it queued (unless an outer call is already delivering). */
  private work(action: () => void): void {
    action();
    this.deliver();
  }

  /**
   * Delivers the events queued so far, unless an outer call is already delivering. The hot calls
   * (submit, bars, ticks) call it straight after their work instead of through `work`: no
   * closure per call.
   */
  private deliver(): void {
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (let index = 0; index < this.pendingCount; index++) this.handler(this.pending[index]!);
    } finally {
      this.pendingCount = 0;
      this.dispatching = false;
      // Delivered: the events' positions are the books' own again.
      const queued = this.queuedPositionBooks;
      while (queued.length > 0) queued.pop()!.positionQueued = false;
    }
  }

  private emit(event: VenueEvent): void {
    this.pending[this.pendingCount++] = event;
  }

  // ---- accepting and amending ----

  private accept(request: VenueOrderRequest): void {
    const book = this.findBook(request.instrumentId);
    const ts = this.nowTs;
    if (book === undefined) {
      this.emit({ kind: 'rejected', clientOrderId: request.clientOrderId, reason: `instrument ${request.instrumentId} is not traded on ${this.venueId}`, ts });
      return;
    }
    if (this.working.has(request.clientOrderId) || this.finished.has(request.clientOrderId)) {
      this.emit({ kind: 'rejected', clientOrderId: request.clientOrderId, reason: `client order id ${request.clientOrderId} is already on the venue`, ts });
      return;
    }
    const problem = this.refusal(book, request);
    if (problem !== undefined) {
      this.emit({ kind: 'rejected', clientOrderId: request.clientOrderId, reason: problem, ts });
      return;
    }
    const order = this.workingOrder(request, book);
    book.orders.push(order);
    this.working.set(order.id, order);
    this.emit({ kind: 'accepted', clientOrderId: order.id, venueOrderId: order.venueOrderId, ts });
    this.placeInQueue(book, order);
    // A trailing stop without a trigger takes one from the market it arrives in.
    if (order.active && book.hasPrice) this.ratchet(book, order, book.dataKind === 'quote' ? (order.sign > 0 ? book.ask : book.bid) : book.last);
    if (order.active) this.matchOnArrival(book, order);
  }

  private workingOrder(request: VenueOrderRequest, book: Book): WorkingOrder {
    this.sequence += 1;
    // A bracket exit waits for its entry, unless the entry has already filled.
    const active = request.parentOrderId === undefined || this.finished.flag(request.parentOrderId) === true;
    return {
      request,
      book,
      id: request.clientOrderId,
      venueOrderId: `${this.venueId}-${this.sequence}` as VenueOrderId,
      sign: request.side === 'BUY' ? 1 : -1,
      quantity: request.quantity,
      filledQty: 0,
      filledValue: 0,
      commissionPaid: 0,
      price: 'price' in request ? request.price : Number.NaN,
      triggerPrice: 'triggerPrice' in request && request.triggerPrice !== undefined ? request.triggerPrice : Number.NaN,
      triggered: false,
      extreme: Number.NaN,
      active,
      immediate: request.timeInForce === 'IOC' || request.timeInForce === 'FOK',
      queueAhead: 0,
      acceptedTs: this.nowTs,
      sequence: this.sequence,
      done: false,
    };
  }

  /** Why the venue refuses the request, or undefined. */
  private refusal(book: Book, request: VenueOrderRequest): string | undefined {
    const { instrument } = book;
    if (!Number.isInteger(lotsOf(request.quantity, instrument.lotSize))) return `quantity ${request.quantity} is not a multiple of lot size ${instrument.lotSize}`;
    if (request.timeInForce === 'GTD' && request.expireTime !== undefined && request.expireTime <= this.nowTs) {
      return `expireTime ${request.expireTime} is already past`;
    }
    const exit = request.reduceOnly === true || request.parentOrderId !== undefined;
    if (this.config.accountType === 'cash' && request.side === 'SELL' && !exit) {
      const sellable = book.position.netQty - this.workingSellQty(book);
      if (request.quantity > sellable + 1e-9) {
        return `cash account cannot sell short: selling ${request.quantity} with ${Math.max(0, sellable)} ${instrument.symbol} held and not already offered`;
      }
    }
    if (request.side === 'BUY' || this.config.accountType === 'margin') return this.buyingPowerProblem(book, request, exit);
    return undefined;
  }

  private workingSignedQty(book: Book): number {
    let qty = 0;
    for (const order of book.orders) if (!order.done && order.request.reduceOnly !== true && order.request.parentOrderId === undefined) qty += order.sign * (order.quantity - order.filledQty);
    return qty;
  }

  private workingSellQty(book: Book): number {
    let qty = 0;
    for (const order of book.orders) if (!order.done && order.sign < 0 && order.request.reduceOnly !== true && order.request.parentOrderId === undefined) qty += order.quantity - order.filledQty;
    return qty;
  }

  private buyingPowerProblem(book: Book, request: VenueOrderRequest, exit: boolean): string | undefined {
    if (exit) return undefined;
    const reference = 'price' in request ? request.price : book.hasPrice ? book.last : undefined;
    if (reference === undefined) return undefined;
    const value = request.quantity * reference * book.instrument.multiplier;
    if (this.config.accountType === 'cash') {
      const cash = this.cash();
      return value > cash + 1e-9 ? `insufficient cash: order value ${round2(value)} exceeds cash ${round2(cash)}` : undefined;
    }
    // Orders already working count as if filled: two orders cannot each use the same headroom.
    const signed = (request.side === 'BUY' ? request.quantity : -request.quantity) + this.workingSignedQty(book);
    let gross = 0;
    for (const other of this.bookList) {
      const held = other === book ? other.position.netQty + signed : other.position.netQty;
      gross += Math.abs(held) * (other === book ? reference : other.last) * other.instrument.multiplier;
    }
    const limit = this.equity() * this.config.leverage;
    return gross > limit + 1e-9 ? `exceeds leverage ${this.config.leverage}: gross exposure ${round2(gross)} above ${round2(limit)}` : undefined;
  }

  private amend(request: VenueOrderRequest): void {
    const order = this.workingOrderOf(request.clientOrderId);
    const ts = this.nowTs;
    if (order === undefined) {
      this.emit({ kind: 'modify-rejected', clientOrderId: request.clientOrderId, reason: 'order is not working on the venue', ts });
      return;
    }
    const book = order.book;
    if (request.quantity <= order.filledQty) {
      this.emit({ kind: 'modify-rejected', clientOrderId: order.id, reason: `quantity ${request.quantity} is not above the ${order.filledQty} filled`, ts });
      return;
    }
    order.request = request;
    order.quantity = request.quantity;
    if ('price' in request) order.price = request.price;
    if ('triggerPrice' in request && request.triggerPrice !== undefined) order.triggerPrice = request.triggerPrice;
    this.emit({
      kind: 'updated',
      clientOrderId: order.id,
      ts,
      quantity: request.quantity,
      ...('price' in request ? { price: request.price } : {}),
      ...('triggerPrice' in request && request.triggerPrice !== undefined ? { triggerPrice: request.triggerPrice } : {}),
    });
    this.placeInQueue(book, order);
    if (order.active) this.matchOnArrival(book, order);
  }

  /**
   * What happens the moment an order arrives. On quotes it meets the current bid/ask. On bars,
   * fill mode `close` fills market (and marketable IOC/FOK) orders at the last close; otherwise
   * they wait for the next bar's open.
   */
  private matchOnArrival(book: Book, order: WorkingOrder): void {
    if (!book.hasPrice) return;
    if (book.dataKind === 'quote') {
      this.matchAtQuote(book, order);
      return;
    }
    if (this.config.fillMode !== 'close' || book.dataKind !== 'bar') return;
    const type = order.request.type;
    if (type === 'MARKET_ON_CLOSE') return;
    if (type === 'MARKET' || order.immediate) {
      this.matchAtPoint(book, order, book.lastClose);
      if (order.immediate && !order.done) this.finish(book, order, 'canceled', `${order.request.timeInForce}: unfilled remainder canceled`);
    }
  }

  // ---- bars ----

  /**
   * Remembers the market at the bar's end: its close and end time (the venue's time from now).
   * Takes the bar, not a computed end time: a number passed to a call the compiler does not
   * inline is boxed, once per bar.
   */
  private markBar(book: Book, bar: Bar): void {
    const end = bar.ts + book.barIntervalMs;
    this.nowTs = end;
    book.last = bar.close;
    book.lastClose = bar.close;
    book.lastDataEnd = end;
    book.hasPrice = true;
    book.dataKind = 'bar';
    book.lastDay = Math.floor(bar.ts / DAY_MS);
  }

  private matchBar(book: Book, bar: Bar, end: number): void {
    const day = Math.floor(bar.ts / DAY_MS);
    if (this.closeMinuteUtc === undefined && !this.isDailyBar(book) && book.dataKind === 'bar' && day !== book.lastDay) {
      // A new UTC date with no session close configured: yesterday's session ended at its last bar.
      // Orders placed after that last bar belong to the new session.
      this.nowTs = book.lastDataEnd;
      this.closeSession(book, book.lastClose, book.lastDataEnd);
    }
    this.nowTs = bar.ts;
    this.expireGoodTillDate(book, bar.ts);
    book.volumeLeft = this.config.volumeParticipation === null ? Number.POSITIVE_INFINITY : this.config.volumeParticipation * bar.volume;
    book.dataKind = 'bar';
    book.hasPrice = true;
    book.last = bar.open;
    this.matchImmediateAtOpen(book, bar.open);
    // The path: open, then the extreme nearer the open, then the other, then close. Once nothing
    // works on the book (a market order fills at the open) the rest of the path has nothing to do.
    const highFirst = bar.high - bar.open <= bar.open - bar.low;
    const first = highFirst ? bar.high : bar.low;
    const second = highFirst ? bar.low : bar.high;
    if (book.orders.length > 0) this.walk(book, bar.open, bar.open);
    if (book.orders.length > 0) this.walk(book, bar.open, first);
    if (book.orders.length > 0) this.walk(book, first, second);
    if (book.orders.length > 0) this.walk(book, second, bar.close);
    this.markBar(book, bar);
    if (this.isClosingBar(book, bar.ts, end)) this.closeSession(book, bar.close);
  }

  private isDailyBar(book: Book): boolean {
    return book.barUnit === 'd' || book.barUnit === 'w' || book.barUnit === 'M';
  }

  private isClosingBar(book: Book, start: number, end: number): boolean {
    if (this.closeMinuteUtc === undefined) return this.isDailyBar(book);
    const close = Math.floor(start / DAY_MS) * DAY_MS + this.closeMinuteUtc * 60_000;
    return start < close && close <= end;
  }

  /** IOC and FOK orders get the open and nothing more. */
  private matchImmediateAtOpen(book: Book, open: number): void {
    for (const order of book.orders) {
      if (order.done || !order.active || !order.immediate) continue;
      this.matchAtPoint(book, order, open);
      if (!order.done) this.finish(book, order, 'canceled', `${order.request.timeInForce}: unfilled remainder canceled`);
    }
    this.compact(book);
  }

  /** Fills an order that is marketable at `price` (FOK only when it fills whole). */
  private matchAtPoint(book: Book, order: WorkingOrder, price: number): void {
    const level = this.marketableAt(order, price);
    if (Number.isNaN(level)) return;
    const leaves = order.quantity - order.filledQty;
    if (order.request.timeInForce === 'FOK' && book.volumeLeft < leaves) return;
    this.fillOrder(book, order, Math.min(leaves, book.volumeLeft), level, isTakerType(order) ? 'taker' : 'maker', true);
  }

  /**
   * Moves the price from `from` to `to` and fills, in the order the price reaches them, every
   * order whose level lies on the way. `from === to` checks only what is marketable at `from`.
   */
  private walk(book: Book, from: number, to: number): void {
    let start = from;
    for (let guard = 0; guard < 10_000; guard++) {
      if (book.volumeLeft <= 0) break;
      let best: WorkingOrder | undefined;
      let bestFraction = Number.POSITIVE_INFINITY;
      let bestLevel = Number.NaN;
      for (const order of book.orders) {
        if (order.done || !order.active || order.immediate) continue;
        const level = this.levelOnPath(order, start, to);
        if (Number.isNaN(level)) continue;
        const fraction = start === to ? 0 : Math.abs(level - start) / Math.abs(to - start);
        if (fraction < bestFraction) {
          best = order;
          bestFraction = fraction;
          bestLevel = level;
        }
      }
      if (best === undefined) break;
      start = bestLevel;
      book.last = bestLevel;
      this.reach(book, best, bestLevel);
    }
    this.ratchetTrailingStops(book, to);
    this.compact(book);
  }

  /** The order reached `level` on the path: a stop-limit triggers, everything else fills. */
  private reach(book: Book, order: WorkingOrder, level: number): void {
    if (order.request.type === 'STOP_LIMIT' && !order.triggered) {
      order.triggered = true;
      this.emit({ kind: 'triggered', clientOrderId: order.id, ts: this.nowTs });
      return;
    }
    const leaves = order.quantity - order.filledQty;
    const liquidity: LiquiditySide = isTakerType(order) ? 'taker' : 'maker';
    this.fillOrder(book, order, Math.min(leaves, book.volumeLeft), level, liquidity, liquidity === 'taker');
  }

  /** Price at which the order executes if the price moves from `from` to `to`; NaN if it does not. */
  private levelOnPath(order: WorkingOrder, from: number, to: number): number {
    const atStart = this.marketableAt(order, from);
    if (!Number.isNaN(atStart)) return atStart;
    if (from === to) return Number.NaN;
    const type = order.request.type;
    const buy = order.sign > 0;
    if (type === 'LIMIT' || (type === 'STOP_LIMIT' && order.triggered)) {
      // Touching the limit is not enough: the price must trade through it.
      return buy ? (to < order.price ? order.price : Number.NaN) : to > order.price ? order.price : Number.NaN;
    }
    const trigger = this.triggerOf(order);
    if (Number.isNaN(trigger)) return Number.NaN;
    if (type === 'STOP_MARKET' || type === 'STOP_LIMIT' || type === 'TRAILING_STOP_MARKET') {
      return buy ? (to >= trigger ? trigger : Number.NaN) : to <= trigger ? trigger : Number.NaN;
    }
    return Number.NaN;
  }

  /** Execution price if the market stands at `price` (gaps fill here); NaN if not marketable. */
  private marketableAt(order: WorkingOrder, price: number): number {
    const buy = order.sign > 0;
    switch (order.request.type) {
      case 'MARKET':
        return price;
      case 'MARKET_ON_CLOSE':
        return Number.NaN;
      case 'LIMIT':
        return (buy ? price < order.price : price > order.price) ? price : Number.NaN;
      case 'STOP_LIMIT':
        if (order.triggered) return (buy ? price < order.price : price > order.price) ? price : Number.NaN;
        return (buy ? price >= order.triggerPrice : price <= order.triggerPrice) ? price : Number.NaN;
      case 'STOP_MARKET':
      case 'TRAILING_STOP_MARKET': {
        const trigger = this.triggerOf(order);
        if (Number.isNaN(trigger)) return Number.NaN;
        return (buy ? price >= trigger : price <= trigger) ? price : Number.NaN;
      }
    }
  }

  private triggerOf(order: WorkingOrder): number {
    return order.triggerPrice;
  }

  /**
   * Trailing stops follow the market: a sell's trigger rises to (highest price seen - offset),
   * never falls; a buy's mirrors. Runs at the end of each leg of the bar path.
   */
  private ratchetTrailingStops(book: Book, price: number): void {
    for (const order of book.orders) {
      if (!order.done && order.active && order.request.type === 'TRAILING_STOP_MARKET') this.ratchet(book, order, price);
    }
  }

  private ratchet(book: Book, order: WorkingOrder, price: number): void {
    const request = order.request;
    if (request.type !== 'TRAILING_STOP_MARKET') return;
    const buy = order.sign > 0;
    if (Number.isNaN(order.extreme) || (buy ? price < order.extreme : price > order.extreme)) order.extreme = price;
    const offset = request.trailingOffsetType === 'percent' ? (order.extreme * request.trailingOffset) / 100 : request.trailingOffset;
    const candidate = roundToPrecision(buy ? order.extreme + offset : order.extreme - offset, book.instrument.pricePrecision);
    const better = Number.isNaN(order.triggerPrice) || (buy ? candidate < order.triggerPrice : candidate > order.triggerPrice);
    if (better) {
      order.triggerPrice = candidate;
      this.emit({ kind: 'updated', clientOrderId: order.id, ts: this.nowTs, triggerPrice: candidate as Price });
    }
  }

  private expireGoodTillDate(book: Book, ts: number): void {
    for (const order of book.orders) {
      const expireTime = order.request.expireTime;
      if (!order.done && order.request.timeInForce === 'GTD' && expireTime !== undefined && ts >= expireTime) {
        this.nowTs = expireTime;
        this.finish(book, order, 'expired', 'GTD expiry');
      }
    }
    this.nowTs = ts;
    this.compact(book);
  }

  /** Session close: MOC orders fill at `closePrice`, DAY orders expire. */
  private closeSession(book: Book, closePrice: number, acceptedBefore = Number.POSITIVE_INFINITY): void {
    for (const order of book.orders) {
      if (order.done || !order.active || order.acceptedTs >= acceptedBefore) continue;
      if (order.request.type === 'MARKET_ON_CLOSE') {
        this.fillOrder(book, order, order.quantity - order.filledQty, closePrice, 'taker', true);
      }
    }
    for (const order of book.orders) {
      if (!order.done && order.acceptedTs < acceptedBefore && order.request.timeInForce === 'DAY') this.finish(book, order, 'expired', 'DAY order expired at session close');
    }
    this.compact(book);
  }

  // ---- quotes and trades ----

  private matchQuote(book: Book, quote: QuoteTick): void {
    this.nowTs = quote.ts;
    this.expireGoodTillDate(book, quote.ts);
    book.bid = quote.bid;
    book.ask = quote.ask;
    book.bidSize = quote.bidSize;
    book.askSize = quote.askSize;
    book.last = (quote.bid + quote.ask) / 2;
    book.hasPrice = true;
    book.dataKind = 'quote';
    book.volumeLeft = Number.POSITIVE_INFINITY;
    for (const order of book.orders) {
      if (order.done || !order.active) continue;
      this.ratchetOnQuote(book, order);
      this.matchAtQuote(book, order);
      if (!order.done) this.updateQueue(book, order);
    }
    this.compact(book);
  }

  /** A buy meets the ask, a sell the bid. A resting limit fills when the other side reaches it. */
  private matchAtQuote(book: Book, order: WorkingOrder): void {
    const buy = order.sign > 0;
    const touch = buy ? book.ask : book.bid;
    const type = order.request.type;
    if (type === 'MARKET_ON_CLOSE') return;
    let level = Number.NaN;
    if (type === 'LIMIT' || (type === 'STOP_LIMIT' && order.triggered)) {
      if (buy ? touch <= order.price : touch >= order.price) level = touch;
    } else if (type === 'STOP_LIMIT') {
      if (buy ? touch >= order.triggerPrice : touch <= order.triggerPrice) {
        order.triggered = true;
        this.emit({ kind: 'triggered', clientOrderId: order.id, ts: this.nowTs });
        this.placeInQueue(book, order);
        if (buy ? touch <= order.price : touch >= order.price) level = touch;
      }
    } else {
      level = this.marketableAt(order, touch);
    }
    if (!Number.isNaN(level)) {
      const leaves = order.quantity - order.filledQty;
      this.fillOrder(book, order, leaves, level, 'taker', isTakerType(order));
    } else if (order.immediate) {
      this.finish(book, order, 'canceled', `${order.request.timeInForce}: unfilled remainder canceled`);
    }
  }

  private ratchetOnQuote(book: Book, order: WorkingOrder): void {
    if (order.request.type === 'TRAILING_STOP_MARKET') this.ratchet(book, order, order.sign > 0 ? book.ask : book.bid);
  }

  /** Where a resting limit joins the queue: behind the displayed size when it joins the touch. */
  private placeInQueue(book: Book, order: WorkingOrder): void {
    if (!this.config.queuePosition || book.dataKind !== 'quote') return;
    const buy = order.sign > 0;
    const touch = buy ? book.bid : book.ask;
    const size = buy ? book.bidSize : book.askSize;
    if (order.price === touch) order.queueAhead = size;
    else order.queueAhead = (buy ? order.price < touch : order.price > touch) ? Number.POSITIVE_INFINITY : 0;
  }

  /** The displayed size ahead can only shrink; once the touch moves past our level, nobody is ahead. */
  private updateQueue(book: Book, order: WorkingOrder): void {
    if (!this.config.queuePosition || Number.isNaN(order.price)) return;
    const buy = order.sign > 0;
    const touch = buy ? book.bid : book.ask;
    const size = buy ? book.bidSize : book.askSize;
    if (order.price === touch) order.queueAhead = Math.min(order.queueAhead, size);
    else if (buy ? touch < order.price : touch > order.price) order.queueAhead = 0;
  }

  /** A trade at our limit eats the queue ahead first; a trade through our limit fills us. */
  private matchTrade(book: Book, trade: TradeTick): void {
    this.nowTs = trade.ts;
    book.last = trade.price;
    book.hasPrice = true;
    if (book.dataKind === 'none') book.dataKind = 'quote';
    let size = trade.size;
    for (const order of book.orders) {
      if (order.done || !order.active || size <= 0) continue;
      const limitLike = order.request.type === 'LIMIT' || (order.request.type === 'STOP_LIMIT' && order.triggered);
      if (!limitLike) continue;
      const buy = order.sign > 0;
      const through = buy ? trade.price < order.price : trade.price > order.price;
      const at = trade.price === order.price;
      if (!through && !at) continue;
      if (at) {
        const eaten = Math.min(size, order.queueAhead);
        order.queueAhead -= eaten;
        size -= eaten;
        if (size <= 0) continue;
      }
      const qty = Math.min(size, order.quantity - order.filledQty);
      size -= qty;
      this.fillOrder(book, order, qty, order.price, 'maker', false);
    }
    this.compact(book);
  }

  // ---- fills and accounting ----

  /** Books a fill of `qty` at `rawPrice` (slippage applied to market-like fills), with every check a real venue makes. */
  private fillOrder(book: Book, order: WorkingOrder, requestedQty: number, rawPrice: number, liquidity: LiquiditySide, slip: boolean): void {
    const { instrument } = book;
    let qty = floorToLot(requestedQty, instrument.lotSize, order.quantity);
    if (qty <= 0) return;
    const position = book.position.netQty;
    if (order.request.reduceOnly === true) {
      const reducible = order.sign > 0 ? -position : position;
      if (reducible <= 0) {
        this.finish(book, order, 'canceled', 'reduce-only order would open a position');
        return;
      }
      qty = Math.min(qty, reducible);
    }
    const price = roundToPrecision(slip ? this.slipped(instrument, rawPrice, order.sign) : rawPrice, instrument.pricePrecision);
    const value = qty * price * instrument.multiplier;
    const commission = commissionFor(this.config.commission, order.filledQty + qty, order.filledValue + value) - order.commissionPaid;
    const refusal = this.cashAccountRefusal(book, order, qty, value, commission);
    if (refusal !== undefined) {
      this.finish(book, order, 'canceled', refusal);
      return;
    }
    this.tradeSequence += 1;
    const fill: Fill = {
      clientOrderId: order.id,
      venueOrderId: order.venueOrderId,
      tradeId: `${this.venueId}-T${this.tradeSequence}` as TradeId,
      instrumentId: instrument.id,
      side: order.request.side,
      qty: qty as Quantity,
      price: price as Price,
      commission,
      commissionCurrency: instrument.currency,
      liquidity,
      ts: this.nowTs,
      strategyId: order.request.strategyId,
      positionId: book.position.id,
    };
    this.bookFill(book, fill);
    this.bookCash(-order.sign * value - commission);
    order.filledQty = roundToPrecision(order.filledQty + qty, 9);
    order.filledValue += value;
    order.commissionPaid += commission;
    book.volumeLeft -= qty;
    this.emit({ kind: 'filled', fill, position: book.position });
    this.afterFill(book, order);
  }

  /** The book's position after `fill`: written in place unless someone else holds it. */
  private bookFill(book: Book, fill: Fill): void {
    const shared = book.positionHandedOut || book.positionQueued;
    book.position = applyFill(book.position, fill, shared ? 'copy' : 'in-place');
    book.positionHandedOut = false;
    // The filled event about to be queued carries it.
    if (!book.positionQueued) {
      book.positionQueued = true;
      this.queuedPositionBooks.push(book);
    }
  }

  /** Adds `delta` to cash as core's `adjustBalance` would, refusing what it refuses. */
  private bookCash(delta: number): void {
    const total = this.cashTotal + delta;
    if (!Number.isFinite(total) || (this.config.accountType === 'cash' && total < 0)) {
      // Never reached by a checked fill; core's own call throws its own error for it.
      this.accountState = adjustBalance(this.account(), this.config.baseCurrency, delta, this.nowTs);
    }
    this.cashTotal = total;
    this.accountTs = this.nowTs;
    this.accountStale = true;
  }

  private cashAccountRefusal(book: Book, order: WorkingOrder, qty: number, value: number, commission: number): string | undefined {
    if (this.config.accountType !== 'cash') return undefined;
    if (order.sign < 0 && book.position.netQty - qty < -1e-9) return 'cash account cannot sell short';
    const cash = this.cash();
    const cost = (order.sign > 0 ? value : 0) + commission;
    if (cost > cash + 1e-9) return `insufficient cash: fill costs ${round2(cost)}, cash is ${round2(cash)}`;
    return undefined;
  }

  private slipped(instrument: Instrument, price: number, sign: number): number {
    const slippage = this.config.slippage;
    if (slippage.model === 'ticks') return price + sign * slippage.ticks * instrument.tickSize;
    if (slippage.model === 'bps') return price * (1 + (sign * slippage.bps) / 10_000);
    return price;
  }

  /** OCO siblings cancel on the first fill; a filled bracket entry releases its exits. */
  private afterFill(book: Book, order: WorkingOrder): void {
    const group = order.request.ocoGroupId;
    if (group !== undefined && order.request.contingency === 'oco') {
      for (const other of book.orders) {
        if (other !== order && !other.done && other.request.ocoGroupId === group) this.finish(book, other, 'canceled', `OCO: ${order.id} filled`);
      }
    }
    if (order.filledQty >= order.quantity - 1e-9) {
      this.retire(order);
      this.releaseChildren(book, order);
    }
  }

  /** Ends an order that did not fill completely: canceled or expired. */
  private finish(book: Book, order: WorkingOrder, how: 'canceled' | 'expired', reason: string): void {
    if (order.done) return;
    this.retire(order);
    if (how === 'expired') this.emit({ kind: 'expired', clientOrderId: order.id, ts: this.nowTs });
    else this.emit({ kind: 'canceled', clientOrderId: order.id, reason, ts: this.nowTs });
    this.releaseChildren(book, order);
  }

  /**
   * After a bracket entry ends: exits activate sized to what the entry filled, or are canceled
   * when nothing filled.
   */
  private releaseChildren(book: Book, parent: WorkingOrder): void {
    if (parent.request.contingency !== 'oto') return;
    for (const childId of parent.request.linkedOrderIds ?? []) {
      const child = this.workingOrderOf(childId);
      if (child === undefined) continue;
      if (parent.filledQty <= 0) {
        this.finish(book, child, 'canceled', `parent ${parent.id} ended without a fill`);
        continue;
      }
      if (child.quantity > parent.filledQty) {
        child.quantity = parent.filledQty;
        this.emit({ kind: 'updated', clientOrderId: child.id, ts: this.nowTs, quantity: parent.filledQty as Quantity });
      }
      child.active = true;
    }
  }

  /** Marks an order done: only its id and whether it filled are kept. */
  private retire(order: WorkingOrder): void {
    order.done = true;
    this.working.delete(order.id);
    this.finished.add(order.id, order.filledQty > 0);
  }

  /** The order if it is on the venue and not done. */
  private workingOrderOf(clientOrderId: ClientOrderId): WorkingOrder | undefined {
    return this.working.get(clientOrderId);
  }

  /** Drops finished orders from the book (`finished` still knows their ids). */
  private compact(book: Book): void {
    const orders = book.orders;
    let kept = 0;
    for (let index = 0; index < orders.length; index++) if (!orders[index]!.done) orders[kept++] = orders[index]!;
    // pop, not `length = kept`: setting the length to 0 frees the backing store, and the next
    // order's push would allocate it again (~75 ns and ~150 bytes per order).
    while (orders.length > kept) orders.pop();
  }

  /**
   * The book of `instrumentId`, or undefined. A strategy orders and asks about the instrument of
   * the bar it is handling: the last bar's book answers without a map lookup.
   */
  private findBook(instrumentId: InstrumentId): Book | undefined {
    const last = this.lastBarBook;
    return last !== undefined && last.instrument.id === instrumentId ? last : this.books.get(instrumentId);
  }

  private requireBook(instrumentId: InstrumentId): Book {
    const book = this.books.get(instrumentId);
    if (book === undefined) throw new NwsError(ErrorCode.UnknownInstrument, `instrument ${instrumentId} is not on venue ${this.venueId}`);
    return book;
  }
}

/** The book's position for someone outside the venue: from now on it must not change. */
function handOutPosition(book: Book): Position {
  book.positionHandedOut = true;
  return book.position;
}

function isTakerType(order: WorkingOrder): boolean {
  const type = order.request.type;
  return type === 'MARKET' || type === 'STOP_MARKET' || type === 'TRAILING_STOP_MARKET' || type === 'MARKET_ON_CLOSE';
}

/**
 * `qty` in lots, snapped to the nearest whole number when only the division's rounding keeps it
 * off: quantity and lot size are decimals stored to half an ulp each, and dividing adds another
 * half, so a whole number of lots can come out a few ulps off (0.1447752 / 1e-8 gives
 * 14477519.999999998). The tolerance is those ulps, or 1e-9 of a lot when the count is small. A
 * fixed 1e-9 refused 0.1447752 BTC in 1e-8 lots as "not a multiple". `scale`: the quantity `qty`
 * was computed from (an order's leaves are its quantity minus its fills), whose ulps it carries.
 */
function lotsOf(qty: number, lotSize: number, scale = qty): number {
  const lots = qty / lotSize;
  const nearest = Math.round(lots);
  return Math.abs(lots - nearest) <= Math.max(1e-9, (Math.max(Math.abs(qty), Math.abs(scale)) / lotSize) * 4 * Number.EPSILON) ? nearest : lots;
}

/**
 * `qty` floored to whole lots. A quantity that already is whole lots comes back as it is
 * (cleaned of float noise): the product lots × lotSize can land an ulp above it (812984923 × 0.1
 * is 81298492.30000001), which overfilled an order of 81,298,492.3.
 */
function floorToLot(qty: number, lotSize: number, scale = qty): number {
  if (!Number.isFinite(qty)) return qty;
  const lots = lotsOf(qty, lotSize, scale);
  return roundToPrecision(Number.isInteger(lots) ? qty : Math.floor(lots) * lotSize, 9);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
