/**
 * One instrument's bars as columns: the form a backtest takes its data in. Plain typed arrays,
 * so a series crosses to a worker thread by structured clone (or transfer) unchanged.
 */
import { ErrorCode, NwsError, parseBarSpec, parseInstrumentId } from '@nws/core';
import type { InstrumentId } from '@nws/core';
import { parseOhlcvCsv, parseTimestamp, timestampsFromMicros } from '@nws/features';

export interface BarSeries {
  /** `SYMBOL.VENUE`. */
  instrumentId: string;
  /** Bar spec text, e.g. `1d`, `1m`. */
  barSpec: string;
  /** Bar OPEN times, epoch ms UTC, strictly increasing. */
  ts: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** Columns as TimeSeriesStore.readBars returns them (timestamps in epoch µs). */
export interface StoredBarColumns {
  tsUs: BigInt64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

const PRICE_COLUMNS = ['open', 'high', 'low', 'close'] as const;

function invalid(message: string): NwsError {
  return new NwsError(ErrorCode.InvalidArgument, message);
}

/** Rows one call of `firstBadRow` checks: see checkBarSeries. */
const CHECK_CHUNK = 16_384;

/**
 * The first row in [from, to) with a time or price that is not finite, or a time not after the
 * row before; -1 when there is none.
 */
function firstBadRow(series: BarSeries, from: number, to: number): number {
  const { ts, open, high, low, close } = series;
  let previous = from === 0 ? Number.NEGATIVE_INFINITY : ts[from - 1]!;
  for (let row = from; row < to; row++) {
    const time = ts[row]!;
    // x - x is 0 for finite x and NaN for NaN or ±Infinity, so one test covers the time and all four prices.
    if (time - time + (open[row]! - open[row]!) + (high[row]! - high[row]!) + (low[row]! - low[row]!) + (close[row]! - close[row]!) !== 0) return row;
    if (!(time > previous)) return row;
    previous = time;
  }
  return -1;
}

/** The error for `row`, which firstBadRow found. */
function badRowError(series: BarSeries, name: string, row: number): NwsError {
  const column = (['ts', ...PRICE_COLUMNS] as const).find((field) => !Number.isFinite(series[field][row]));
  if (column !== undefined) return invalid(`${name}: row ${row} ${column} is ${series[column][row]}`);
  return invalid(`${name}: row ${row} time ${new Date(series.ts[row]!).toISOString()} is not after the row before; bars must be in strictly increasing time`);
}

/** Checks lengths, ids and time order; throws INVALID_ARGUMENT naming the series and the first bad row. */
export function checkBarSeries(series: BarSeries): BarSeries {
  const name = `bars of ${series.instrumentId}`;
  parseInstrumentId(series.instrumentId);
  parseBarSpec(series.barSpec);
  const length = series.ts.length;
  for (const column of [...PRICE_COLUMNS, 'volume'] as const) {
    if (series[column].length !== length) throw invalid(`${name}: ${column} has ${series[column].length} values, ts has ${length}`);
  }
  // In chunks: one call over 10M rows would run in code compiled on the fly for the loop (OSR),
  // which boxed a number per row and took twice as long; a function called per chunk is
  // compiled whole after a few chunks.
  for (let from = 0; from < length; from += CHECK_CHUNK) {
    const bad = firstBadRow(series, from, Math.min(length, from + CHECK_CHUNK));
    if (bad >= 0) throw badRowError(series, name, bad);
  }
  return series;
}

/**
 * Bars from OHLCV CSV text: Yahoo (`Date,Open,High,Low,Close,Adj Close,Volume`) or backtrader
 * (`Date,Open,High,Low,Close,Volume,OpenInterest`) layouts, any header case. A missing volume
 * column reads as 0. Rows are sorted by time if the file is newest first (Yahoo exports).
 */
export function barSeriesFromCsv(text: string, instrumentId: string, barSpec = '1d'): BarSeries {
  const hasVolume = /^[^\n]*\bvolume\b/i.test(text.replace(/^\uFEFF/, '').trimStart());
  const table = parseOhlcvCsv(text, hasVolume ? [...PRICE_COLUMNS, 'volume'] : [...PRICE_COLUMNS]);
  const ts = Float64Array.from(table.index, (cell) => parseTimestamp(cell));
  const columns = {
    open: table.columns.open!,
    high: table.columns.high!,
    low: table.columns.low!,
    close: table.columns.close!,
    volume: table.columns.volume ?? new Float64Array(ts.length),
  };
  const newestFirst = ts.length > 1 && ts[0]! > ts[ts.length - 1]!;
  const series: BarSeries = newestFirst
    ? {
        instrumentId,
        barSpec,
        ts: ts.slice().reverse(),
        open: columns.open.slice().reverse(),
        high: columns.high.slice().reverse(),
        low: columns.low.slice().reverse(),
        close: columns.close.slice().reverse(),
        volume: columns.volume.slice().reverse(),
      }
    : { instrumentId, barSpec, ts, ...columns };
  return checkBarSeries(series);
}

/** Bars read from the DuckDB store (µs timestamps) as a series (ms timestamps). */
export function barSeriesFromStoredColumns(columns: StoredBarColumns, instrumentId: string, barSpec: string): BarSeries {
  const ts = timestampsFromMicros(columns.tsUs);
  return checkBarSeries({ instrumentId, barSpec, ts, open: columns.open, high: columns.high, low: columns.low, close: columns.close, volume: columns.volume });
}

/** The part of TimeSeriesStore a backtest reads (kept structural, so tests and workers need no DuckDB). */
export interface BarColumnsReader {
  readBars(request: { instrumentId: string; barType: string; fromUs?: bigint; toUs?: bigint }): Promise<StoredBarColumns>;
}

export interface StoredSeriesRequest {
  instrumentId: string;
  barSpec: string;
  /** Inclusive, epoch ms. */
  fromMs?: number;
  /** Exclusive, epoch ms. */
  toMs?: number;
}

/** Loads each requested series from the store. */
export async function loadBarSeriesFromStore(reader: BarColumnsReader, requests: readonly StoredSeriesRequest[]): Promise<BarSeries[]> {
  const loaded: BarSeries[] = [];
  for (const request of requests) {
    const columns = await reader.readBars({
      instrumentId: request.instrumentId,
      barType: request.barSpec,
      ...(request.fromMs === undefined ? {} : { fromUs: BigInt(request.fromMs) * 1000n }),
      ...(request.toMs === undefined ? {} : { toUs: BigInt(request.toMs) * 1000n }),
    });
    loaded.push(barSeriesFromStoredColumns(columns, request.instrumentId, request.barSpec));
  }
  return loaded;
}

/** `data/2006-day-001.txt` → `2006-DAY-001.SIM`: the file name, upper-cased, on venue SIM. */
export function instrumentIdForFile(path: string, venue = 'SIM'): InstrumentId {
  const file = path.split(/[\\/]/).pop() ?? path;
  const stem = file.replace(/\.[^.]+$/, '').toUpperCase().replace(/[^A-Z0-9._\-^=+&:]/g, '_').replace(/^[^A-Z0-9]+/, '');
  return parseInstrumentId(`${stem === '' ? 'DATA' : stem}.${venue}`);
}

/**
 * The rows of a bar or tick series with fromMs ≤ ts < toMs: views (`subarray`) of every column,
 * no copy, so a slice of a shared series stays shared.
 */
export function sliceSeries<S extends { readonly ts: Float64Array }>(series: S, fromMs: number, toMs: number): S {
  const start = lowerBound(series.ts, fromMs);
  const end = lowerBound(series.ts, toMs);
  const sliced: Record<string, unknown> = { ...series };
  for (const [name, column] of Object.entries(series)) if (column instanceof Float64Array) sliced[name] = column.subarray(start, end);
  return sliced as S;
}

function lowerBound(values: Float64Array, target: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return low;
}
