/**
 * Where a run's bars come from. A backtest pulls from a `BarFeed` over stored series; paper
 * trading pushes bars from a live feed into the same `TradingSession` instead.
 */
import { barType as makeBarType, parseInstrumentId } from '@nws/core';
import type { Bar, BarType } from '@nws/core';
import type { BarSeries } from './bar-series.js';

export interface BarFeed {
  /** Bars in all, when known (for progress). */
  readonly total: number;
  /** The next bar in time order, or undefined at the end. */
  next(): Bar | undefined;
}

/**
 * Merges several series by bar time. Bars at the same time come in the order the series were
 * given, so a run is deterministic. Linear scan over the heads: for the handful of instruments
 * of a backtest it beats a heap.
 */
export class MergedBarFeed implements BarFeed {
  readonly total: number;
  private readonly series: readonly BarSeries[];
  private readonly types: readonly BarType[];
  private readonly cursors: Int32Array;

  constructor(series: readonly BarSeries[]) {
    this.series = series;
    this.types = series.map((one) => makeBarType(parseInstrumentId(one.instrumentId), one.barSpec));
    this.cursors = new Int32Array(series.length);
    this.total = series.reduce((sum, one) => sum + one.ts.length, 0);
  }

  next(): Bar | undefined {
    if (this.series.length === 1) return this.nextOfOne();
    let chosen = -1;
    let chosenTs = Number.POSITIVE_INFINITY;
    for (let index = 0; index < this.series.length; index++) {
      const cursor = this.cursors[index]!;
      const ts = this.series[index]!.ts;
      if (cursor < ts.length && ts[cursor]! < chosenTs) {
        chosenTs = ts[cursor]!;
        chosen = index;
      }
    }
    if (chosen < 0) return undefined;
    const row = this.cursors[chosen]!;
    this.cursors[chosen] = row + 1;
    const one = this.series[chosen]!;
    return {
      barType: this.types[chosen]!,
      ts: chosenTs,
      open: one.open[row]!,
      high: one.high[row]!,
      low: one.low[row]!,
      close: one.close[row]!,
      volume: one.volume[row]!,
    };
  }

  /** One instrument: no merge, just the next row. */
  private nextOfOne(): Bar | undefined {
    const row = this.cursors[0]!;
    const one = this.series[0]!;
    if (row >= one.ts.length) return undefined;
    this.cursors[0] = row + 1;
    return { barType: this.types[0]!, ts: one.ts[row]!, open: one.open[row]!, high: one.high[row]!, low: one.low[row]!, close: one.close[row]!, volume: one.volume[row]! };
  }
}
