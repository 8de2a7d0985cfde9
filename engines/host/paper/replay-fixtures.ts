// Test fixtures for replays: a data directory with SIM instruments and stored one-minute bars whose
// closes swing (so SMA crossings happen), written before a Host opens the directory.
import { join } from 'node:path';
import { defineInstrument } from '@nws/core';
import type { Instrument } from '@nws/core';
import type { BarSeries } from '@nws/backtest';
import { StateStore, TimeSeriesStore } from '@nws/storage';
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
