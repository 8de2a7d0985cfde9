// Live quotes for every widget: one protocol subscription to all quotes, coalesced per animation
// frame into this store, plus each instrument's previous close for the change column.
import { create } from 'zustand';
import { patterns, type QuoteTick } from '@nws/core';
import type { HostClient } from '../connection/host-client.js';
import { FrameCoalescer } from './frame-coalescer.js';

export interface QuoteView {
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
  ts: number;
  /** +1 when the mid rose since the previous quote, -1 when it fell, 0 unchanged. */
  tick: -1 | 0 | 1;
}

export interface InstrumentEntry {
  instrumentId: string;
  name?: string;
  sector?: string;
}

export interface QuoteState {
  instruments: InstrumentEntry[];
  quotes: Record<string, QuoteView>;
  previousClose: Record<string, number>;
  quoteCount: number;
  start(client: HostClient): Promise<void>;
  applyQuotes(latest: ReadonlyMap<string, QuoteTick>): void;
}

let started = false;
let hostClient: HostClient | null = null;
let instrumentsRefreshing = false;

/**
 * On first start the demo universe is still being written when the page loads, so the list can
 * be short; a quote from an instrument not in it asks for the list (and closes) again.
 */
async function loadInstruments(client: HostClient, set: (partial: Partial<QuoteState>) => void): Promise<void> {
  const { instruments } = await client.call('marketdata.instruments');
  set({ instruments: instruments.map(({ instrumentId, name, sector }) => ({ instrumentId, ...(name ? { name } : {}), ...(sector ? { sector } : {}) })) });
  const closes = await Promise.all(
    instruments
      .filter((instrument) => instrument.series.some((series) => series.barType === '1d'))
      .map(async ({ instrumentId }) => {
        const bars = await client.call('marketdata.bars', { instrumentId, barType: '1d', limit: 1 });
        return [instrumentId, bars.close.at(-1)] as const;
      }),
  );
  const previousClose: Record<string, number> = {};
  for (const [instrumentId, close] of closes) if (close !== undefined) previousClose[instrumentId] = close;
  set({ previousClose });
}

export const useQuoteStore = create<QuoteState>()((set, get) => ({
  instruments: [],
  quotes: {},
  previousClose: {},
  quoteCount: 0,

  async start(client) {
    if (started) return;
    started = true;
    hostClient = client;
    const coalescer = new FrameCoalescer<QuoteTick>((latest) => get().applyQuotes(latest));
    await client.subscribe(patterns.quotes(), ({ data }) => {
      const quote = data as QuoteTick;
      coalescer.push(quote.instrumentId, quote);
    });
    await loadInstruments(client, set);
  },

  applyQuotes(latest) {
    const quotes = { ...get().quotes };
    for (const [instrumentId, quote] of latest) {
      const before = quotes[instrumentId];
      const mid = (quote.bid + quote.ask) / 2;
      const beforeMid = before === undefined ? mid : (before.bid + before.ask) / 2;
      quotes[instrumentId] = { bid: quote.bid, ask: quote.ask, bidSize: quote.bidSize, askSize: quote.askSize, ts: quote.ts, tick: mid > beforeMid ? 1 : mid < beforeMid ? -1 : 0 };
    }
    set({ quotes, quoteCount: get().quoteCount + latest.size });
    const known = get().instruments;
    const unknown = [...latest.keys()].some((instrumentId) => !known.some((entry) => entry.instrumentId === instrumentId));
    if (unknown && hostClient !== null && !instrumentsRefreshing) {
      instrumentsRefreshing = true;
      const client = hostClient;
      // Wait a moment: the demo universe is written in one go, one refresh then sees all of it.
      setTimeout(() => void loadInstruments(client, set).finally(() => (instrumentsRefreshing = false)), 1_000);
    }
  },
}));

/** Change of the mid against the previous close, in percent; undefined without both. */
export function changePercent(quote: QuoteView | undefined, previousClose: number | undefined): number | undefined {
  if (quote === undefined || previousClose === undefined || previousClose === 0) return undefined;
  return (((quote.bid + quote.ask) / 2 - previousClose) / previousClose) * 100;
}
