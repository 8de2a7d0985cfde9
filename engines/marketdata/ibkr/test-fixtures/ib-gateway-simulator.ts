// A protocol-level IB Gateway for tests: a real TCP server on 127.0.0.1 speaking the TWS API
// "V100+" wire format (4-byte big-endian length, NUL-separated fields). Field orders follow
// @stoqey/ib 1.6.10's encoder and decoder at server version 176; they were checked by running
// that library's own Encoder/Decoder over marked fields, so a wrong position fails decoding.
// State (orders, executions, positions) lives in the simulator, not the socket, like a real
// gateway: a dropped client that reconnects finds its orders still working.
import net from 'node:net';

export const SIMULATOR_SERVER_VERSION = 176;

/** Incoming message ids (client → gateway) this simulator answers. */
const OUT = {
  reqMktData: 1, cancelMktData: 2, placeOrder: 3, cancelOrder: 4, reqOpenOrders: 5, reqAccountUpdates: 6,
  reqExecutions: 7, reqIds: 8, reqContractDetails: 9, reqMktDepth: 10, cancelMktDepth: 11, reqHistoricalData: 20,
  reqRealTimeBars: 50, cancelRealTimeBars: 51, reqMarketDataType: 59, reqPositions: 61, startApi: 71, reqMatchingSymbols: 81, reqPnL: 92,
} as const;

/** Outgoing message ids (gateway → client). */
const IN = {
  tickPrice: 1, tickSize: 2, orderStatus: 3, error: 4, openOrder: 5, acctValue: 6, portfolioValue: 7, nextValidId: 9, contractData: 10,
  execDetails: 11, mktDepth: 12, managedAccounts: 15, historicalData: 17, realTimeBars: 50, contractDataEnd: 52,
  openOrderEnd: 53, acctDownloadEnd: 54, execDetailsEnd: 55, marketDataType: 58, commissionReport: 59, position: 61,
  positionEnd: 62, symbolSamples: 79, pnl: 94,
} as const;

/** Field count of an openOrder body at server version 176 (after the message id). */
const OPEN_ORDER_FIELDS = 127;
const OPEN_ORDER_AT = { orderId: 0, conId: 1, symbol: 2, secType: 3, lastTrade: 4, exchange: 8, currency: 9, localSymbol: 10,
  action: 12, quantity: 13, orderType: 14, lmtPrice: 15, auxPrice: 16, tif: 17, ocaGroup: 18, account: 19, orderRef: 22,
  clientId: 23, permId: 24, ocaType: 53, parentId: 57, trailStopPrice: 65, trailingPercent: 66, status: 85 } as const;
/** Positions in a placeOrder message (index 0 is the message id). */
const PLACE_AT = { orderId: 1, conId: 2, symbol: 3, secType: 4, exchange: 9, currency: 11, action: 16, quantity: 17,
  orderType: 18, lmtPrice: 19, auxPrice: 20, tif: 21, ocaGroup: 22, account: 23, orderRef: 26, transmit: 27, parentId: 28,
  ocaType: 47, trailStopPrice: 69, trailingPercent: 70 } as const;

export interface SimContract {
  conId: number;
  symbol: string;
  secType: 'STK' | 'FUT' | 'OPT' | 'CASH';
  exchange: string;
  primaryExch?: string;
  currency: string;
  minTick: number;
  multiplier?: number;
  lastTradeDate?: string;
  strike?: number;
  right?: 'C' | 'P';
  localSymbol?: string;
  longName?: string;
  stockType?: string;
  timeZoneId?: string;
  tradingHours?: string;
}

export interface SimOrder {
  orderId: number;
  clientId: number;
  permId: number;
  contract: SimContract;
  action: 'BUY' | 'SELL';
  quantity: number;
  orderType: string;
  lmtPrice: string;
  auxPrice: string;
  tif: string;
  ocaGroup: string;
  ocaType: string;
  orderRef: string;
  parentId: number;
  trailStopPrice: string;
  trailingPercent: string;
  transmitted: boolean;
  status: 'PreSubmitted' | 'Submitted' | 'Filled' | 'Cancelled';
  filled: number;
  avgFillPrice: number;
}

export interface SimExecution {
  execId: string;
  orderId: number;
  clientId: number;
  permId: number;
  orderRef: string;
  contract: SimContract;
  side: 'BOT' | 'SLD';
  shares: number;
  price: number;
  cumQty: number;
  avgPrice: number;
  time: string;
  commission: number;
}

export interface IbGatewaySimulatorOptions {
  accounts?: string[];
  firstOrderId?: number;
  contracts?: SimContract[];
  /** Milliseconds before each reply, to exercise slow gateways. */
  replyDelayMs?: number;
  /** Clock for pacing checks; tests pass a virtual one so pacing windows need no real waiting. */
  now?: () => number;
  /** Commission charged per share on each execution. */
  commissionPerShare?: number;
  /** How often real-time bars go out to reqRealTimeBars subscribers (IB: every 5 s; tests shorten it). */
  realTimeBarIntervalMs?: number;
}

interface Session {
  socket: net.Socket;
  buffer: Buffer;
  handshakeDone: boolean;
  clientId: number;
  marketDataType: number;
  quoteSubs: Map<number, { contract: SimContract; delayed: boolean }>;
  depthSubs: Map<number, SimContract>;
  barSubs: Map<number, SimContract>;
  /** The client asked for reqPositions / reqAccountUpdates: position and portfolio changes stream to it. */
  positionsSubscribed: boolean;
  accountSubscribed: boolean;
}

