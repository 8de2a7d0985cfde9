// Reads the stored ticks a tick replay plays and merges them by time. Ticks at the same
// millisecond go series by series in request order (each instrument's kinds in the order given,
// instruments in the order given), then row order: the order of the backtest's MergedTickFeed
// over the same series, so a replay and a tick backtest hand the venue the same ticks in turn.
import { ErrorCode, NwsError, tradeId } from '@nws/core';
import type { InstrumentId, QuoteTick, TradeTick } from '@nws/core';
import type { TickColumns, TimeSeriesStore } from '@nws/storage';
import { MergedCursor, checkedInstrumentId, rangeText } from './replay-bars.js';
import type { ReplaySink } from './replay-bars.js';
import type { ReplayRequest, ReplayTickKind } from './replay-request.js';

/** One instrument's stored ticks of one kind over the replayed range; `ts` in epoch ms. */
export interface ReplayTickSeries {
  readonly instrumentId: InstrumentId;
  readonly ts: Float64Array;
  readonly columns: TickColumns;
}

/**
 * Stored ticks of every requested instrument and kind over [from, to). UNKNOWN_INSTRUMENT when an
 * instrument has no stored ticks of a requested kind (naming what it has); INVALID_ARGUMENT when
 * the range holds no tick at all.
 */
export async function loadReplayTicks(timeSeries: TimeSeriesStore, request: ReplayRequest, kinds: readonly ReplayTickKind[]): Promise<ReplayTickSeries[]> {
  const stored = await timeSeries.listTickSeries();
  const series: ReplayTickSeries[] = [];
  for (const raw of request.instrumentIds) {
    const instrumentId = checkedInstrumentId(raw);
    const has = stored.filter((one) => one.instrumentId === instrumentId).map((one) => one.kind);
    for (const kind of kinds) {
      if (!has.includes(kind)) {
        const what = has.length === 0 ? 'no stored ticks at all' : `stored ticks: ${has.join(', ')}`;
        throw new NwsError(ErrorCode.UnknownInstrument, `cannot replay ${instrumentId} ${kind}: ${what}`, { instrumentId, kind });
      }
      const columns = await timeSeries.readTicks({
        instrumentId,
        kind,
        ...(request.from === undefined ? {} : { fromUs: BigInt(request.from) * 1000n }),
        ...(request.to === undefined ? {} : { toUs: BigInt(request.to) * 1000n }),
      });
      series.push({ instrumentId, ts: millisOf(columns.tsUs), columns });
    }
  }
  if (series.every((one) => one.ts.length === 0)) {
    throw new NwsError(ErrorCode.InvalidArgument, `no stored ${kinds.join(' or ')} of ${request.instrumentIds.join(', ')} in ${rangeText(request, 'tick')}: nothing to replay`);
  }
  return series;
}

/** Epoch µs to epoch ms, truncated (as the backtest's tick loader does). */
function millisOf(tsUs: BigInt64Array): Float64Array {
  const ms = new Float64Array(tsUs.length);
  for (let row = 0; row < ms.length; row++) ms[row] = Number(tsUs[row]! / 1000n);
  return ms;
}

/** Stored ticks merged by time, in the tick backtest's order (see the top of this file). */
export function tickCursor(series: readonly ReplayTickSeries[]): MergedCursor<ReplayTickSeries> {
  return new MergedCursor(series, (one, row, sink) => emitTick(one, row, one.ts[row]!, sink));
}

function emitTick(one: ReplayTickSeries, row: number, ts: number, sink: ReplaySink): void {
  const columns = one.columns;
  if (columns.kind === 'quotes') {
    const quote: QuoteTick = { instrumentId: one.instrumentId, bid: columns.bid[row]!, ask: columns.ask[row]!, bidSize: columns.bidSize[row]!, askSize: columns.askSize[row]!, ts };
    sink.quote(quote);
    return;
  }
  // Trade ids name the series row, as in a tick backtest of the same range.
  const trade: TradeTick = { instrumentId: one.instrumentId, price: columns.price[row]!, size: columns.size[row]!, aggressorSide: 'NO_AGGRESSOR', tradeId: tradeId(`${one.instrumentId}-${row + 1}`), ts };
  sink.trade(trade);
}
