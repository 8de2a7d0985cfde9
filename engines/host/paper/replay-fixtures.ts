// Test fixtures for replays: a data directory with SIM instruments and stored one-minute bars (or
// quote and trade ticks) whose prices swing (so SMA crossings happen), written before a Host opens
// the directory.
import { join } from 'node:path';
import { defineInstrument } from '@nws/core';
import type { Instrument } from '@nws/core';
import { loadTickSeriesFromStore } from '@nws/backtest';
import type { BarSeries, TickSeries } from '@nws/backtest';
import { StateStore, TimeSeriesStore } from '@nws/storage';
import type { QuoteTickColumns, TradeTickColumns } from '@nws/storage';
import { DataDirFiles } from '../data-dir.js';

export const MINUTE_MS = 60_000;

export function simInstrument(symbol: string): Readonly<Instrument> {
  return defineInstrument({ id: `${symbol}.SIM`, symbol, venue: 'SIM', assetClass: 'equity', currency: 'USD', tickSize: 0.01, lotSize: 1, multiplier: 1, pricePrecision: 2 });
}

/**
 * `count` one-minute bars from `start`: a slow sine swing around `base` plus seeded noise, prices
 * in cents. Bars gap a little at the open so next-open fills differ from the previous close.
 */
export function swingBars(instrumentId: string, options: { start: number; count: number; base: number; seed: number }): BarSeries {
  const { start, count, base } = options;
  let state = options.seed >>> 0;
  const noise = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  const cents = (value: number) => Math.round(value * 100) / 100;
  const series: BarSeries = {
    instrumentId,
    barSpec: '1m',
    ts: new Float64Array(count),
    open: new Float64Array(count),
    high: new Float64Array(count),
    low: new Float64Array(count),
    close: new Float64Array(count),
    volume: new Float64Array(count),
  };
  let previousClose = base;
  for (let row = 0; row < count; row++) {
    const open = cents(previousClose + noise() * 0.2);
    const close = cents(base + base * 0.03 * Math.sin(row / 17) + noise() * base * 0.004);
    series.ts[row] = start + row * MINUTE_MS;
    series.open[row] = open;
    series.close[row] = close;
    series.high[row] = cents(Math.max(open, close) + Math.abs(noise()) * 0.3);
    series.low[row] = cents(Math.min(open, close) - Math.abs(noise()) * 0.3);
    series.volume[row] = 1_000 + Math.round(Math.abs(noise()) * 500);
    previousClose = close;
  }
  return series;
}

/** Writes instruments and bar series into `home` (no Host may hold it). */
export async function writeReplayData(home: string, instruments: readonly Instrument[], series: readonly BarSeries[]): Promise<void> {
  const state = StateStore.open(join(home, DataDirFiles.state));
  const timeSeries = await TimeSeriesStore.open(join(home, DataDirFiles.timeSeries));
  try {
    for (const instrument of instruments) state.upsertInstrument(instrument);
    for (const one of series) {
      const tsUs = BigInt64Array.from(one.ts, (ts) => BigInt(ts) * 1000n);
      await timeSeries.ingestBars({ instrumentId: one.instrumentId, barType: one.barSpec }, { tsUs, open: one.open, high: one.high, low: one.low, close: one.close, volume: one.volume });
    }
  } finally {
    await timeSeries.close();
    state.close();
  }
}

/** One instrument's quotes and trades, epoch µs times, as the store takes them. */
export interface SwingTicks {
  instrumentId: string;
  quotes: QuoteTickColumns;
  trades: TradeTickColumns;
}

/**
 * `count` quotes from `start` (ms), 200–700 ms apart with every fifth one 300 µs after the one
 * before (the same millisecond): a slow sine swing of the mid around `base` plus seeded noise, a
 * one- or two-cent spread, sizes 100–900. After every third quote, a trade 400 µs later at the bid
 * or the ask.
 */
export function swingTicks(instrumentId: string, options: { start: number; count: number; base: number; seed: number }): SwingTicks {
  const { start, count, base } = options;
  let state = options.seed >>> 0;
  const noise = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const cents = (value: number) => Math.round(value * 100) / 100;
  const quotes: QuoteTickColumns = { kind: 'quotes', tsUs: new BigInt64Array(count), bid: new Float64Array(count), ask: new Float64Array(count), bidSize: new Float64Array(count), askSize: new Float64Array(count) };
  const tradeRows = Math.floor(count / 3);
  const trades: TradeTickColumns = { kind: 'trades', tsUs: new BigInt64Array(tradeRows), price: new Float64Array(tradeRows), size: new Float64Array(tradeRows) };
  let us = start * 1000;
  for (let row = 0; row < count; row++) {
    us += row % 5 === 4 ? 300 : Math.round(200_000 + noise() * 500_000);
    const mid = base + base * 0.02 * Math.sin(row / 40) + (noise() - 0.5) * base * 0.002;
    const bid = cents(mid - 0.005);
    quotes.tsUs[row] = BigInt(us);
    quotes.bid[row] = bid;
    quotes.ask[row] = cents(bid + (noise() < 0.7 ? 0.01 : 0.02));
    quotes.bidSize[row] = 100 * (1 + Math.floor(noise() * 9));
    quotes.askSize[row] = 100 * (1 + Math.floor(noise() * 9));
    if (row % 3 === 2 && row / 3 < tradeRows) {
      const trade = (row - 2) / 3;
      trades.tsUs[trade] = BigInt(us + 400);
      trades.price[trade] = noise() < 0.5 ? quotes.bid[row]! : quotes.ask[row]!;
      trades.size[trade] = 1 + Math.floor(noise() * 300);
    }
  }
  return { instrumentId, quotes, trades };
}

/**
 * Writes instruments and their ticks into `home` (no Host may hold it) and answers the tick series
 * a backtest of them takes, read back from the store: per instrument, quotes then trades.
 */
export async function writeReplayTicks(home: string, instruments: readonly Instrument[], ticks: readonly SwingTicks[]): Promise<TickSeries[]> {
  const state = StateStore.open(join(home, DataDirFiles.state));
  const timeSeries = await TimeSeriesStore.open(join(home, DataDirFiles.timeSeries));
  try {
    for (const instrument of instruments) state.upsertInstrument(instrument);
    for (const one of ticks) {
      await timeSeries.ingestTicks({ instrumentId: one.instrumentId, kind: 'quotes' }, one.quotes);
      await timeSeries.ingestTicks({ instrumentId: one.instrumentId, kind: 'trades' }, one.trades);
    }
    return await loadTickSeriesFromStore(
      timeSeries,
      ticks.flatMap((one) => [
        { instrumentId: one.instrumentId, kind: 'quotes' as const },
        { instrumentId: one.instrumentId, kind: 'trades' as const },
      ]),
    );
  } finally {
    await timeSeries.close();
    state.close();
  }
}
