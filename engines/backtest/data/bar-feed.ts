/**
 * Where a run's bars come from. A backtest pulls from a `BarFeed` over stored series; paper
 * trading pushes bars from a live feed into the same `TradingSession` instead.
 */
import { barType as makeBarType, parseInstrumentId } from '@nws/core';
import type { Bar, BarType } from '@nws/core';
import type { BarSeries } from './bar-series.js';
import { earliestHead } from './merge-order.js';

export interface BarFeed {
  /** Bars in all, when known (for progress). */
  readonly total: number;
  /**
   * The next bar in time order, or undefined at the end. A feed may hand out the same object
   * again with new values (MergedBarFeed does, one per series): a bar is valid until the next
   * call, so whoever keeps one must copy it.
   */
  next(): Bar | undefined;
}

/** Loads row `row` of `series` into `bar` (a feed's reused bar object). */
function loadRow(bar: Bar, series: BarSeries, row: number): Bar {
  bar.ts = series.ts[row]!;
  bar.open = series.open[row]!;
  bar.high = series.high[row]!;
  bar.low = series.low[row]!;
  bar.close = series.close[row]!;
  bar.volume = series.volume[row]!;
  return bar;
}

/** One reusable bar per series: 10M bars cost no 10M allocations (and no GC behind them). */
function emptyBar(barType: BarType): Bar {
  return { barType, ts: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
}

/**
 * Merges several series by bar time. Bars at the same time come in the order the series were
 * given, so a run is deterministic.
 */
export class MergedBarFeed implements BarFeed {
  readonly total: number;
  private readonly series: readonly BarSeries[];
  private readonly bars: readonly Bar[];
  private readonly cursors: Int32Array;
  /** Time of the step being handed out, and the next series to look at in it. */
  private stepTs = Number.NaN;
  private scan = 0;

  constructor(series: readonly BarSeries[]) {
    this.series = series;
    this.bars = series.map((one) => emptyBar(makeBarType(parseInstrumentId(one.instrumentId), one.barSpec)));
    this.cursors = new Int32Array(series.length);
    this.total = series.reduce((sum, one) => sum + one.ts.length, 0);
  }

  next(): Bar | undefined {
    // Hand out every series whose next bar is at the current time step, in the order given; then
    // find the next step. The same order as taking the earliest head each time (takeEarliest),
    // but series sharing their timestamps (the usual case) cost two checks a bar, not k.
    const series = this.series;
    const cursors = this.cursors;
    for (;;) {
      while (this.scan < series.length) {
        const index = this.scan++;
        const row = cursors[index]!;
        const ts = series[index]!.ts;
        if (row < ts.length && ts[row] === this.stepTs) {
          cursors[index] = row + 1;
          return this.fill(index, row);
        }
      }
      const earliest = earliestHead(series, cursors);
      if (earliest === Number.POSITIVE_INFINITY) return undefined;
      this.stepTs = earliest;
      this.scan = 0;
    }
  }

  /** Loads row `row` of series `index` into that series' bar object. */
  private fill(index: number, row: number): Bar {
    return loadRow(this.bars[index]!, this.series[index]!, row);
  }
}

/**
 * One series: no merge, just the next row. Its `next` is a few lines, so the compiler inlines it
 * into the run loop and keeps its inlining budget for the strategy's code.
 */
export class SeriesBarFeed implements BarFeed {
  readonly total: number;
  private readonly series: BarSeries;
  private readonly bar: Bar;
  private row = 0;

  constructor(series: BarSeries) {
    this.series = series;
    this.bar = emptyBar(makeBarType(parseInstrumentId(series.instrumentId), series.barSpec));
    this.total = series.ts.length;
  }

  next(): Bar | undefined {
    const row = this.row;
    const series = this.series;
    if (row >= series.ts.length) return undefined;
    this.row = row + 1;
    return loadRow(this.bar, series, row);
  }
}

/** The feed for `series`: a plain one for a single series, merged by time for several. */
export function barFeedFor(series: readonly BarSeries[]): BarFeed {
  return series.length === 1 ? new SeriesBarFeed(series[0]!) : new MergedBarFeed(series);
}
