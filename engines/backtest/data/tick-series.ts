/**
 * One instrument's quote ticks (top of book) or trade ticks as columns: the tick counterpart of
 * BarSeries. Plain typed arrays, so a series crosses to a worker thread unchanged.
 */
import { ErrorCode, NwsError, parseInstrumentId } from '@nws/core';
import { parseOhlcvCsv, parseTimestamp, timestampsFromMicros } from '@nws/features';

export interface QuoteTickSeries {
  kind: 'quotes';
  /** `SYMBOL.VENUE`. */
  instrumentId: string;
  /** Epoch ms UTC, non-decreasing (several ticks may share a millisecond). */
  ts: Float64Array;
  bid: Float64Array;
  ask: Float64Array;
  /** Displayed sizes at the bid and ask (0 when the data has none: nobody queues ahead). */
  bidSize: Float64Array;
  askSize: Float64Array;
}

export interface TradeTickSeries {
  kind: 'trades';
  instrumentId: string;
  /** Epoch ms UTC, non-decreasing. */
  ts: Float64Array;
  price: Float64Array;
  size: Float64Array;
}

export type TickSeries = QuoteTickSeries | TradeTickSeries;

function invalid(message: string): NwsError {
  return new NwsError(ErrorCode.InvalidArgument, message);
}

const COLUMNS = { quotes: ['bid', 'ask', 'bidSize', 'askSize'], trades: ['price', 'size'] } as const;

/** Checks lengths, ids, time order and values; throws INVALID_ARGUMENT naming the series and the first bad row. */
export function checkTickSeries(series: TickSeries): TickSeries {
  const name = `${series.kind} of ${series.instrumentId}`;
  if (series.kind !== 'quotes' && series.kind !== 'trades') throw invalid(`tick series kind must be quotes or trades, got ${String((series as { kind: unknown }).kind)}`);
  parseInstrumentId(series.instrumentId);
  const length = series.ts.length;
  const columns = series as unknown as Record<string, Float64Array>;
  for (const column of COLUMNS[series.kind]) {
    if (columns[column]?.length !== length) throw invalid(`${name}: ${column} has ${columns[column]?.length ?? 0} values, ts has ${length}`);
  }
  for (let row = 0; row < length; row++) {
    const ts = series.ts[row]!;
    if (!Number.isFinite(ts)) throw invalid(`${name}: row ${row} time is ${ts}`);
    if (row > 0 && ts < series.ts[row - 1]!) throw invalid(`${name}: row ${row} time ${new Date(ts).toISOString()} is before the row before; ticks must be in time order`);
    const problem = series.kind === 'quotes' ? quoteProblem(series, row) : tradeProblem(series, row);
    if (problem !== undefined) throw invalid(`${name}: row ${row} ${problem}`);
  }
  return series;
}

function quoteProblem(series: QuoteTickSeries, row: number): string | undefined {
  const bid = series.bid[row]!;
  const ask = series.ask[row]!;
  if (!Number.isFinite(bid) || !Number.isFinite(ask)) return `bid ${bid} / ask ${ask} must be finite`;
  if (bid > ask) return `bid ${bid} is above ask ${ask} (a crossed quote)`;
  const bidSize = series.bidSize[row]!;
  const askSize = series.askSize[row]!;
  if (!(bidSize >= 0) || !(askSize >= 0) || !Number.isFinite(bidSize + askSize)) return `sizes ${bidSize} / ${askSize} must be finite and not negative`;
  return undefined;
}

function tradeProblem(series: TradeTickSeries, row: number): string | undefined {
  const price = series.price[row]!;
  const size = series.size[row]!;
  if (!Number.isFinite(price)) return `price ${price} must be finite`;
  if (!(size > 0) || !Number.isFinite(size)) return `size ${size} must be a positive number`;
  return undefined;
}

/** Lower-cased header cells of the first non-empty line. */
function headerNames(text: string): string[] {
  const line = text.replace(/^\uFEFF/, '').split(/\r?\n/).find((candidate) => candidate.trim() !== '') ?? '';
  return line.split(',').map((cell) => cell.trim().replace(/^"|"$/g, '').toLowerCase());
}

/**
 * What a CSV holds, from its header: `quotes` (bid and ask columns), `trades` (price and size,
 * no open/close), otherwise `bars`.
 */
