// `marketdata.bars`: one bar series as plain JSON columns for the renderer's charts and for
// `nws export` while a Host runs. Storage keeps epoch microseconds in BigInt64Array; the protocol
// speaks epoch milliseconds. A step that is not stored is resampled from a finer stored series.
import { ErrorCode, NwsError, type HandlerParams, type HandlerResult } from '@nws/core';
import { loadBars } from '@nws/marketdata';
import type { BarColumns, TimeSeriesStore } from '@nws/storage';

const MICROS_PER_MILLI = 1_000n;

export async function readBarsForProtocol(store: TimeSeriesStore, params: HandlerParams<'marketdata.bars'>): Promise<HandlerResult<'marketdata.bars'>> {
  const range = {
    ...(params.from === undefined ? {} : { fromUs: BigInt(params.from) * MICROS_PER_MILLI }),
    ...(params.to === undefined ? {} : { toUs: BigInt(params.to) * MICROS_PER_MILLI }),
  };
  const columns = await latestBars(store, params, range);
  return {
    instrumentId: params.instrumentId,
    barType: params.barType,
    ts: Array.from(columns.tsUs, (us) => Number(us / MICROS_PER_MILLI)),
    open: Array.from(columns.open),
    high: Array.from(columns.high),
    low: Array.from(columns.low),
    close: Array.from(columns.close),
    volume: Array.from(columns.volume),
    ...(columns.openInterest ? { openInterest: nullable(columns.openInterest) } : {}),
    ...(columns.adjClose ? { adjClose: nullable(columns.adjClose) } : {}),
  };
}

/** The last `limit` bars of the range: a chart wants the most recent bars, not the oldest. */
async function latestBars(store: TimeSeriesStore, params: HandlerParams<'marketdata.bars'>, range: { fromUs?: bigint; toUs?: bigint }): Promise<BarColumns> {
  try {
    return await store.readBars({ instrumentId: params.instrumentId, barType: params.barType, ...range, limit: params.limit, fromEnd: true });
  } catch (error) {
    if (!NwsError.is(error, ErrorCode.NotFound)) throw error;
  }
  // Not stored at this step: build it from a finer stored series (NOT_FOUND says what is stored).
  const loaded = await loadBars(store, { instrumentId: params.instrumentId, barType: params.barType, ...range, ...(params.session ? { session: params.session } : {}) });
  return lastRows(loaded.columns, params.limit);
}

function lastRows(columns: BarColumns, limit: number): BarColumns {
  const start = Math.max(0, columns.tsUs.length - limit);
  if (start === 0) return columns;
  const cut = <T extends BigInt64Array | Float64Array>(column: T) => column.subarray(start) as T;
  const result: BarColumns = { tsUs: cut(columns.tsUs), open: cut(columns.open), high: cut(columns.high), low: cut(columns.low), close: cut(columns.close), volume: cut(columns.volume) };
  if (columns.openInterest) result.openInterest = cut(columns.openInterest);
  if (columns.adjClose) result.adjClose = cut(columns.adjClose);
  return result;
}

/** JSON has no NaN: a bar without the value is null. */
function nullable(column: Float64Array): Array<number | null> {
  return Array.from(column, (value) => (Number.isNaN(value) ? null : value));
}