export const defaultSimContracts: SimContract[] = [
  { conId: 265598, symbol: 'AAPL', secType: 'STK', exchange: 'SMART', primaryExch: 'NASDAQ', currency: 'USD', minTick: 0.01, longName: 'APPLE INC', stockType: 'COMMON', timeZoneId: 'US/Eastern', tradingHours: '20240102:0400-20240102:2000' },
  { conId: 756733, symbol: 'SPY', secType: 'STK', exchange: 'SMART', primaryExch: 'ARCA', currency: 'USD', minTick: 0.01, longName: 'SPDR S&P 500 ETF TRUST', stockType: 'ETF', timeZoneId: 'US/Eastern', tradingHours: '20240102:0400-20240102:2000' },
  { conId: 495512551, symbol: 'ES', secType: 'FUT', exchange: 'CME', currency: 'USD', minTick: 0.25, multiplier: 50, lastTradeDate: '20991218', localSymbol: 'ESZ99', longName: 'E-mini S&P 500', timeZoneId: 'US/Central', tradingHours: '20240102:1700-20240103:1600' },
  { conId: 495512552, symbol: 'ES', secType: 'FUT', exchange: 'CME', currency: 'USD', minTick: 0.25, multiplier: 50, lastTradeDate: '20990918', localSymbol: 'ESU99', longName: 'E-mini S&P 500', timeZoneId: 'US/Central', tradingHours: '20240102:1700-20240103:1600' },
  { conId: 72063691, symbol: 'BRK B', secType: 'STK', exchange: 'SMART', primaryExch: 'NYSE', currency: 'USD', minTick: 0.01, localSymbol: 'BRK B', longName: 'BERKSHIRE HATHAWAY INC-CL B', stockType: 'COMMON', timeZoneId: 'US/Eastern', tradingHours: '20240102:0400-20240102:2000' },
  { conId: 12087792, symbol: 'EUR', secType: 'CASH', exchange: 'IDEALPRO', currency: 'USD', minTick: 0.00005, localSymbol: 'EUR.USD', longName: 'European Monetary Union Euro', timeZoneId: 'US/Eastern', tradingHours: '20240102:1715-20240103:1700' },
  { conId: 700000001, symbol: 'AAPL', secType: 'OPT', exchange: 'SMART', currency: 'USD', minTick: 0.01, multiplier: 100, lastTradeDate: '20990119', strike: 200, right: 'C', localSymbol: 'AAPL  990119C00200000', timeZoneId: 'US/Eastern' },
  { conId: 700000002, symbol: 'AAPL', secType: 'OPT', exchange: 'SMART', currency: 'USD', minTick: 0.01, multiplier: 100, lastTradeDate: '20990119', strike: 200, right: 'P', localSymbol: 'AAPL  990119P00200000', timeZoneId: 'US/Eastern' },
  { conId: 700000101, symbol: 'SPY', secType: 'OPT', exchange: 'SMART', currency: 'USD', minTick: 0.01, multiplier: 100, lastTradeDate: '20991217', strike: 500, right: 'C', localSymbol: 'SPY   991217C00500000', timeZoneId: 'US/Eastern' },
  { conId: 700000102, symbol: 'SPY', secType: 'OPT', exchange: 'SMART', currency: 'USD', minTick: 0.01, multiplier: 100, lastTradeDate: '20991217', strike: 500, right: 'P', localSymbol: 'SPY   991217P00500000', timeZoneId: 'US/Eastern' },
];

const PACING_VIOLATION = 'Historical Market Data Service error message:Historical data request pacing violation';

export class IbGatewaySimulator {
  readonly accounts: string[];
  readonly orders = new Map<number, SimOrder>();
  readonly executions: SimExecution[] = [];
  /** Net position per conId. */
  readonly positions = new Map<number, { contract: SimContract; qty: number; avgCost: number }>();
  /** Every message received, as token lists, for assertions. */
  readonly received: string[][] = [];
  /** Clients that completed the handshake, counted over the simulator's life. */
  connectionCount = 0;
  private server: net.Server | undefined;
  private readonly sessions = new Set<Session>();
  private readonly contracts: SimContract[];
  private nextOrderId: number;
  private nextPermId = 9_000_000;
  private nextExecSeq = 1;
  private readonly quotes = new Map<string, { bid: number; ask: number; bidSize: number; askSize: number; last: number }>();
  private readonly books = new Map<string, { bids: [number, number][]; asks: [number, number][] }>();
  private readonly historyLog: { key: string; conId: number; at: number }[] = [];
  private pendingPacingViolations = 0;
  private pendingRejection: string | undefined;
  /** Trades since the last real-time bar, per symbol: the next bar's open, high, low, close, volume. */
  private readonly barAccumulators = new Map<string, { open: number; high: number; low: number; close: number; volume: number; count: number }>();
  private barTimer: ReturnType<typeof setInterval> | undefined;
  /** The account values reqAccountUpdates reports (base currency USD); change them with setAccountValue. */
  private readonly accountValues = new Map<string, number>([['NetLiquidation', 1_000_000], ['TotalCashValue', 1_000_000], ['BuyingPower', 4_000_000], ['InitMarginReq', 0]]);
  /** Symbols for which the account has no live market-data subscription (error 354, delayed data instead). */
  readonly unsubscribedSymbols = new Set<string>();
  private readonly now: () => number;

