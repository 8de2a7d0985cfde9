import { DuckDBInstance, DuckDBTimestampValue, type DuckDBAppender } from '@duckdb/node-api';
import { ErrorCode, NwsError, formatBarSpec, parseBarSpec, type BarSpec } from '@nws/core';
import type { BarColumns, BarSeriesInfo, QueryParam, TimeSeriesStore } from '@nws/storage';
import { canResample, isCalendarSpec, specMs } from '../bar-step.js';
import { queryResampled, resampleQuery, type SessionSpec } from '../resample/resample.js';

export const EXPORT_FORMATS = ['csv', 'json', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface BarsRequest {
  instrumentId: string;
  /** Bar spec wanted; built on the fly from a finer stored series when not stored itself. */
  barType: string;
  /** Bars with open time in [fromUs, toUs), epoch µs. */
  fromUs?: bigint;
  toUs?: bigint;
  /** Trading-day boundaries when resampling (see SessionSpec). */
  session?: SessionSpec;
}

export interface LoadedBars {
  columns: BarColumns;
  barType: string;
  /** The stored bar spec they were built from, when resampled. */
  resampledFrom?: string;
}

/** Where text output goes: stdout, a file stream, a test buffer. */
export interface TextSink {
  write(text: string): void | Promise<void>;
}

const DAY_US = 86_400_000_000n;
/** Longest bucket (a month) plus a day each side for session shifts. */
const RESAMPLE_MARGIN_US = 33n * DAY_US;

/**
 * The bars of a series exactly as stored, or resampled from the coarsest stored series that can
 * build them. NOT_FOUND names what is stored when nothing fits.
 */
export async function loadBars(store: TimeSeriesStore, request: BarsRequest): Promise<LoadedBars> {
  const plan = await planBars(store, request);
  if (plan.source === undefined) {
    const columns = await store.readBars({ instrumentId: request.instrumentId, barType: plan.barType, ...range(request) });
    return { columns, barType: plan.barType };
  }
  const query = widenedResampleQuery(request, plan.source, plan.barType);
  const columns = keepRange(await queryResampled(store, query), request);
  return { columns, barType: plan.barType, resampledFrom: plan.source };
}

interface BarsPlan {
  barType: string;
  /** Stored spec to resample from; absent when the wanted spec is stored. */
  source?: string;
}

async function planBars(store: TimeSeriesStore, request: BarsRequest): Promise<BarsPlan> {
  const wanted = parseBarSpec(request.barType);
  const barType = formatBarSpec(wanted);
  const stored = (await store.listSeries()).filter((series) => series.instrumentId === request.instrumentId);
  if (stored.some((series) => series.barType === barType)) return { barType };
  const sources = stored
    .map((series) => parseBarSpec(series.barType))
    .filter((spec) => canResample(spec, wanted))
    .sort((a, b) => specMs(b) - specMs(a));
  if (sources.length === 0) throw notStored(request.instrumentId, barType, stored);
  return { barType, source: formatBarSpec(sources[0]!) };
}

function notStored(instrumentId: string, barType: string, stored: BarSeriesInfo[]): NwsError {
  const have = stored.length === 0 ? 'nothing is stored for it' : `stored: ${stored.map((series) => series.barType).join(', ')}`;
  return new NwsError(ErrorCode.NotFound, `no ${barType} bars for ${instrumentId} and none finer to build them from (${have})`, { instrumentId, barType });
}

function range(request: BarsRequest): { fromUs?: bigint; toUs?: bigint } {
  return { ...(request.fromUs === undefined ? {} : { fromUs: request.fromUs }), ...(request.toUs === undefined ? {} : { toUs: request.toUs }) };
}

/** Reads source bars a bucket beyond each bound, so the first and last buckets are complete. */
function widenedResampleQuery(request: BarsRequest, source: string, target: string) {
  return resampleQuery({
    instrumentId: request.instrumentId,
    source,
    target,
    ...(request.fromUs === undefined ? {} : { fromUs: request.fromUs }),
    ...(request.toUs === undefined ? {} : { toUs: request.toUs + RESAMPLE_MARGIN_US }),
    ...(request.session ? { session: request.session } : {}),
  });
}

/** Keeps bars whose open time is in [fromUs, toUs). */
function keepRange(columns: BarColumns, request: BarsRequest): BarColumns {
  const { fromUs, toUs } = request;
  if (fromUs === undefined && toUs === undefined) return columns;
  let start = 0;
  let end = columns.tsUs.length;
  while (start < end && fromUs !== undefined && columns.tsUs[start]! < fromUs) start++;
  while (end > start && toUs !== undefined && columns.tsUs[end - 1]! >= toUs) end--;
  const cut = <T extends BigInt64Array | Float64Array>(column: T) => column.subarray(start, end) as T;
  const result: BarColumns = { tsUs: cut(columns.tsUs), open: cut(columns.open), high: cut(columns.high), low: cut(columns.low), close: cut(columns.close), volume: cut(columns.volume) };
  if (columns.openInterest) result.openInterest = cut(columns.openInterest);
  if (columns.adjClose) result.adjClose = cut(columns.adjClose);
  return result;
}

const ROWS_PER_WRITE = 10_000;

/**
 * Writes bars as CSV the importer reads back to the same values: `Date` is `YYYY-MM-DD` for
 * daily and coarser bars at midnight UTC, ISO 8601 UTC otherwise; numbers in their shortest
 * exact form; Adj Close (in Yahoo's place, before Volume) and OpenInterest only when stored
 * (empty where a bar has none), so an imported Yahoo file comes back in its own layout.
 */
export async function writeBarsCsv(columns: BarColumns, spec: BarSpec, sink: TextSink): Promise<void> {
  const datesOnly = isCalendarSpec(spec) && columns.tsUs.every((ts) => ts % DAY_US === 0n);
  const { openInterest, adjClose } = columns;
  await sink.write(`Date,Open,High,Low,Close,${adjClose ? 'Adj Close,' : ''}Volume${openInterest ? ',OpenInterest' : ''}\n`);
  for (let start = 0; start < columns.tsUs.length; start += ROWS_PER_WRITE) {
    const lines: string[] = [];
    const end = Math.min(columns.tsUs.length, start + ROWS_PER_WRITE);
    for (let index = start; index < end; index++) {
      const time = formatTime(columns.tsUs[index]!, datesOnly);
      const adjusted = adjClose ? `${optionalNumber(adjClose[index]!)},` : '';
      const prices = `${columns.open[index]},${columns.high[index]},${columns.low[index]},${columns.close[index]},${adjusted}${columns.volume[index]}`;
      const interest = openInterest ? `,${optionalNumber(openInterest[index]!)}` : '';
      lines.push(`${time},${prices}${interest}\n`);
    }
    await sink.write(lines.join(''));
  }
}

/** A nullable column's cell: empty for NaN (none). */
function optionalNumber(value: number): string {
  return Number.isNaN(value) ? '' : String(value);
}

/** Writes bars as a JSON array, one bar per line: `ts` epoch ms (the bar's open), `time` ISO 8601. */
export async function writeBarsJson(columns: BarColumns, sink: TextSink): Promise<void> {
  await sink.write('[');
  for (let start = 0; start < columns.tsUs.length; start += ROWS_PER_WRITE) {
    const lines: string[] = [];
    const end = Math.min(columns.tsUs.length, start + ROWS_PER_WRITE);
    for (let index = start; index < end; index++) {
      const bar: Record<string, number | string> = {
        ts: Number(columns.tsUs[index]! / 1000n),
        time: formatTime(columns.tsUs[index]!, false),
        open: columns.open[index]!,
        high: columns.high[index]!,
        low: columns.low[index]!,
        close: columns.close[index]!,
        volume: columns.volume[index]!,
      };
      const adjusted = columns.adjClose?.[index];
      if (adjusted !== undefined && !Number.isNaN(adjusted)) bar.adjClose = adjusted;
      const interest = columns.openInterest?.[index];
      if (interest !== undefined && !Number.isNaN(interest)) bar.openInterest = interest;
      lines.push(`${index === 0 ? '' : ','}\n${JSON.stringify(bar)}`);
    }
    await sink.write(lines.join(''));
  }
  await sink.write(columns.tsUs.length === 0 ? ']\n' : '\n]\n');
}

/**
 * Writes the bars to a Parquet file inside DuckDB (COPY ... TO), stored or resampled on the fly,
 * with columns ts, open, high, low, close, volume, open_interest, and adj_close when the series has
 * any. Returns the rows written.
 */
export async function writeBarsParquet(store: TimeSeriesStore, request: BarsRequest, path: string): Promise<{ rows: number; barType: string; resampledFrom?: string }> {
  const plan = await planBars(store, request);
  const target = `'${path.replace(/'/g, "''")}'`;
  const adjusted = await hasAdjClose(store, request.instrumentId, plan.source ?? plan.barType);
  const columns = `open, high, low, close, volume, open_interest${adjusted ? ', adj_close' : ''}`;
  let select: string;
  let params: QueryParam[];
  if (plan.source === undefined) {
    params = [request.instrumentId, plan.barType];
    const filters = ['instrument_id = $1', 'bar_type = $2', ...timeFilters(request, params, 'ts')];
    select = `SELECT ts, ${columns} FROM bars WHERE ${filters.join(' AND ')} ORDER BY ts`;
  } else {
    const query = widenedResampleQuery(request, plan.source, plan.barType);
    params = [...query.params];
    const filters = timeFilters(request, params, 'ts');
    select = `SELECT make_timestamp(ts_us) AS ts, ${columns} FROM (${query.sql})
      ${filters.length > 0 ? `WHERE ${filters.join(' AND ')}` : ''} ORDER BY ts`;
  }
  const rows = await store.query(`COPY (${select}) TO ${target} (FORMAT parquet)`, params);
  const count = Number((rows[0]?.Count as bigint | number | undefined) ?? 0);
  return { rows: count, barType: plan.barType, ...(plan.source ? { resampledFrom: plan.source } : {}) };
}

/**
 * Writes bars already in memory (e.g. fetched from a running Host) to a Parquet file with the
 * columns writeBarsParquet gives, through a private in-memory DuckDB. Returns the rows written.
 */
export async function writeColumnsParquet(columns: BarColumns, path: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  try {
    const connection = await instance.connect();
    try {
      const adjusted = columns.adjClose !== undefined;
      await connection.run(
        `CREATE TABLE bars (ts TIMESTAMP, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE, open_interest DOUBLE${adjusted ? ', adj_close DOUBLE' : ''})`,
      );
      const appender = await connection.createAppender('bars');
      appendColumns(appender, columns);
      appender.closeSync();
      await connection.run(`COPY (SELECT * FROM bars ORDER BY ts) TO '${path.replace(/'/g, "''")}' (FORMAT parquet)`);
      return columns.tsUs.length;
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

function appendColumns(appender: DuckDBAppender, columns: BarColumns): void {
  const appendNullable = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? appender.appendNull() : appender.appendDouble(value));
  for (let index = 0; index < columns.tsUs.length; index++) {
    appender.appendTimestamp(new DuckDBTimestampValue(columns.tsUs[index]!));
    for (const name of ['open', 'high', 'low', 'close', 'volume'] as const) appender.appendDouble(columns[name][index]!);
    appendNullable(columns.openInterest?.[index]);
    if (columns.adjClose) appendNullable(columns.adjClose[index]);
    appender.endRow();
  }
}

async function hasAdjClose(store: TimeSeriesStore, instrumentId: string, barType: string): Promise<boolean> {
  const rows = await store.query('SELECT count(adj_close) AS n FROM bars WHERE instrument_id = $1 AND bar_type = $2', [instrumentId, barType]);
  return Number(rows[0]?.n ?? 0) > 0;
}

function timeFilters(request: BarsRequest, params: QueryParam[], column: string): string[] {
  const filters: string[] = [];
  if (request.fromUs !== undefined) {
    params.push(request.fromUs);
    filters.push(`${column} >= make_timestamp($${params.length}::BIGINT)`);
  }
  if (request.toUs !== undefined) {
    params.push(request.toUs);
    filters.push(`${column} < make_timestamp($${params.length}::BIGINT)`);
  }
  return filters;
}

/** `2024-01-02` (dates only) or `2024-01-02T14:30:00Z`, with `.ffffff` when there are microseconds. */
export function formatTime(tsUs: bigint, dateOnly: boolean): string {
  const micros = ((tsUs % 1_000_000n) + 1_000_000n) % 1_000_000n;
  const iso = new Date(Number((tsUs - micros) / 1000n)).toISOString();
  if (dateOnly) return iso.slice(0, 10);
  return micros === 0n ? `${iso.slice(0, 19)}Z` : `${iso.slice(0, 19)}.${String(micros).padStart(6, '0')}Z`;
}
