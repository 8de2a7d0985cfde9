/** Test support: deterministic OHLCV series and the shared reference data, when present. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ohlcv } from './talib-reference.js';

/** mulberry32: small seeded PRNG so generated series are identical on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeriesOptions {
  /** Round prices to this tick, making ties and flat stretches common (exercises tie-breaks). */
  tick?: number;
  /** Probability that a bar is completely flat (open = high = low = close). */
  flatProbability?: number;
  /** Probability that a bar has zero volume. */
  zeroVolumeProbability?: number;
  start?: number;
}

/** A random-walk OHLCV series with positive prices. */
export function generateOhlcv(length: number, seed: number, options: SeriesOptions = {}): Ohlcv {
  const random = seededRandom(seed);
  const round = (value: number) => (options.tick ? Math.max(options.tick, Math.round(value / options.tick) * options.tick) : value);
  const series: Ohlcv = {
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
  };
  let previous = options.start ?? 100;
  for (let i = 0; i < length; i++) {
    const open = round(previous * (1 + (random() - 0.5) * 0.01));
    const close = round(open * (1 + (random() - 0.5) * 0.04));
    let high = round(Math.max(open, close) * (1 + random() * 0.015));
    let low = round(Math.min(open, close) * (1 - random() * 0.015));
    if (random() < (options.flatProbability ?? 0)) high = low = open;
    series.open[i] = open;
    series.close[i] = random() < (options.flatProbability ?? 0) ? open : close;
    series.high[i] = Math.max(high, series.open[i], series.close[i]);
    series.low[i] = Math.min(low, series.open[i], series.close[i]);
    series.volume[i] = random() < (options.zeroVolumeProbability ?? 0) ? 0 : Math.round(1000 + random() * 100000);
    previous = series.close[i];
  }
  return series;
}

/** /work/shared/refdata: the repository's sibling folder `../shared/refdata`. */
export const REFDATA_DIR = fileURLToPath(new URL('../../../../shared/refdata', import.meta.url));

export function refdataAvailable(): boolean {
  return existsSync(REFDATA_DIR);
}

/** Reads a refdata CSV with a header row into numeric columns by lower-cased header name. */
export function readRefCsv(relativePath: string): Record<string, Float64Array> & { rows: number } {
  const lines = readFileSync(join(REFDATA_DIR, relativePath), 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',').map((name) => name.trim().toLowerCase());
  const body = lines.slice(1).map((line) => line.split(','));
  const columns: Record<string, Float64Array> = {};
  header.forEach((name, index) => {
    columns[name] = Float64Array.from(body, (cells) => Number(cells[index]));
  });
  return Object.assign(columns, { rows: body.length });
}

/** OHLCV from a refdata file with open/high/low/close/volume columns (date columns ignored). */
export function readRefOhlcv(relativePath: string, maxRows?: number): Ohlcv {
  const columns = readRefCsv(relativePath);
  const take = (name: string) => (maxRows === undefined ? columns[name] : columns[name].slice(0, maxRows));
  return { open: take('open'), high: take('high'), low: take('low'), close: take('close'), volume: take('volume') };
}
