// Reads the stored bars a replay plays and merges them by time. Ties (several instruments with a bar
// at the same time) go in the order the instruments were given, as in the backtest's MergedBarFeed,
// so a replay and a backtest of the same series see bars in the same order.
import { ErrorCode, NwsError, barType as makeBarType, parseInstrumentId } from '@nws/core';
import type { Bar, BarType, InstrumentId, QuoteTick, TradeTick } from '@nws/core';
import type { TimeSeriesStore } from '@nws/storage';
import type { ReplayRequest } from './replay-request.js';

/** Where a replay cursor hands the events of one time step. */
export interface ReplaySink {
  bar(bar: Bar): void;
  quote(quote: QuoteTick): void;
  trade(trade: TradeTick): void;
}

/** Stored series merged by time, walked one time step at a time (bars: MergedReplayCursor; ticks: MergedTickCursor). */
export interface ReplayCursor {
  /** Events (bars or ticks) in all, and handed out so far. */
  readonly total: number;
  readonly position: number;
  /** Time of the first and last event, epoch ms. */
  readonly firstTs: number;
  readonly lastTs: number;
  /** Time of the next step, or undefined at the end. */
  nextTs(): number | undefined;
  /** Hands every event of time `ts` to `sink` in replay order and advances past them; returns how many. */
  emitStep(ts: number, sink: ReplaySink): number;
}

/** One instrument's bars over the replayed range, times in epoch ms (bar open times). */
export interface ReplaySeries {
  readonly barType: BarType;
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/**
 * Stored bars of every requested instrument over [from, to). UNKNOWN_INSTRUMENT when an instrument
 * has no stored series of that bar spec (naming the specs it has); INVALID_ARGUMENT when the range
 * holds no bar at all.
 */
export async function loadReplaySeries(timeSeries: TimeSeriesStore, request: ReplayRequest): Promise<ReplaySeries[]> {
  const stored = await timeSeries.listSeries();
  const series: ReplaySeries[] = [];
  for (const raw of request.instrumentIds) {
    const instrumentId = checkedInstrumentId(raw);
    const specs = stored.filter((one) => one.instrumentId === instrumentId).map((one) => one.barType);
    if (!specs.includes(request.barType)) {
      const has = specs.length === 0 ? 'no stored bars at all' : `stored bar specs: ${specs.join(', ')}`;
      throw new NwsError(ErrorCode.UnknownInstrument, `cannot replay ${instrumentId} ${request.barType}: ${has}`, { instrumentId, barType: request.barType });
    }
    const columns = await timeSeries.readBars({
      instrumentId,
      barType: request.barType,
      ...(request.from === undefined ? {} : { fromUs: BigInt(request.from) * 1000n }),
      ...(request.to === undefined ? {} : { toUs: BigInt(request.to) * 1000n }),
    });
    const ts = new Float64Array(columns.tsUs.length);
    for (let row = 0; row < ts.length; row++) ts[row] = Number(columns.tsUs[row]! / 1000n);
    series.push({ barType: makeBarType(instrumentId, request.barType), ts, open: columns.open, high: columns.high, low: columns.low, close: columns.close, volume: columns.volume });
  }
  if (series.every((one) => one.ts.length === 0)) {
    throw new NwsError(ErrorCode.InvalidArgument, `no stored ${request.barType} bars of ${request.instrumentIds.join(', ')} in ${rangeText(request)}: nothing to replay`);
  }
  return series;
}

export function checkedInstrumentId(raw: string): InstrumentId {
  try {
    return parseInstrumentId(raw);
  } catch (error) {
    throw new NwsError(ErrorCode.UnknownInstrument, `cannot replay ${JSON.stringify(raw)}: ${(error as Error).message}`);
  }
}

export function rangeText(request: ReplayRequest, unit: 'bar' | 'tick' = 'bar'): string {
  const from = request.from === undefined ? `the first ${unit}` : new Date(request.from).toISOString();
  const to = request.to === undefined ? `the last ${unit}` : new Date(request.to).toISOString();
  return `[${from}, ${to})`;
}

/** First and last time of several time-ordered series (some may be empty, not all). */
export function spanOf(series: ReadonlyArray<{ readonly ts: Float64Array }>): { firstTs: number; lastTs: number } {
  const filled = series.filter((one) => one.ts.length > 0);
  return { firstTs: Math.min(...filled.map((one) => one.ts[0]!)), lastTs: Math.max(...filled.map((one) => one.ts[one.ts.length - 1]!)) };
}

/**
 * Walks several time-ordered series merged by time, one time step (every row of one time) at a
 * time: series by series in the order given, then row order. `emitRow` hands one row to the sink.
 */
export class MergedCursor<S extends { readonly ts: Float64Array }> implements ReplayCursor {
  readonly total: number;
  readonly firstTs: number;
  readonly lastTs: number;
  private readonly cursors: Int32Array;
  private delivered = 0;

  constructor(
    private readonly series: readonly S[],
    private readonly emitRow: (one: S, row: number, sink: ReplaySink) => void,
  ) {
    this.cursors = new Int32Array(series.length);
    this.total = series.reduce((sum, one) => sum + one.ts.length, 0);
    ({ firstTs: this.firstTs, lastTs: this.lastTs } = spanOf(series));
  }

  get position(): number {
    return this.delivered;
  }

  nextTs(): number | undefined {
    let earliest = Number.POSITIVE_INFINITY;
    for (let index = 0; index < this.series.length; index++) {
      const cursor = this.cursors[index]!;
      const ts = this.series[index]!.ts;
      if (cursor < ts.length && ts[cursor]! < earliest) earliest = ts[cursor]!;
    }
    return earliest === Number.POSITIVE_INFINITY ? undefined : earliest;
  }

  emitStep(ts: number, sink: ReplaySink): number {
    let emitted = 0;
    for (let index = 0; index < this.series.length; index++) {
      const one = this.series[index]!;
      for (let row = this.cursors[index]!; row < one.ts.length && one.ts[row] === ts; row++) {
        // Counted before the sink runs: a subscriber that reads the status sees this row as published.
        this.cursors[index] = row + 1;
        this.delivered += 1;
        emitted += 1;
        this.emitRow(one, row, sink);
      }
    }
    return emitted;
  }
}

/** Stored bars merged by time; bars of one time go in the order the instruments were given. */
export function barCursor(series: readonly ReplaySeries[]): MergedCursor<ReplaySeries> {
  return new MergedCursor(series, (one, row, sink) =>
    sink.bar({ barType: one.barType, ts: one.ts[row]!, open: one.open[row]!, high: one.high[row]!, low: one.low[row]!, close: one.close[row]!, volume: one.volume[row]! }),
  );
}
