// `marketdata.bars`: one stored bar series as plain JSON columns for the renderer's charts.
// Storage keeps epoch microseconds in BigInt64Array; the protocol speaks epoch milliseconds.
import type { HandlerParams, HandlerResult } from '@nws/core';
import type { TimeSeriesStore } from '@nws/storage';

const MICROS_PER_MILLI = 1_000n;

export async function readBarsForProtocol(store: TimeSeriesStore, params: HandlerParams<'marketdata.bars'>): Promise<HandlerResult<'marketdata.bars'>> {
  const columns = await store.readBars({
    instrumentId: params.instrumentId,
    barType: params.barType,
    ...(params.from === undefined ? {} : { fromUs: BigInt(params.from) * MICROS_PER_MILLI }),
    ...(params.to === undefined ? {} : { toUs: BigInt(params.to) * MICROS_PER_MILLI }),
    limit: params.limit,
    // A chart wants the most recent bars of the range, not the oldest.
    fromEnd: true,
  });
  return {
    instrumentId: params.instrumentId,
    barType: params.barType,
    ts: Array.from(columns.tsUs, (us) => Number(us / MICROS_PER_MILLI)),
    open: Array.from(columns.open),
    high: Array.from(columns.high),
    low: Array.from(columns.low),
    close: Array.from(columns.close),
    volume: Array.from(columns.volume),
  };
}