export function csvDataKind(text: string): 'bars' | 'quotes' | 'trades' {
  const names = new Set(headerNames(text));
  if (names.has('bid') && names.has('ask')) return 'quotes';
  if (names.has('price') && names.has('size') && !names.has('close') && !names.has('open')) return 'trades';
  return 'bars';
}

/**
 * Ticks from CSV text: `ts,bid,ask[,bid_size,ask_size]` (quotes; missing sizes read as 0) or
 * `ts,price,size` (trades). The time column may be named ts, time, timestamp, date or datetime
 * and holds ISO date-times or epoch seconds/milliseconds; any header case.
 */
export function tickSeriesFromCsv(text: string, instrumentId: string): TickSeries {
  const kind = csvDataKind(text);
  if (kind === 'bars') throw invalid(`not a tick CSV: expected columns ts,bid,ask[,bid_size,ask_size] or ts,price,size (header: ${headerNames(text).join(',')})`);
  if (kind === 'trades') {
    const table = parseOhlcvCsv(text, ['price', 'size']);
    const ts = Float64Array.from(table.index, (cell) => parseTimestamp(cell));
    return checkTickSeries({ kind, instrumentId, ts, price: table.columns.price!, size: table.columns.size! });
  }
  const names = headerNames(text);
  const hasSizes = names.includes('bid_size') && names.includes('ask_size');
  const table = parseOhlcvCsv(text, hasSizes ? ['bid', 'ask', 'bid_size', 'ask_size'] : ['bid', 'ask']);
  const ts = Float64Array.from(table.index, (cell) => parseTimestamp(cell));
  return checkTickSeries({
    kind,
    instrumentId,
    ts,
    bid: table.columns.bid!,
    ask: table.columns.ask!,
    bidSize: table.columns.bid_size ?? new Float64Array(ts.length),
    askSize: table.columns.ask_size ?? new Float64Array(ts.length),
  });
}

/** True for a tick series (it has a `kind`), false for a BarSeries. */
export function isTickSeries(series: object): series is TickSeries {
  return 'kind' in series && ((series as TickSeries).kind === 'quotes' || (series as TickSeries).kind === 'trades');
}

/** Ticks as the DuckDB store returns them (`TimeSeriesStore.readTicks`): epoch µs times. */
export type StoredTickColumns =
  | { kind: 'quotes'; tsUs: BigInt64Array; bid: Float64Array; ask: Float64Array; bidSize: Float64Array; askSize: Float64Array }
  | { kind: 'trades'; tsUs: BigInt64Array; price: Float64Array; size: Float64Array };

/** The part of TimeSeriesStore a tick backtest reads (structural, so tests and workers need no DuckDB). */
export interface TickColumnsReader {
  readTicks(request: { instrumentId: string; kind: 'quotes' | 'trades'; fromUs?: bigint; toUs?: bigint }): Promise<StoredTickColumns>;
}

export interface StoredTickRequest {
  instrumentId: string;
  kind: 'quotes' | 'trades';
  /** Inclusive, epoch ms. */
  fromMs?: number;
  /** Exclusive, epoch ms. */
  toMs?: number;
}

/**
 * Stored ticks (µs times) as a series (ms times, truncated: ticks within one millisecond keep
 * their stored order), checked like any tick series.
 */
export function tickSeriesFromStoredColumns(columns: StoredTickColumns, instrumentId: string): TickSeries {
  const ts = timestampsFromMicros(columns.tsUs);
  if (columns.kind === 'trades') return checkTickSeries({ kind: 'trades', instrumentId, ts, price: columns.price, size: columns.size });
  return checkTickSeries({ kind: 'quotes', instrumentId, ts, bid: columns.bid, ask: columns.ask, bidSize: columns.bidSize, askSize: columns.askSize });
}

/** Loads each requested tick series from the store. */
export async function loadTickSeriesFromStore(reader: TickColumnsReader, requests: readonly StoredTickRequest[]): Promise<TickSeries[]> {
  const loaded: TickSeries[] = [];
  for (const request of requests) {
    const columns = await reader.readTicks({
      instrumentId: request.instrumentId,
      kind: request.kind,
      ...(request.fromMs === undefined ? {} : { fromUs: BigInt(request.fromMs) * 1000n }),
      ...(request.toMs === undefined ? {} : { toUs: BigInt(request.toMs) * 1000n }),
    });
    loaded.push(tickSeriesFromStoredColumns(columns, request.instrumentId));
  }
  return loaded;
}
