/**
 * Quote and trade ticks of several series merged by time, for a tick-driven backtest. Ticks at
 * the same millisecond come in the order the series were given (then row order), so a run is
 * deterministic.
 */
import { parseInstrumentId, tradeId } from '@nws/core';
import type { QuoteTick, TradeTick } from '@nws/core';
import type { TickSeries } from './tick-series.js';
import { takeEarliest } from './merge-order.js';

export type TickEvent = { kind: 'quote'; quote: QuoteTick } | { kind: 'trade'; trade: TradeTick };

/** One reusable event per series (no allocation per quote): valid until the next `next()`. */
function emptyEvent(series: TickSeries): TickEvent {
  const instrumentId = parseInstrumentId(series.instrumentId);
  if (series.kind === 'quotes') return { kind: 'quote', quote: { instrumentId, bid: 0, ask: 0, bidSize: 0, askSize: 0, ts: 0 } };
  return { kind: 'trade', trade: { instrumentId, price: 0, size: 0, aggressorSide: 'NO_AGGRESSOR', tradeId: tradeId('T'), ts: 0 } };
}

export class MergedTickFeed {
  readonly total: number;
  private readonly series: readonly TickSeries[];
  private readonly events: readonly TickEvent[];
  private readonly cursors: Int32Array;

  constructor(series: readonly TickSeries[]) {
    this.series = series;
    this.events = series.map(emptyEvent);
    this.cursors = new Int32Array(series.length);
    this.total = series.reduce((sum, one) => sum + one.ts.length, 0);
  }

  /** The next tick in time order, or undefined at the end. */
  next(): TickEvent | undefined {
    const chosen = takeEarliest(this.series, this.cursors);
    if (chosen < 0) return undefined;
    return this.fill(chosen, this.cursors[chosen]! - 1);
  }

  private fill(index: number, row: number): TickEvent {
    const one = this.series[index]!;
    const event = this.events[index]!;
    if (event.kind === 'quote' && one.kind === 'quotes') {
      const quote = event.quote;
      quote.ts = one.ts[row]!;
      quote.bid = one.bid[row]!;
      quote.ask = one.ask[row]!;
      quote.bidSize = one.bidSize[row]!;
      quote.askSize = one.askSize[row]!;
    } else if (event.kind === 'trade' && one.kind === 'trades') {
      const trade = event.trade;
      trade.ts = one.ts[row]!;
      trade.price = one.price[row]!;
      trade.size = one.size[row]!;
      // Trade ids name the series row, so the same data always gives the same ids.
      trade.tradeId = `${one.instrumentId}-${row + 1}` as TradeTick['tradeId'];
    }
    return event;
  }
}
