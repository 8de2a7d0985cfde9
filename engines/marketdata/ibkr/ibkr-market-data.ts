// Streaming quotes and trades (reqMktData, with a delayed-data fallback that is flagged), 5-second
// real-time bars and L2 depth; every subscription is kept in a registry so a reconnect restores all.
import type { Contract } from '@stoqey/ib';
import { EventName } from './ib-api.js';
import { barType, tradeId, type Bar, type BookLevel, type InstrumentId, type OrderBookDepth, type QuoteTick, type TradeTick } from '@nws/core';
import type { IbkrConnection } from './ibkr-connection.js';

/** IB tick types: live 1/2/4 and sizes 0/3/5; delayed 66/67/68 and sizes 69/70/71. */
const TICK = { bid: [1, 66], ask: [2, 67], last: [4, 68], bidSize: [0, 69], askSize: [3, 70], lastSize: [5, 71] } as const;
/** "No live subscription" codes after which we ask for delayed data. */
const NO_SUBSCRIPTION_CODES = new Set([354, 10167, 10168]);

export interface QuoteHandlers {
  onQuote?: (quote: QuoteTick, info: { delayed: boolean }) => void;
  onTrade?: (trade: TradeTick, info: { delayed: boolean }) => void;
  onError?: (message: string, code: number) => void;
}

interface Subscription {
  instrumentId: InstrumentId;
  contract: Contract;
  handlers: QuoteHandlers;
  reqId: number;
  delayed: boolean;
  bid?: number;
  ask?: number;
  bidSize: number;
  askSize: number;
  lastPrice?: number;
  tradeSeq: number;
  lastQuoteKey?: string;
}

/** A bar or depth stream: how to (re)request it, and what to do with its updates. */
interface Stream {
  kind: 'bars' | 'depth';
  instrumentId: InstrumentId;
  contract: Contract;
  reqId: number;
  onBar?: (bar: Bar) => void;
  onDepth?: (depth: OrderBookDepth) => void;
  bids: BookLevel[];
  asks: BookLevel[];
  depthRows: number;
}

export class IbkrMarketData {
  private readonly streams = new Set<Stream>();
  private readonly streamsByReqId = new Map<number, Stream>();
  private readonly subscriptions = new Map<number, Subscription>();
  private readonly byReqId = new Map<number, Subscription>();
  private nextHandle = 1;

  constructor(private readonly connection: IbkrConnection, private readonly now: () => number = Date.now) {
    connection.onReady(() => this.restoreAll());
    connection.onMessage((message) => this.onMessage(message.reqId, message.code, message.message));
  }

  /** Subscribes; works while disconnected too (sent on connect). Returns an unsubscribe function. */
  subscribeQuotes(instrumentId: InstrumentId, contract: Contract, handlers: QuoteHandlers): () => void {
    const handle = this.nextHandle++;
    const subscription: Subscription = { instrumentId, contract, handlers, reqId: -1, delayed: false, bidSize: 0, askSize: 0, tradeSeq: 0 };
    this.subscriptions.set(handle, subscription);
    if (this.connection.isConnected()) this.request(subscription);
    return () => {
      this.subscriptions.delete(handle);
      this.byReqId.delete(subscription.reqId);
      if (this.connection.isConnected()) this.connection.ib.cancelMktData(subscription.reqId);
    };
  }

  /** IB's 5-second real-time bars (reqRealTimeBars) as core Bars of spec 5s; ts is the bar's open. */
  subscribeRealTimeBars(instrumentId: InstrumentId, contract: Contract, onBar: (bar: Bar) => void): () => void {
    return this.addStream({ kind: 'bars', instrumentId, contract, reqId: -1, onBar, bids: [], asks: [], depthRows: 0 });
  }

  /** Level-2 book (reqMktDepth) for the order book widget; a full OrderBookDepth after each update. */
  subscribeDepth(instrumentId: InstrumentId, contract: Contract, onDepth: (depth: OrderBookDepth) => void, rows = 10): () => void {
    return this.addStream({ kind: 'depth', instrumentId, contract, reqId: -1, onDepth, bids: [], asks: [], depthRows: rows });
  }

  get activeSubscriptions(): number {
    return this.subscriptions.size + this.streams.size;
  }

  private addStream(stream: Stream): () => void {
    this.streams.add(stream);
    if (this.connection.isConnected()) this.requestStream(stream);
    return () => {
      this.streams.delete(stream);
      this.streamsByReqId.delete(stream.reqId);
      if (!this.connection.isConnected()) return;
      if (stream.kind === 'bars') this.connection.ib.cancelRealTimeBars(stream.reqId);
      else this.connection.ib.cancelMktDepth(stream.reqId, false);
    };
  }

  private requestStream(stream: Stream): void {
    this.attachListeners();
    stream.reqId = this.connection.requestId();
    stream.bids = [];
    stream.asks = [];
    this.streamsByReqId.set(stream.reqId, stream);
    const ib = this.connection.ib;
    if (stream.kind === 'bars') ib.reqRealTimeBars(stream.reqId, stream.contract, 5, 'TRADES', false);
    else ib.reqMktDepth(stream.reqId, stream.contract, stream.depthRows, false);
  }

  private restoreAll(): void {
    this.byReqId.clear();
    this.streamsByReqId.clear();
    this.attachListeners();
    for (const subscription of this.subscriptions.values()) this.request(subscription);
    for (const stream of this.streams) this.requestStream(stream);
  }

