import { ErrorCode, NwsError, formatBarSpec, instrumentIdProblem, parseBarSpec } from '@nws/core';
import type { InstrumentId } from '@nws/core';

/**
 * Bars of one series as columns, row i across all arrays is one bar. `tsUs` is the bar's OPEN
 * time in epoch MICROseconds (DuckDB's native TIMESTAMP), strictly increasing. On read,
 * `openInterest` and `adjClose` are each present only when at least one bar in the result has
 * one; a bar without one reads as NaN.
 */
export interface BarColumns {
  tsUs: BigInt64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** NaN marks a bar without open interest (stored as NULL). */
  openInterest?: Float64Array;
  /** Close adjusted for splits and dividends (Yahoo's Adj Close); NaN marks a bar without one. */
  adjClose?: Float64Array;
}

/** Names a bar series: the instrument and its bar spec (`1m`, `5m`, `1d`; see core `BarSpec`). */
export interface BarSeriesKey {
  instrumentId: string;
  barType: string;
}

export interface CheckedSeriesKey {
  instrumentId: InstrumentId;
  /** Normalised spec text, e.g. `5m`. */
  barType: string;
}

export const PRICE_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;
/** Optional columns, stored NULL where the array holds NaN; in `bar_data` order after volume. */
export const NULLABLE_COLUMNS = ['openInterest', 'adjClose'] as const;
export type NullableColumn = (typeof NULLABLE_COLUMNS)[number];

/** Oldest and newest bar open time storage accepts: 1800-01-01 and 2300-01-01 UTC, in µs. */
export const MIN_TS_US = -5_364_662_400_000_000n;
export const MAX_TS_US = 10_413_792_000_000_000n;

export function checkSeriesKey(key: BarSeriesKey): CheckedSeriesKey {
  if (typeof key !== 'object' || key === null) throw invalid('series key must be an object { instrumentId, barType }');
  const problem = instrumentIdProblem(key.instrumentId);
  if (problem !== undefined) throw invalid(`instrumentId: ${problem}`);
  if (typeof key.barType !== 'string') throw invalid(`barType must be a bar spec string such as '1m', got ${typeof key.barType}`);
  const spec = parseBarSpec(key.barType);
  return { instrumentId: key.instrumentId as InstrumentId, barType: formatBarSpec(spec) };
}

/** Checks array types and lengths; returns the row count. Values are checked per slice later. */
export function checkColumnShapes(columns: BarColumns): number {
  if (typeof columns !== 'object' || columns === null) throw invalid('bar columns must be an object of typed arrays');
  if (!(columns.tsUs instanceof BigInt64Array)) throw invalid('tsUs must be a BigInt64Array of epoch microseconds');
  const rows = columns.tsUs.length;
  for (const name of PRICE_COLUMNS) {
    const column: unknown = columns[name];
    if (!(column instanceof Float64Array)) throw invalid(`${name} must be a Float64Array`);
    if (column.length !== rows) throw invalid(`${name} has ${column.length} values but tsUs has ${rows}`);
  }
  for (const name of NULLABLE_COLUMNS) {
    const column: unknown = columns[name];
    if (column === undefined) continue;
    if (!(column instanceof Float64Array)) throw invalid(`${name} must be a Float64Array when given`);
    if (column.length !== rows) throw invalid(`${name} has ${column.length} values but tsUs has ${rows}`);
  }
  if (rows > 0) {
    checkTsBound(columns.tsUs[0], 0);
    checkTsBound(columns.tsUs[rows - 1], rows - 1);
  }
  return rows;
}

export function checkTsBound(tsUs: bigint, index: number): void {
  if (tsUs < MIN_TS_US || tsUs > MAX_TS_US) {
    throw new NwsError(
      ErrorCode.InvalidValue,
      `tsUs[${index}] = ${tsUs} is outside 1800-01-01..2300-01-01; timestamps must be epoch MICROseconds`,
      { column: 'tsUs', index, value: String(tsUs) },
    );
  }
}

/**
 * Reads int64 timestamps as two int32 halves so the hot loop compares plain numbers instead of
 * allocating a BigInt per element. Little-endian: element i is (lo = u32[2i], hi = i32[2i+1]).
 */
export class TsHalves {
  readonly lo: Uint32Array;
  readonly hi: Int32Array;

  constructor(tsUs: BigInt64Array) {
    this.lo = new Uint32Array(tsUs.buffer, tsUs.byteOffset, tsUs.length * 2);
    this.hi = new Int32Array(tsUs.buffer, tsUs.byteOffset, tsUs.length * 2);
  }

  /** Index of the first i in (start, end) with ts[i] <= ts[i-1], or -1 when strictly increasing. */
  firstNotIncreasing(start: number, end: number): number {
    const { lo, hi } = this;
    for (let i = Math.max(start, 1); i < end; i++) {
      const h = hi[2 * i + 1];
      const previousHigh = hi[2 * i - 1];
      if (h < previousHigh || (h === previousHigh && lo[2 * i] <= lo[2 * i - 2])) return i;
    }
    return -1;
  }
}

/**
 * Storage is a boundary: it refuses what would make stored bars ambiguous or poison every later
 * calculation, and trusts the rest (OHLC consistency is the quality checks' job, see core
 * `validateBar`). Checked per slice, right before the slice is copied, while it is in cache.
 */
export function checkSlice(columns: BarColumns, halves: TsHalves, start: number, end: number): void {
  const unordered = halves.firstNotIncreasing(start, end);
  if (unordered >= 0) {
    const previous = columns.tsUs[unordered - 1];
    const current = columns.tsUs[unordered];
    const problem = current === previous ? 'repeats' : 'is before';
    throw new NwsError(
      ErrorCode.InvalidValue,
      `tsUs[${unordered}] = ${current} ${problem} tsUs[${unordered - 1}] = ${previous}; bar times must be strictly increasing`,
      { column: 'tsUs', index: unordered },
    );
  }
  for (const name of PRICE_COLUMNS) {
    const column = columns[name];
    for (let i = start; i < end; i++) {
      const value = column[i];
      // value - value is 0 for every finite number and NaN for NaN and ±Infinity.
      if (value - value !== 0) throw badValue(name, i, value, 'is not a finite number');
    }
  }
  const volume = columns.volume;
  for (let i = start; i < end; i++) if (volume[i] < 0) throw badValue('volume', i, volume[i], 'is negative');
  for (const name of NULLABLE_COLUMNS) {
    const column = columns[name];
    if (column === undefined) continue;
    for (let i = start; i < end; i++) {
      const value = column[i];
      // NaN is allowed: it means "none" and is stored as NULL.
      if (value === Infinity || value === -Infinity) throw badValue(name, i, value, 'is not finite (use NaN for none)');
      if (value < 0) throw badValue(name, i, value, 'is negative');
    }
  }
}

function badValue(column: string, index: number, value: number, problem: string): NwsError {
  return new NwsError(ErrorCode.InvalidValue, `${column}[${index}] = ${value} ${problem}`, { column, index, value: String(value) });
}

function invalid(message: string): NwsError {
  return new NwsError(ErrorCode.InvalidArgument, message);
}

export function emptyBarColumns(): BarColumns {
  return {
    tsUs: new BigInt64Array(0),
    open: new Float64Array(0),
    high: new Float64Array(0),
    low: new Float64Array(0),
    close: new Float64Array(0),
    volume: new Float64Array(0),
  };
}
