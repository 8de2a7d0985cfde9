/** Bar series builders for backtest tests. */
import type { BarSeries } from '../data/bar-series.js';

const DAY_MS = 86_400_000;
export const START_MS = Date.UTC(2020, 0, 1);

/** Bars whose closes are `closes`; open = previous close, high/low bracket open and close. */
export function seriesFromCloses(instrumentId: string, closes: readonly number[], spacingMs = DAY_MS): BarSeries {
  const length = closes.length;
  const series: BarSeries = {
    instrumentId,
    barSpec: spacingMs === DAY_MS ? '1d' : '1m',
    ts: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: Float64Array.from(closes),
    volume: new Float64Array(length).fill(1_000_000),
  };
  for (let index = 0; index < length; index++) {
    const close = closes[index]!;
    const open = index === 0 ? close : closes[index - 1]!;
    series.ts[index] = START_MS + index * spacingMs;
    series.open[index] = open;
    series.high[index] = Math.max(open, close) + 0.5;
    series.low[index] = Math.min(open, close) - 0.5;
  }
  return series;
}

/** A seeded random walk with drift cycles: deterministic, with many crossings of any two SMAs. */
export function randomWalkSeries(instrumentId: string, length: number, seed = 7, spacingMs = DAY_MS): BarSeries {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
  const closes: number[] = [];
  let price = 100;
  for (let index = 0; index < length; index++) {
    price = Math.max(5, price + Math.sin(index / 25) * 0.4 + (random() - 0.5) * 2);
    closes.push(Math.round(price * 100) / 100);
  }
  const series = seriesFromCloses(instrumentId, closes, spacingMs);
  // Opens that differ from the previous close, so next-open and close fills give different numbers.
  for (let index = 1; index < length; index++) {
    series.open[index] = Math.round((closes[index - 1]! + (random() - 0.5)) * 100) / 100;
    series.high[index] = Math.max(series.open[index]!, closes[index]!) + 0.25;
    series.low[index] = Math.min(series.open[index]!, closes[index]!) - 0.25;
  }
  return series;
}