  private onRealTimeBar(reqId: number, timeSec: number, open: number, high: number, low: number, close: number, volume: number | undefined): void {
    const stream = this.streamsByReqId.get(reqId);
    stream?.onBar?.({ barType: barType(stream.instrumentId, '5s'), ts: timeSec * 1000, open, high, low, close, volume: Math.max(0, volume ?? 0) });
  }

  /** IB depth operations: 0 insert, 1 update, 2 delete at a row; side 0 ask, 1 bid. */
  private onDepth(reqId: number, position: number, operation: number, side: number, price: number, size: number | undefined): void {
    const stream = this.streamsByReqId.get(reqId);
    if (!stream) return;
    const levels = side === 1 ? stream.bids : stream.asks;
    const level = { price, size: size ?? 0 };
    if (operation === 0) levels.splice(position, 0, level);
    else if (operation === 1) levels[position] = level;
    else levels.splice(position, 1);
    const clean = (rows: BookLevel[], descending: boolean): BookLevel[] =>
      rows.filter((row) => row !== undefined && row.size > 0).sort((a, b) => (descending ? b.price - a.price : a.price - b.price));
    stream.onDepth?.({ instrumentId: stream.instrumentId, bids: clean(stream.bids, true), asks: clean(stream.asks, false), ts: this.now() });
  }

  private attached: unknown;

  private attachListeners(): void {
    const ib = this.connection.ib;
    if (this.attached === ib) return;
    this.attached = ib;
    ib.on(EventName.tickPrice, (reqId: number, tickType: number, price: number) => this.onPrice(reqId, tickType, price));
    ib.on(EventName.tickSize, (reqId: number, tickType?: number, size?: number) => this.onSize(reqId, tickType ?? -1, size ?? 0));
    ib.on(EventName.realtimeBar, (reqId: number, time: number, open: number, high: number, low: number, close: number, volume?: number) => this.onRealTimeBar(reqId, time, open, high, low, close, volume));
    ib.on(EventName.updateMktDepth, (reqId: number, position: number, operation: number, side: number, price: number, size?: number) => this.onDepth(reqId, position, operation, side, price, size));
    ib.on(EventName.marketDataType, (reqId: number, type: number) => { const sub = this.byReqId.get(reqId); if (sub) sub.delayed = type === 3 || type === 4; });
  }

  private request(subscription: Subscription): void {
    this.attachListeners();
    subscription.reqId = this.connection.requestId();
    this.byReqId.set(subscription.reqId, subscription);
    const ib = this.connection.ib;
    if (subscription.delayed) ib.reqMarketDataType(3);
    ib.reqMktData(subscription.reqId, subscription.contract, '', false, false);
  }

  private onMessage(reqId: number, code: number, message: string): void {
    const subscription = this.byReqId.get(reqId);
    if (!subscription) return;
    if (NO_SUBSCRIPTION_CODES.has(code) && !subscription.delayed) {
      // No live data permission: fall back to 15-minute delayed data, and say so on every tick.
      subscription.delayed = true;
      this.byReqId.delete(reqId);
      this.request(subscription);
      return;
    }
    subscription.handlers.onError?.(message, code);
  }

  private onPrice(reqId: number, tickType: number, price: number): void {
    const sub = this.byReqId.get(reqId);
    if (!sub || !(price > 0)) return;
    if (isTick(tickType, TICK.bid)) sub.bid = price;
    else if (isTick(tickType, TICK.ask)) sub.ask = price;
    else if (isTick(tickType, TICK.last)) sub.lastPrice = price;
  }

  private onSize(reqId: number, tickType: number, size: number): void {
    const sub = this.byReqId.get(reqId);
    if (!sub) return;
    const delayed = sub.delayed;
    if (isTick(tickType, TICK.bidSize)) sub.bidSize = size;
    else if (isTick(tickType, TICK.askSize)) sub.askSize = size;
    else if (isTick(tickType, TICK.lastSize)) {
      if (sub.lastPrice === undefined || !(size > 0)) return;
      sub.tradeSeq += 1;
      sub.handlers.onTrade?.({ instrumentId: sub.instrumentId, price: sub.lastPrice, size, aggressorSide: 'NO_AGGRESSOR',
        tradeId: tradeId(`${sub.reqId}-${sub.tradeSeq}`), ts: this.now() }, { delayed });
      return;
    } else return;
    this.emitQuoteIfChanged(sub);
  }

  /** A quote goes out on a size update once both sides are known; IB repeats sizes, so repeats are dropped. */
  private emitQuoteIfChanged(sub: Subscription): void {
    if (sub.bid === undefined || sub.ask === undefined) return;
    const key = `${sub.bid}|${sub.ask}|${sub.bidSize}|${sub.askSize}`;
    if (key === sub.lastQuoteKey) return;
    sub.lastQuoteKey = key;
    sub.handlers.onQuote?.({ instrumentId: sub.instrumentId, bid: sub.bid, ask: sub.ask, bidSize: sub.bidSize, askSize: sub.askSize, ts: this.now() }, { delayed: sub.delayed });
  }
}

function isTick(tickType: number, pair: readonly [number, number]): boolean {
  return tickType === pair[0] || tickType === pair[1];
}