  constructor(private readonly options: IbGatewaySimulatorOptions = {}) {
    this.accounts = options.accounts ?? ['DU1234567'];
    this.contracts = options.contracts ?? defaultSimContracts;
    this.nextOrderId = options.firstOrderId ?? 1;
    this.now = options.now ?? Date.now;
  }

  /** Starts listening on 127.0.0.1 (port 0 = any free port) and returns the port. */
  async start(port = 0): Promise<number> {
    const server = net.createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return this.port;
  }

  get port(): number {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('simulator is not listening');
    return address.port;
  }

  async stop(): Promise<void> {
    clearInterval(this.barTimer);
    this.barTimer = undefined;
    this.dropConnections();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Cuts every client connection at the TCP level, as a gateway restart or network loss does. */
  dropConnections(): void {
    for (const session of this.sessions) session.socket.destroy();
    this.sessions.clear();
  }

  get connectedClients(): number {
    return [...this.sessions].filter((session) => session.handshakeDone).length;
  }

  /** The next `count` historical-data requests are answered with error 162 (pacing violation). */
  injectPacingViolations(count: number): void {
    this.pendingPacingViolations += count;
  }

  /** The next order placed is rejected with error 201 and this reason. */
  rejectNextOrder(reason: string): void {
    this.pendingRejection = reason;
  }

  /** Broadcast a system message (1100, 1102, 2104, ...) to every client. */
  sendSystemMessage(code: number, message: string): void {
    for (const session of this.sessions) this.sendError(session, -1, code, message);
  }

  /** Changes an account value and streams it to every client subscribed to account updates, as TWS does. */
  setAccountValue(key: string, value: number): void {
    this.accountValues.set(key, value);
    for (const session of this.sessions) if (session.accountSubscribed) this.send(session, [IN.acctValue, 2, key, value, 'USD', this.accounts[0]!]);
  }

  /** Sets the top of book for a symbol and streams it to every subscriber. */
  pushQuote(symbol: string, quote: { bid: number; ask: number; bidSize: number; askSize: number }): void {
    const previous = this.quotes.get(symbol);
    this.quotes.set(symbol, { ...quote, last: previous?.last ?? (quote.bid + quote.ask) / 2 });
    for (const [session, reqId, delayed] of this.quoteSubscribers(symbol)) this.sendQuote(session, reqId, delayed, symbol);
  }

  pushTrade(symbol: string, price: number, size: number): void {
    const quote = this.quotes.get(symbol) ?? { bid: price, ask: price, bidSize: 0, askSize: 0, last: price };
    this.quotes.set(symbol, { ...quote, last: price });
    const bar = this.barAccumulators.get(symbol);
    if (bar === undefined) this.barAccumulators.set(symbol, { open: price, high: price, low: price, close: price, volume: size, count: 1 });
    else Object.assign(bar, { high: Math.max(bar.high, price), low: Math.min(bar.low, price), close: price, volume: bar.volume + size, count: bar.count + 1 });
    for (const [session, reqId, delayed] of this.quoteSubscribers(symbol)) {
      this.send(session, [IN.tickPrice, 3, reqId, delayed ? 68 : 4, price, size, 0]);
    }
  }

  /**
   * Sends one 5-second bar to every reqRealTimeBars subscriber of the symbol. TWS field order:
   * version, reqId, time (epoch seconds of the bar's open), open, high, low, close, volume, WAP, count.
   */
  pushRealTimeBar(symbol: string, bar: { time: number; open: number; high: number; low: number; close: number; volume: number; wap?: number; count?: number }): void {
    for (const session of this.sessions) {
      for (const [reqId, contract] of session.barSubs) {
        if (contract.symbol !== symbol) continue;
        this.send(session, [IN.realTimeBars, 3, reqId, bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume, bar.wap ?? bar.close, bar.count ?? 1]);
      }
    }
  }

  /** Every interval, as IB does every 5 s: one bar per subscribed symbol from its trades (flat at the last price when none). */
  private emitRealTimeBars(): void {
    const interval = this.options.realTimeBarIntervalMs ?? 5_000;
    const time = Math.floor((this.now() - interval) / 5_000) * 5;
    const symbols = new Set<string>();
    for (const session of this.sessions) for (const contract of session.barSubs.values()) symbols.add(contract.symbol);
    for (const symbol of symbols) {
      const traded = this.barAccumulators.get(symbol);
      this.barAccumulators.delete(symbol);
      const last = this.quotes.get(symbol)?.last;
      if (traded !== undefined) this.pushRealTimeBar(symbol, { time, ...traded, wap: traded.close });
      else if (last !== undefined) this.pushRealTimeBar(symbol, { time, open: last, high: last, low: last, close: last, volume: 0, count: 0 });
    }
  }

  setBook(symbol: string, bids: [number, number][], asks: [number, number][]): void {
    this.books.set(symbol, { bids, asks });
    for (const session of this.sessions) {
      for (const [reqId, contract] of session.depthSubs) if (contract.symbol === symbol) this.sendBook(session, reqId, symbol);
    }
  }

  /** Fills (part of) a working order at `price`, with execDetails, commissionReport and orderStatus. */
  fill(orderRef: string, quantity: number, price: number): void {
    const order = [...this.orders.values()].find((candidate) => candidate.orderRef === orderRef);
    if (!order) throw new Error(`simulator: no order with orderRef ${orderRef}`);
    this.execute(order, quantity, price);
  }

  workingOrders(): SimOrder[] {
    return [...this.orders.values()].filter((order) => order.status === 'Submitted' || order.status === 'PreSubmitted');
  }

  // ---- connection handling ----

  private accept(socket: net.Socket): void {
    const session: Session = { socket, buffer: Buffer.alloc(0), handshakeDone: false, clientId: -1, marketDataType: 1,
      quoteSubs: new Map(), depthSubs: new Map(), barSubs: new Map(), positionsSubscribed: false, accountSubscribed: false };
    this.sessions.add(session);
    socket.on('data', (chunk) => this.onData(session, chunk));
    socket.on('close', () => this.sessions.delete(session));
    socket.on('error', () => this.sessions.delete(session));
  }

  private onData(session: Session, chunk: Buffer): void {
    session.buffer = Buffer.concat([session.buffer, chunk]);
    if (!session.handshakeDone && session.clientId === -1 && session.buffer.subarray(0, 4).toString() === 'API\0') {
      if (session.buffer.length < 8) return;
      const length = session.buffer.readInt32BE(4);
      if (session.buffer.length < 8 + length) return;
      const versions = session.buffer.subarray(8, 8 + length).toString();
      session.buffer = session.buffer.subarray(8 + length);
      session.clientId = -2; // handshake seen, waiting for startApi
      if (!/^v\d+(\.\.\d+)?$/.test(versions)) return void session.socket.destroy();
      this.write(session, [SIMULATOR_SERVER_VERSION, ibTime(this.now())]);
    }
    while (session.buffer.length >= 4) {
      const length = session.buffer.readInt32BE(0);
      if (session.buffer.length < 4 + length) return;
      const fields = session.buffer.subarray(4, 4 + length).toString('utf8').split('\0');
      session.buffer = session.buffer.subarray(4 + length);
      if (fields[fields.length - 1] === '') fields.pop();
      this.received.push(fields);
      this.handle(session, fields);
    }
  }

  private handle(session: Session, f: string[]): void {
    const id = Number(f[0]);
    switch (id) {
      case OUT.startApi: return this.startApi(session, Number(f[2]));
      case OUT.reqIds: return this.send(session, [IN.nextValidId, 1, this.nextOrderId]);
      case OUT.reqMarketDataType: session.marketDataType = Number(f[2]); return;
      case OUT.reqMktData: return this.reqMktData(session, Number(f[2]), f.slice(3, 15));
      case OUT.cancelMktData: session.quoteSubs.delete(Number(f[2])); return;
      case OUT.reqMktDepth: return this.reqMktDepth(session, Number(f[2]), f.slice(3, 15));
      case OUT.cancelMktDepth: session.depthSubs.delete(Number(f[2])); return;
      case OUT.reqRealTimeBars: return this.reqRealTimeBars(session, Number(f[2]), f.slice(3, 15));
      case OUT.cancelRealTimeBars: session.barSubs.delete(Number(f[2])); return;
      case OUT.reqContractDetails: return this.reqContractDetails(session, Number(f[2]), f.slice(3, 15));
      case OUT.reqHistoricalData: return this.reqHistoricalData(session, f);
      case OUT.placeOrder: return this.placeOrder(session, f);
      case OUT.cancelOrder: return this.cancelOrder(session, Number(f[2]));
      case OUT.reqOpenOrders: return this.reqOpenOrders(session);
      case OUT.reqExecutions: return this.reqExecutions(session, Number(f[2]));
      case OUT.reqPositions: return this.reqPositions(session);
      case OUT.reqAccountUpdates: return this.reqAccountUpdates(session, f[2] === '1', f[3] ?? '');
      case OUT.reqMatchingSymbols: return this.reqMatchingSymbols(session, Number(f[1]), f[2] ?? '');
      case OUT.reqPnL: return this.send(session, [IN.pnl, Number(f[1]), 0, this.unrealizedPnl(), 0]);
      default: return;
    }
  }

  private startApi(session: Session, clientId: number): void {
    session.clientId = clientId;
    session.handshakeDone = true;
    this.connectionCount += 1;
    this.send(session, [IN.managedAccounts, 1, this.accounts.join(',')]);
    this.send(session, [IN.nextValidId, 1, this.nextOrderId]);
    this.sendError(session, -1, 2104, 'Market data farm connection is OK:usfarm');
    this.sendError(session, -1, 2106, 'HMDS data farm connection is OK:ushmds');
    this.sendError(session, -1, 2158, 'Sec-def data farm connection is OK:secdefnj');
  }

  // ---- contracts and market data ----

  private findContract(c: string[]): SimContract | undefined {
    const [conId, symbol, secType, lastTrade, strike, right, , , currency] = c;
    return this.contracts.find((contract) =>
      (Number(conId) > 0 ? contract.conId === Number(conId) :
        contract.symbol === symbol && contract.secType === secType &&
        (!currency || contract.currency === currency) &&
        (!lastTrade || (contract.lastTradeDate ?? '').startsWith(lastTrade)) &&
        (!strike || Number(strike) === 0 || contract.strike === Number(strike)) &&
        (!right || contract.right === right)));
  }

  /** symbolSamples: one description per distinct symbol + type whose symbol or name starts with / contains the pattern. */
  private reqMatchingSymbols(session: Session, reqId: number, pattern: string): void {
    const needle = pattern.trim().toUpperCase();
    const seen = new Set<string>();
    const matches = this.contracts.filter((c) => {
      const key = `${c.symbol}|${c.secType}`;
      if (needle === '' || seen.has(key)) return false;
      if (!c.symbol.toUpperCase().startsWith(needle) && !(c.longName ?? '').toUpperCase().includes(needle)) return false;
      seen.add(key);
      return true;
    });
    const fields: (string | number)[] = [IN.symbolSamples, reqId, matches.length];
    // Per description at server version 176: conId, symbol, secType, primaryExch, currency, derivative types, description, issuerId.
    for (const c of matches) fields.push(c.conId, c.symbol, c.secType, c.primaryExch ?? c.exchange, c.currency, 0, c.longName ?? '', '');
    this.send(session, fields);
  }

  private reqContractDetails(session: Session, reqId: number, c: string[]): void {
    const [conId, symbol, secType, lastTrade, strike, right, , , currency] = c;
    const matches = this.contracts.filter((contract) =>
      (Number(conId) > 0 ? contract.conId === Number(conId) :
        contract.symbol === symbol && contract.secType === secType &&
        (!currency || contract.currency === currency) &&
        (!lastTrade || (contract.lastTradeDate ?? '').startsWith(lastTrade)) &&
        (!strike || Number(strike) === 0 || contract.strike === Number(strike)) &&
        (!right || contract.right === right)));
    if (matches.length === 0) return this.sendError(session, reqId, 200, 'No security definition has been found for the request');
    for (const contract of matches) this.send(session, [IN.contractData, ...contractDataFields(reqId, contract)]);
    this.send(session, [IN.contractDataEnd, 1, reqId]);
  }

  private reqMktData(session: Session, reqId: number, c: string[]): void {
    const contract = this.findContract(c);
    if (!contract) return this.sendError(session, reqId, 200, 'No security definition has been found for the request');
    let delayed = false;
    if (this.unsubscribedSymbols.has(contract.symbol)) {
      if (session.marketDataType === 1 || session.marketDataType === 2) {
        return this.sendError(session, reqId, 354, 'Requested market data is not subscribed.');
      }
      delayed = true;
      this.send(session, [IN.marketDataType, 1, reqId, 3]);
    }
    session.quoteSubs.set(reqId, { contract, delayed });
    if (this.quotes.has(contract.symbol)) this.sendQuote(session, reqId, delayed, contract.symbol);
  }

  private reqMktDepth(session: Session, reqId: number, c: string[]): void {
    const contract = this.findContract(c);
    if (!contract) return this.sendError(session, reqId, 200, 'No security definition has been found for the request');
    session.depthSubs.set(reqId, contract);
    if (this.books.has(contract.symbol)) this.sendBook(session, reqId, contract.symbol);
  }

  private reqRealTimeBars(session: Session, reqId: number, c: string[]): void {
    const contract = this.findContract(c);
    if (!contract) return this.sendError(session, reqId, 200, 'No security definition has been found for the request');
    session.barSubs.set(reqId, contract);
    this.barTimer ??= setInterval(() => this.emitRealTimeBars(), this.options.realTimeBarIntervalMs ?? 5_000);
    this.barTimer.unref?.();
  }

  private *quoteSubscribers(symbol: string): Generator<[Session, number, boolean]> {
    for (const session of this.sessions) {
      for (const [reqId, sub] of session.quoteSubs) if (sub.contract.symbol === symbol) yield [session, reqId, sub.delayed];
    }
  }

  private sendQuote(session: Session, reqId: number, delayed: boolean, symbol: string): void {
    const quote = this.quotes.get(symbol);
    if (!quote) return;
    // TWS follows each price with its own tickSize; clients rely on it (the tickPrice-embedded
    // size is skipped by @stoqey/ib for BID_SIZE, whose tick type is 0).
    this.send(session, [IN.tickPrice, 3, reqId, delayed ? 66 : 1, quote.bid, quote.bidSize, 0]);
    this.send(session, [IN.tickSize, 6, reqId, delayed ? 69 : 0, quote.bidSize]);
    this.send(session, [IN.tickPrice, 3, reqId, delayed ? 67 : 2, quote.ask, quote.askSize, 0]);
    this.send(session, [IN.tickSize, 6, reqId, delayed ? 70 : 3, quote.askSize]);
  }

  private sendBook(session: Session, reqId: number, symbol: string): void {
    const book = this.books.get(symbol);
    if (!book) return;
    book.asks.forEach(([price, size], position) => this.send(session, [IN.mktDepth, 1, reqId, position, 0, 0, price, size]));
    book.bids.forEach(([price, size], position) => this.send(session, [IN.mktDepth, 1, reqId, position, 0, 1, price, size]));
  }

  // ---- history with IB's pacing rules ----

  private reqHistoricalData(session: Session, f: string[]): void {
    const reqId = Number(f[1]);
    const contract = this.findContract(f.slice(2, 14));
    if (!contract) return this.sendError(session, reqId, 200, 'No security definition has been found for the request');
    const [endDateTime, barSize, duration, , whatToShow] = f.slice(15, 20);
    const key = [contract.conId, endDateTime, barSize, duration, whatToShow].join('|');
    if (this.pendingPacingViolations > 0 || this.violatesPacing(key, contract.conId)) {
      this.pendingPacingViolations = Math.max(0, this.pendingPacingViolations - 1);
      return this.sendError(session, reqId, 162, PACING_VIOLATION);
    }
    this.historyLog.push({ key, conId: contract.conId, at: this.now() });
    if (barSize !== '1 day') return this.sendError(session, reqId, 162, 'Historical Market Data Service error message:HMDS query returned no data');
    const bars = dailyBars(contract, endDateTime ?? '', duration ?? '1 D');
    const fields: (string | number)[] = [IN.historicalData, reqId, '', '', bars.length];
    for (const bar of bars) fields.push(bar.date, bar.open, bar.high, bar.low, bar.close, bar.volume, bar.close, 100);
    this.send(session, fields);
  }

  /** IB's documented rules: no identical request within 15 s, ≤ 6 per contract in 2 s, ≤ 60 in 10 min. */
  private violatesPacing(key: string, conId: number): boolean {
    const now = this.now();
    const recent = this.historyLog.filter((entry) => now - entry.at < 600_000);
    if (recent.some((entry) => entry.key === key && now - entry.at < 15_000)) return true;
    if (recent.filter((entry) => entry.conId === conId && now - entry.at < 2_000).length >= 6) return true;
    return recent.length >= 60;
  }

  /** History requests the simulator accepted, with the (virtual) time of each. */
  get acceptedHistoryRequests(): readonly { key: string; conId: number; at: number }[] {
    return this.historyLog;
  }

  // ---- orders ----

  private placeOrder(session: Session, f: string[]): void {
    const orderId = Number(f[PLACE_AT.orderId]);
    if (this.pendingRejection !== undefined) {
      const reason = this.pendingRejection;
      this.pendingRejection = undefined;
      return this.sendError(session, orderId, 201, `Order rejected - reason:${reason}`);
    }
    const contract = this.findContract(f.slice(2, 14));
    if (!contract) return this.sendError(session, orderId, 200, 'No security definition has been found for the request');
    const existing = this.orders.get(orderId);
    if (existing && (existing.status === 'Filled' || existing.status === 'Cancelled')) {
      return this.sendError(session, orderId, 104, `Can't modify a filled order`);
    }
    const order: SimOrder = {
      orderId, clientId: session.clientId, permId: existing?.permId ?? this.nextPermId++, contract,
      action: f[PLACE_AT.action] === 'SELL' ? 'SELL' : 'BUY', quantity: Number(f[PLACE_AT.quantity]),
      orderType: f[PLACE_AT.orderType] ?? 'MKT', lmtPrice: f[PLACE_AT.lmtPrice] ?? '', auxPrice: f[PLACE_AT.auxPrice] ?? '',
      tif: f[PLACE_AT.tif] ?? 'DAY', ocaGroup: f[PLACE_AT.ocaGroup] ?? '', ocaType: f[PLACE_AT.ocaType] ?? '',
      orderRef: f[PLACE_AT.orderRef] ?? '', parentId: Number(f[PLACE_AT.parentId] || 0),
      trailStopPrice: f[PLACE_AT.trailStopPrice] ?? '', trailingPercent: f[PLACE_AT.trailingPercent] ?? '',
      transmitted: f[PLACE_AT.transmit] !== '0', status: existing?.status ?? 'PreSubmitted',
      filled: existing?.filled ?? 0, avgFillPrice: existing?.avgFillPrice ?? 0,
    };
    this.orders.set(orderId, order);
    this.nextOrderId = Math.max(this.nextOrderId, orderId + 1);
    if (!order.transmitted) return;
    // A transmitted child releases its held parent and siblings, as TWS does for brackets.
    const family = [...this.orders.values()].filter((candidate) =>
      candidate.orderId === order.parentId || (order.parentId > 0 && candidate.parentId === order.parentId) || candidate.orderId === orderId);
    for (const member of family) {
      member.transmitted = true;
      const parent = member.parentId ? this.orders.get(member.parentId) : undefined;
      member.status = parent && parent.status !== 'Filled' ? 'PreSubmitted' : 'Submitted';
      this.announce(member);
    }
  }

  private cancelOrder(session: Session, orderId: number): void {
    const order = this.orders.get(orderId);
    if (!order || order.status === 'Filled' || order.status === 'Cancelled') {
      return this.sendError(session, orderId, 10148, `OrderId ${orderId} that needs to be cancelled can not be cancelled`);
    }
    order.status = 'Cancelled';
    this.announce(order);
    for (const child of this.orders.values()) {
      if (child.parentId === orderId && child.status !== 'Filled' && child.status !== 'Cancelled') {
        child.status = 'Cancelled';
        this.announce(child);
      }
    }
  }

  private execute(order: SimOrder, quantity: number, price: number): void {
    const fillQty = Math.min(quantity, order.quantity - order.filled);
    if (fillQty <= 0 || order.status === 'Cancelled') throw new Error(`simulator: order ${order.orderRef} cannot be filled`);
    order.avgFillPrice = (order.avgFillPrice * order.filled + price * fillQty) / (order.filled + fillQty);
    order.filled += fillQty;
    order.status = order.filled >= order.quantity ? 'Filled' : 'Submitted';
    const execution: SimExecution = {
      execId: `0000e0d5.${String(this.nextExecSeq++).padStart(8, '0')}.01.01`, orderId: order.orderId, clientId: order.clientId,
      permId: order.permId, orderRef: order.orderRef, contract: order.contract, side: order.action === 'BUY' ? 'BOT' : 'SLD',
      shares: fillQty, price, cumQty: order.filled, avgPrice: order.avgFillPrice, time: ibTime(this.now()),
      commission: Math.max(1, fillQty * (this.options.commissionPerShare ?? 0.005)),
    };
    this.executions.push(execution);
    this.applyToPosition(order.contract, order.action === 'BUY' ? fillQty : -fillQty, price);
    for (const session of this.sessions) {
      this.send(session, [IN.execDetails, ...executionFields(-1, execution, this.accounts[0]!)]);
      this.send(session, [IN.commissionReport, 1, execution.execId, execution.commission, 'USD', '', '', '']);
      // Subscribed clients hear the changed position, as from TWS.
      const position = this.positions.get(order.contract.conId)!;
      if (session.positionsSubscribed) this.send(session, this.positionFields(position));
      if (session.accountSubscribed) this.send(session, this.portfolioFields(position));
    }
    this.announce(order);
    if (order.status !== 'Filled') return;
    for (const other of this.orders.values()) {
      if (other.parentId === order.orderId && other.status === 'PreSubmitted') {
        other.status = 'Submitted';
        this.announce(other);
      }
      if (order.ocaGroup && other !== order && other.ocaGroup === order.ocaGroup && (other.status === 'Submitted' || other.status === 'PreSubmitted')) {
        other.status = 'Cancelled';
        this.announce(other);
      }
    }
  }

  private applyToPosition(contract: SimContract, delta: number, price: number): void {
    const position = this.positions.get(contract.conId) ?? { contract, qty: 0, avgCost: 0 };
    const qty = position.qty + delta;
    const increasing = Math.sign(delta) === Math.sign(position.qty) || position.qty === 0;
    position.avgCost = qty === 0 ? 0 : increasing ? (position.avgCost * position.qty + price * delta) / qty : position.avgCost;
    position.qty = qty;
    this.positions.set(contract.conId, position);
  }

  private unrealizedPnl(): number {
    let total = 0;
    for (const position of this.positions.values()) {
      const last = this.quotes.get(position.contract.symbol)?.last;
      if (last !== undefined) total += (last - position.avgCost) * position.qty * (position.contract.multiplier ?? 1);
    }
    return total;
  }

  /** openOrder + orderStatus to every client, as the gateway does for order changes. */
  private announce(order: SimOrder): void {
    for (const session of this.sessions) {
      if (!session.handshakeDone) continue;
      this.send(session, [IN.openOrder, ...openOrderFields(order, this.accounts[0]!)]);
      this.send(session, orderStatusFields(order));
    }
  }

  private reqOpenOrders(session: Session): void {
    for (const order of this.workingOrders()) {
      this.send(session, [IN.openOrder, ...openOrderFields(order, this.accounts[0]!)]);
      this.send(session, orderStatusFields(order));
    }
    this.send(session, [IN.openOrderEnd, 1]);
  }

  private reqExecutions(session: Session, reqId: number): void {
    for (const execution of this.executions) {
      this.send(session, [IN.execDetails, ...executionFields(reqId, execution, this.accounts[0]!)]);
      this.send(session, [IN.commissionReport, 1, execution.execId, execution.commission, 'USD', '', '', '']);
    }
    this.send(session, [IN.execDetailsEnd, 1, reqId]);
  }

  private reqPositions(session: Session): void {
    session.positionsSubscribed = true;
    for (const position of this.positions.values()) this.send(session, this.positionFields(position));
    this.send(session, [IN.positionEnd, 1]);
  }

  private positionFields({ contract, qty, avgCost }: { contract: SimContract; qty: number; avgCost: number }): (string | number)[] {
    return [IN.position, 3, this.accounts[0]!, contract.conId, contract.symbol, contract.secType,
      contract.lastTradeDate ?? '', contract.strike ?? 0, contract.right ?? '', contract.multiplier ?? '', contract.exchange,
      contract.currency, contract.localSymbol ?? contract.symbol, contract.symbol, qty, avgCost];
  }

  /** portfolioValue (version 8): a position with its market price and value and P&L, marked at the last trade or mid. */
  private portfolioFields({ contract, qty, avgCost }: { contract: SimContract; qty: number; avgCost: number }): (string | number)[] {
    const multiplier = contract.multiplier ?? 1;
    const marketPrice = this.quotes.get(contract.symbol)?.last ?? avgCost;
    const marketValue = marketPrice * qty * multiplier;
    return [IN.portfolioValue, 8, contract.conId, contract.symbol, contract.secType, contract.lastTradeDate ?? '', contract.strike ?? 0,
      contract.right ?? '', contract.multiplier ?? '', contract.primaryExch ?? '', contract.currency, contract.localSymbol ?? contract.symbol,
      contract.symbol, qty, marketPrice, marketValue, avgCost, (marketPrice - avgCost) * qty * multiplier, 0, this.accounts[0]!];
  }

  private reqAccountUpdates(session: Session, subscribe: boolean, account: string): void {
    session.accountSubscribed = subscribe;
    if (!subscribe) return;
    const name = account || this.accounts[0]!;
    const values: [string, number][] = [...this.accountValues, ['UnrealizedPnL', this.unrealizedPnl()]];
    for (const [key, value] of values) this.send(session, [IN.acctValue, 2, key, value, 'USD', name]);
    for (const position of this.positions.values()) this.send(session, this.portfolioFields(position));
    this.send(session, [IN.acctDownloadEnd, 1, name]);
  }

  // ---- framing ----

  private sendError(session: Session, id: number, code: number, message: string): void {
    this.send(session, [IN.error, 2, id, code, message, '']);
  }

  private send(session: Session, fields: (string | number)[]): void {
    const delay = this.options.replyDelayMs ?? 0;
    if (delay > 0) setTimeout(() => this.write(session, fields), delay);
    else this.write(session, fields);
  }

  private write(session: Session, fields: (string | number)[]): void {
    if (session.socket.destroyed) return;
    const body = Buffer.from(fields.map(String).join('\0') + '\0', 'utf8');
    const frame = Buffer.alloc(4 + body.length);
    frame.writeInt32BE(body.length, 0);
    body.copy(frame, 4);
    session.socket.write(frame);
  }
}

function contractDataFields(reqId: number, c: SimContract): (string | number)[] {
  return [reqId, c.symbol, c.secType, c.lastTradeDate ?? '', c.strike ?? 0, c.right ?? '', c.exchange, c.currency,
    c.localSymbol ?? c.symbol, c.symbol, c.symbol, c.conId, c.minTick, c.multiplier ?? '', 'LMT,MKT,STP,STP LMT,TRAIL,MOC',
    c.exchange, 1, 0, c.longName ?? c.symbol, c.primaryExch ?? '', (c.lastTradeDate ?? '').slice(0, 6), '', '', '',
    c.timeZoneId ?? 'US/Eastern', c.tradingHours ?? '', c.tradingHours ?? '', '', '', 0, 1, '', '', '26,26',
    c.lastTradeDate ?? '', c.stockType ?? '', 1, 1, 1];
}

function executionFields(reqId: number, e: SimExecution, account: string): (string | number)[] {
  const c = e.contract;
  return [reqId, e.orderId, c.conId, c.symbol, c.secType, c.lastTradeDate ?? '', c.strike ?? 0, c.right ?? '',
    c.multiplier ?? '', c.exchange, c.currency, c.localSymbol ?? c.symbol, c.symbol, e.execId, e.time, account, 'ISLAND',
    e.side, e.shares, e.price, e.permId, e.clientId, 0, e.cumQty, e.avgPrice, e.orderRef, '', '', '', 2];
}

function openOrderFields(o: SimOrder, account: string): string[] {
  const fields = new Array<string>(OPEN_ORDER_FIELDS).fill('');
  const set = (key: keyof typeof OPEN_ORDER_AT, value: string | number): void => { fields[OPEN_ORDER_AT[key]] = String(value); };
  const c = o.contract;
  set('orderId', o.orderId); set('conId', c.conId); set('symbol', c.symbol); set('secType', c.secType);
  set('lastTrade', c.lastTradeDate ?? ''); set('exchange', c.exchange); set('currency', c.currency); set('localSymbol', c.localSymbol ?? c.symbol);
  set('action', o.action); set('quantity', o.quantity); set('orderType', o.orderType); set('lmtPrice', o.lmtPrice);
  set('auxPrice', o.auxPrice); set('tif', o.tif); set('ocaGroup', o.ocaGroup); set('account', account); set('orderRef', o.orderRef);
  set('clientId', o.clientId); set('permId', o.permId); set('ocaType', o.ocaType); set('parentId', o.parentId);
  set('trailStopPrice', o.trailStopPrice); set('trailingPercent', o.trailingPercent); set('status', o.status);
  return fields;
}

function orderStatusFields(o: SimOrder): (string | number)[] {
  return [IN.orderStatus, o.orderId, o.status, o.filled, o.quantity - o.filled, o.avgFillPrice, o.permId, o.parentId,
    o.avgFillPrice, o.clientId, '', 0];
}

/** IB's "yyyymmdd hh:mm:ss" in UTC. */
function ibTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)} ${iso.slice(11, 19)}`;
}

/** Weekday daily bars ending before `endDateTime` ("yyyymmdd-hh:mm:ss" UTC), deterministic per contract. */
function dailyBars(contract: SimContract, endDateTime: string, duration: string): { date: string; open: number; high: number; low: number; close: number; volume: number }[] {
  const match = /^(\d{4})(\d{2})(\d{2})/.exec(endDateTime);
  const endMs = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Date.UTC(2024, 0, 1);
  const [countText, unit] = duration.split(' ');
  const days = Number(countText) * (unit === 'Y' ? 365 : unit === 'M' ? 30 : unit === 'W' ? 7 : 1);
  const bars = [];
  for (let t = endMs - days * 86_400_000; t < endMs; t += 86_400_000) {
    const weekday = new Date(t).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const base = 100 + (contract.conId % 50) + Math.sin(t / 86_400_000 / 10) * 5;
    const open = round2(base);
    const close = round2(base + Math.cos(t / 86_400_000) * 0.5);
    bars.push({ date: new Date(t).toISOString().slice(0, 10).replaceAll('-', ''), open, high: round2(Math.max(open, close) + 1),
      low: round2(Math.min(open, close) - 1), close, volume: 1_000_000 + (t / 86_400_000) % 1000 });
  }
  return bars;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
