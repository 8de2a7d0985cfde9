// IbkrMarketFeed: IBKR quotes, trades and L2 depth onto the SAME bus topics the demo simulator
// uses (`quotes.<id>`, `trades.<id>`, `depth.<id>`), and IB's 5-second real-time bars onto the bar
// topic every bar source uses (`bars.<id>.5s`), so the watchlist, chart and order book widgets
// show IB data unchanged. Subscriptions are explicit (`ibkr.marketData.subscribe`): a trader
// chooses what to pay IB data lines for. IbkrMarketData keeps them in its registry and sends them
// again after every reconnect. Each quote also goes to `onQuote` (the IB account's risk marks).
import { ErrorCode, NwsError, topics, type InstrumentId, type MessageBus, type QuoteTick, type Topic } from '@nws/core';
import { IbkrMarketData, type IbkrConnection, type IbkrContractSpec, type IbkrContracts, type ResolvedContract } from '@nws/marketdata';

export interface IbkrMarketFeedOptions {
  connection: IbkrConnection;
  contracts: IbkrContracts;
  bus: MessageBus;
  now: () => number;
  onQuote: (quote: QuoteTick) => void;
  onResolved?: (instrumentId: InstrumentId, resolved: ResolvedContract) => void;
}

export interface IbkrFeedSubscription {
  instrumentId: InstrumentId;
  depth: boolean;
  /** 5-second real-time bars (reqRealTimeBars) on `bars.<id>.5s`. */
  bars: boolean;
  /** True once IB answered with delayed (15-minute) data because the account has no live subscription. */
  delayed: boolean;
  lastQuoteTs?: number;
}

/** IB's real-time bars are always 5 seconds long. */
const REAL_TIME_BAR_SPEC = '5s';

interface Entry {
  view: IbkrFeedSubscription;
  stop: () => void;
}

export class IbkrMarketFeed {
  private readonly marketData: IbkrMarketData;
  private readonly entries = new Map<InstrumentId, Entry>();

  constructor(private readonly options: IbkrMarketFeedOptions) {
    this.marketData = new IbkrMarketData(options.connection, options.now);
  }

  /** Resolves the contract at IB and starts streaming; subscribing an id twice keeps one stream. */
  async subscribe(instrumentId: InstrumentId, spec: IbkrContractSpec, depth: boolean, bars = false): Promise<IbkrFeedSubscription> {
    const existing = this.entries.get(instrumentId);
    if (existing !== undefined && existing.view.depth === depth && existing.view.bars === bars) return { ...existing.view };
    const resolved = await this.options.contracts.resolve(spec).catch((error: unknown) => {
      throw new NwsError(ErrorCode.UnknownInstrument, `IBKR has no contract for ${instrumentId}: ${NwsError.from(error).message}`, { instrumentId });
    });
    this.options.onResolved?.(instrumentId, resolved);
    this.unsubscribe(instrumentId);
    const view: IbkrFeedSubscription = { instrumentId, depth, bars, delayed: false };
    const stops = [
      this.marketData.subscribeQuotes(instrumentId, resolved.contract, {
        onQuote: (quote, info) => {
          view.delayed = info.delayed;
          view.lastQuoteTs = quote.ts;
          this.options.onQuote(quote);
          this.publish(topics.quotes(instrumentId), quote);
        },
        onTrade: (trade, info) => {
          view.delayed = info.delayed;
          this.publish(topics.trades(instrumentId), trade);
        },
      }),
    ];
    if (bars) stops.push(this.marketData.subscribeRealTimeBars(instrumentId, resolved.contract, (bar) => this.publish(topics.bars(instrumentId, REAL_TIME_BAR_SPEC), bar)));
    if (depth) stops.push(this.marketData.subscribeDepth(instrumentId, resolved.contract, (book) => this.publish(topics.depth(instrumentId), book)));
    this.entries.set(instrumentId, { view, stop: () => stops.forEach((stop) => stop()) });
    return { ...view };
  }

  /** Stops the streams of an instrument; false when it was not subscribed. */
  unsubscribe(instrumentId: InstrumentId): boolean {
    const entry = this.entries.get(instrumentId);
    if (entry === undefined) return false;
    this.entries.delete(instrumentId);
    entry.stop();
    return true;
  }

  list(): IbkrFeedSubscription[] {
    return [...this.entries.values()].map((entry) => ({ ...entry.view }));
  }

  close(): void {
    for (const id of [...this.entries.keys()]) this.unsubscribe(id);
  }

  private publish<T>(topic: Topic<T>, data: T): void {
    if (!this.options.bus.closed) this.options.bus.publish(topic, data);
  }
}
