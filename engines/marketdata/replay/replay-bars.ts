// Reads the stored bars a replay plays and merges them by time. Ties (several instruments with a bar
// at the same time) go in the order the instruments were given, as in the backtest's MergedBarFeed,
// so a replay and a backtest of the same series see bars in the same order.
import { ErrorCode, NwsError, barType as makeBarType, parseInstrumentId } from '@nws/core';
import type { Bar, BarType, InstrumentId } from '@nws/core';
import type { TimeSeriesStore } from '@nws/storage';
import type { ReplayRequest } from './replay-request.js';

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

function checkedInstrumentId(raw: string): InstrumentId {
  try {
    return parseInstrumentId(raw);
  } catch (error) {
    throw new NwsError(ErrorCode.UnknownInstrument, `cannot replay ${JSON.stringify(raw)}: ${(error as Error).message}`);
  }
}

function rangeText(request: ReplayRequest): string {
  const from = request.from === undefined ? 'the first bar' : new Date(request.from).toISOString();
  const to = request.to === undefined ? 'the last bar' : new Date(request.to).toISOString();
  return `[${from}, ${to})`;
}

/** Walks several series in time order, one time step (all bars of one time) at a time. */
export class MergedReplayCursor {
  readonly total: number;
  private readonly cursors: Int32Array;
  private delivered = 0;

  constructor(private readonly series: readonly ReplaySeries[]) {
    this.cursors = new Int32Array(series.length);
    this.total = series.reduce((sum, one) => sum + one.ts.length, 0);
  }

  /** Bars handed out so far. */
  get position(): number {
    return this.delivered;
  }

  /** Time of the next step, or undefined at the end. */
  nextTs(): number | undefined {
    let earliest = Number.POSITIVE_INFINITY;
    for (let index = 0; index < this.series.length; index++) {
      const cursor = this.cursors[index]!;
      const ts = this.series[index]!.ts;
      if (cursor < ts.length && ts[cursor]! < earliest) earliest = ts[cursor]!;
    }
    return earliest === Number.POSITIVE_INFINITY ? undefined : earliest;
  }

  /** Every bar at time `ts`, in instrument order; advances past them. */
  takeStep(ts: number): Bar[] {
    const bars: Bar[] = [];
    for (let index = 0; index < this.series.length; index++) {
      const one = this.series[index]!;
      const row = this.cursors[index]!;
      if (row >= one.ts.length || one.ts[row] !== ts) continue;
      this.cursors[index] = row + 1;
      bars.push({ barType: one.barType, ts, open: one.open[row]!, high: one.high[row]!, low: one.low[row]!, close: one.close[row]!, volume: one.volume[row]! });
    }
    this.delivered += bars.length;
    return bars;
  }
}
