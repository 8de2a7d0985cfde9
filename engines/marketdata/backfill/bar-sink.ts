// Where backfilled bars go, behind a small interface: the DuckDB TimeSeriesStore in the
// workstation (TimeSeriesBarSink), anything else in tools and tests.
import { NwsError, barIntervalMs, parseBarSpec } from '@nws/core';
import type { Bar } from '@nws/core';
import type { BarColumns, IngestBarsOptions, IngestBarsResult, ReadBarsRequest } from '@nws/storage';
import type { TimeRange } from './time-range.js';

export interface BarSink {
  /** Stores bars of one series (ascending ts); returns how many were written. */
  writeBars(instrumentId: string, spec: string, bars: readonly Bar[]): Promise<number>;
  /** Ranges the sink already holds bars for, so a backfill can skip them. */
  storedRanges(instrumentId: string, spec: string, within: TimeRange): Promise<TimeRange[]>;
}

/** The part of @nws/storage's TimeSeriesStore the sink uses. */
export interface BarStore {
  ingestBars(key: { instrumentId: string; barType: string }, columns: BarColumns, options?: IngestBarsOptions): Promise<IngestBarsResult>;
  readBars(request: ReadBarsRequest): Promise<BarColumns>;
}

const MIN_GAP_MS = 4 * 86_400_000;

export class TimeSeriesBarSink implements BarSink {
  constructor(private readonly store: BarStore) {}

  async writeBars(instrumentId: string, spec: string, bars: readonly Bar[]): Promise<number> {
    if (bars.length === 0) return 0;
    const result = await this.store.ingestBars({ instrumentId, barType: spec }, toColumns(bars), { onOverlap: 'replace' });
    return result.rows;
  }

  /**
   * Runs of stored bars with no gap longer than a long weekend (4 days) or three bars, whichever
   * is longer; each run counts as held from its first bar's open to its last bar's close.
   */
  async storedRanges(instrumentId: string, spec: string, within: TimeRange): Promise<TimeRange[]> {
    let columns: BarColumns;
    try {
      columns = await this.store.readBars({ instrumentId, barType: spec, fromUs: BigInt(within.startMs) * 1000n, toUs: BigInt(within.endMs) * 1000n });
    } catch (error) {
      if (NwsError.is(error, 'NOT_FOUND')) return [];
      throw error;
    }
    const { step, unit } = parseBarSpec(spec);
    const interval = barIntervalMs(unit, step);
    return runsOf(Array.from(columns.tsUs, (us) => Number(us / 1000n)), interval, Math.max(MIN_GAP_MS, 3 * interval));
  }
}

export function runsOf(timestamps: readonly number[], intervalMs: number, maxGapMs: number): TimeRange[] {
  const runs: TimeRange[] = [];
  for (const ts of timestamps) {
    const last = runs.at(-1);
    if (last && ts - (last.endMs - intervalMs) <= maxGapMs) last.endMs = ts + intervalMs;
    else runs.push({ startMs: ts, endMs: ts + intervalMs });
  }
  return runs;
}

function toColumns(bars: readonly Bar[]): BarColumns {
  const n = bars.length;
  const columns: BarColumns = {
    tsUs: new BigInt64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  bars.forEach((bar, i) => {
    columns.tsUs[i] = BigInt(bar.ts) * 1000n;
    columns.open[i] = bar.open;
    columns.high[i] = bar.high;
    columns.low[i] = bar.low;
    columns.close[i] = bar.close;
    columns.volume[i] = bar.volume;
  });
  return columns;
}
