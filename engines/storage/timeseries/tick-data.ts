// Quote ticks (top of book) and trade ticks (schema: migration 5, see migrations.ts). Unlike bars,
// several ticks may share a timestamp and their order matters (a quote update, then the trade
// against it), so each row carries `seq`, its place in the series, and reads order by (ts, seq).
// Writes copy whole 2048-row slices into DataChunks like bar-writer.ts; reads copy result vectors
// out in one piece like indicator-values.ts.
import duckdb from '@duckdb/node-bindings';
import { DuckDBBigIntType, DuckDBDataChunk, DuckDBDoubleType, DuckDBIntegerType, DuckDBTimestampType, DuckDBTimestampValue } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { ErrorCode, NwsError, instrumentIdProblem } from '@nws/core';
import type { InstrumentId } from '@nws/core';
import { TsHalves, checkTsBound } from './bar-columns.js';
import { seriesFilter } from './bar-reader.js';
import type { UsRange } from './bar-reader.js';
import { copiedBytes, copyInto } from './chunk-copy.js';

export const TICK_KINDS = ['quotes', 'trades'] as const;
export type TickKind = (typeof TICK_KINDS)[number];

/** Quote ticks as columns; row i across all arrays is one quote. `tsUs`: epoch µs, non-decreasing. */
export interface QuoteTickColumns {
  kind: 'quotes';
  tsUs: BigInt64Array;
  bid: Float64Array;
  ask: Float64Array;
  /** Displayed sizes at the bid and ask; 0 when the source has none. */
  bidSize: Float64Array;
  askSize: Float64Array;
}

/** Trade ticks as columns; `tsUs`: epoch µs, non-decreasing. */
export interface TradeTickColumns {
  kind: 'trades';
  tsUs: BigInt64Array;
  price: Float64Array;
  size: Float64Array;
}

export type TickColumns = QuoteTickColumns | TradeTickColumns;

/** Names a tick series: one instrument's quotes, or its trades. */
export interface TickSeriesKey {
  instrumentId: string;
  kind: TickKind;
}

export interface CheckedTickKey {
  instrumentId: InstrumentId;
  kind: TickKind;
}

export interface ReadTicksRequest extends TickSeriesKey {
  /** Inclusive lower bound, epoch µs. */
  fromUs?: bigint;
  /** EXCLUSIVE upper bound, epoch µs. */
  toUs?: bigint;
}

export interface IngestTicksResult {
  instrumentId: InstrumentId;
  kind: TickKind;
  /** Ticks written. */
  rows: number;
  /** Stored ticks deleted because the batch covered their time (policy `replace`). */
  replaced: number;
}

export interface TickSeriesInfo {
  instrumentId: InstrumentId;
  kind: TickKind;
  rows: number;
  /** Time of the first and last stored tick, epoch µs. */
  firstUs: bigint;
  lastUs: bigint;
}

interface TickLayout {
  table: string;
  /** Value columns in JavaScript (TickColumns keys) and in SQL, in table order. */
  columns: readonly string[];
  sqlColumns: readonly string[];
}

const LAYOUTS: Record<TickKind, TickLayout> = {
  quotes: { table: 'quote_tick_data', columns: ['bid', 'ask', 'bidSize', 'askSize'], sqlColumns: ['bid', 'ask', 'bid_size', 'ask_size'] },
  trades: { table: 'trade_tick_data', columns: ['price', 'size'], sqlColumns: ['price', 'size'] },
};

export const TICKS_MIGRATION_SQL = `
  CREATE SEQUENCE tick_series_id_seq START 1;
  CREATE TABLE tick_series (
    series_id INTEGER PRIMARY KEY DEFAULT nextval('tick_series_id_seq'),
    instrument_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL CHECK (kind IN ('quotes', 'trades')),
    row_count BIGINT NOT NULL DEFAULT 0,
    next_seq BIGINT NOT NULL DEFAULT 0,
    first_ts TIMESTAMP,
    last_ts TIMESTAMP,
    UNIQUE (instrument_id, kind)
  );
  CREATE TABLE quote_tick_data (
    series_id INTEGER NOT NULL,
    ts TIMESTAMP NOT NULL,
    seq BIGINT NOT NULL,
    bid DOUBLE NOT NULL,
    ask DOUBLE NOT NULL,
    bid_size DOUBLE NOT NULL,
    ask_size DOUBLE NOT NULL
  );
  CREATE TABLE trade_tick_data (
    series_id INTEGER NOT NULL,
    ts TIMESTAMP NOT NULL,
    seq BIGINT NOT NULL,
    price DOUBLE NOT NULL,
    size DOUBLE NOT NULL
  );
  CREATE VIEW quote_ticks AS
    SELECT s.instrument_id, d.ts, d.seq, d.bid, d.ask, d.bid_size, d.ask_size
    FROM quote_tick_data d JOIN tick_series s USING (series_id);
  CREATE VIEW trade_ticks AS
    SELECT s.instrument_id, d.ts, d.seq, d.price, d.size
    FROM trade_tick_data d JOIN tick_series s USING (series_id);
`;

/** The value columns of a batch, in table order (bid, ask, bidSize, askSize | price, size). */
function valueColumnsOf(columns: TickColumns): Float64Array[] {
  return columns.kind === 'quotes' ? [columns.bid, columns.ask, columns.bidSize, columns.askSize] : [columns.price, columns.size];
}

function invalid(message: string): NwsError {
  return new NwsError(ErrorCode.InvalidArgument, message);
}

function badValue(column: string, index: number, value: number | bigint, problem: string): NwsError {
  return new NwsError(ErrorCode.InvalidValue, `${column}[${index}] = ${value} ${problem}`, { column, index, value: String(value) });
}

export function describeTicks(key: CheckedTickKey): string {
  return `${key.instrumentId} ${key.kind}`;
}

export function checkTickKey(key: TickSeriesKey): CheckedTickKey {
  if (typeof key !== 'object' || key === null) throw invalid('tick series key must be an object { instrumentId, kind }');
  const problem = instrumentIdProblem(key.instrumentId);
  if (problem !== undefined) throw invalid(`instrumentId: ${problem}`);
  if (!TICK_KINDS.includes(key.kind)) throw invalid(`tick kind must be 'quotes' or 'trades', got ${JSON.stringify(key.kind)}`);
  return { instrumentId: key.instrumentId as InstrumentId, kind: key.kind };
}

/**
 * Checks types, lengths and the first and last time; returns the row count. Values are checked
 * slice by slice as they are appended (`checkTickSlice`), inside the write's transaction.
 */
export function checkTickShapes(columns: TickColumns): number {
  if (typeof columns !== 'object' || columns === null) throw invalid('tick columns must be an object of typed arrays');
  if (!TICK_KINDS.includes(columns.kind)) throw invalid(`tick columns kind must be 'quotes' or 'trades', got ${JSON.stringify(columns.kind)}`);
  if (!(columns.tsUs instanceof BigInt64Array)) throw invalid('tsUs must be a BigInt64Array of epoch microseconds');
  const rows = columns.tsUs.length;
  const values = columns as unknown as Record<string, unknown>;
  for (const name of LAYOUTS[columns.kind].columns) {
    const column = values[name];
    if (!(column instanceof Float64Array)) throw invalid(`${name} must be a Float64Array`);
    if (column.length !== rows) throw invalid(`${name} has ${column.length} values but tsUs has ${rows}`);
  }
  if (rows === 0) return 0;
  checkTsBound(columns.tsUs[0]!, 0);
  checkTsBound(columns.tsUs[rows - 1]!, rows - 1);
  return rows;
}

/**
 * Refuses, in rows [start, end), a time before the row above, a non-finite price or size, a
 * crossed quote (bid above ask), a negative displayed size, a trade of size 0 or less. The first
 * and last times are within 1800..2300 (checkTickShapes) and times never go back, so every time is.
 */
export function checkTickSlice(columns: TickColumns, halves: TsHalves, start: number, end: number): void {
  const decreasing = firstDecreasing(halves, start, end);
  if (decreasing >= 0) {
    throw badValue('tsUs', decreasing, columns.tsUs[decreasing]!, `is before tsUs[${decreasing - 1}] = ${columns.tsUs[decreasing - 1]}; tick times must not go back`);
  }
  const names = LAYOUTS[columns.kind].columns;
  valueColumnsOf(columns).forEach((column, index) => {
    const name = names[index]!;
    for (let row = start; row < end; row++) {
      const value = column[row]!;
      // value - value is 0 for every finite number and NaN for NaN and ±Infinity.
      if (value - value !== 0) throw badValue(name, row, value, 'is not a finite number');
    }
  });
  if (columns.kind === 'quotes') checkQuoteValues(columns, start, end);
  else checkTradeValues(columns, start, end);
}

function checkQuoteValues(columns: QuoteTickColumns, start: number, end: number): void {
  const { bid, ask, bidSize, askSize } = columns;
  for (let row = start; row < end; row++) {
    if (bid[row]! > ask[row]!) throw badValue('bid', row, bid[row]!, `is above ask ${ask[row]} (a crossed quote)`);
    if (bidSize[row]! < 0) throw badValue('bidSize', row, bidSize[row]!, 'is negative');
    if (askSize[row]! < 0) throw badValue('askSize', row, askSize[row]!, 'is negative');
  }
}

function checkTradeValues(columns: TradeTickColumns, start: number, end: number): void {
  const size = columns.size;
  for (let row = start; row < end; row++) if (!(size[row]! > 0)) throw badValue('size', row, size[row]!, 'must be positive');
}

/** Index of the first i in [start, end) with ts[i] < ts[i-1], or -1 when none goes back. */
function firstDecreasing({ lo, hi }: TsHalves, start: number, end: number): number {
  for (let i = Math.max(start, 1); i < end; i++) {
    const high = hi[2 * i + 1]!;
    const previousHigh = hi[2 * i - 1]!;
    if (high < previousHigh || (high === previousHigh && lo[2 * i]! < lo[2 * i - 2]!)) return i;
  }
  return -1;
}

interface StoredTickSeries {
  seriesId: number;
  nextSeq: bigint;
  lastUs: bigint | null;
}

/**
 * Writes one batch; must run inside the caller's transaction (a bad value or a failure part-way
 * leaves appended slices that only its ROLLBACK removes). Stored ticks inside the batch's [first,
 * last] are replaced, or with `reject` the batch is refused with CONFLICT.
 */
export async function writeTicks(
  connection: DuckDBConnection,
  key: CheckedTickKey,
  columns: TickColumns,
  rows: number,
  policy: 'replace' | 'reject',
): Promise<IngestTicksResult> {
  const stored = (await findTickSeries(connection, key)) ?? (await createTickSeries(connection, key));
  const layout = LAYOUTS[key.kind];
  const firstUs = columns.tsUs[0]!;
  const lastUs = columns.tsUs[rows - 1]!;
  // Anything but a pure append sets aside the stored ticks from the batch's first time on and puts
  // back those after its last time behind it, so each series stays in (ts, seq) order in the
  // table and a read needs no sort (readTicks checks, and sorts if it ever is not).
  const setAside = stored.lastUs !== null && firstUs <= stored.lastUs;
  if (setAside) await setAsideFrom(connection, layout.table, stored.seriesId, firstUs);
  const replaced = setAside ? await checkOverlap(connection, key, firstUs, lastUs, policy) : 0;
  await appendTicks(connection, stored, columns, rows);
  if (setAside) await putBackAfter(connection, layout.table, lastUs);
  await connection.run(
    `UPDATE tick_series SET row_count = row_count + $2::BIGINT, next_seq = next_seq + $3::BIGINT,
       first_ts = least(coalesce(first_ts, $4), $4), last_ts = greatest(coalesce(last_ts, $5), $5)
     WHERE series_id = $1::INTEGER`,
    [stored.seriesId, BigInt(rows - replaced), BigInt(rows), new DuckDBTimestampValue(firstUs), new DuckDBTimestampValue(lastUs)],
  );
  return { ...key, rows, replaced };
}

const SET_ASIDE_TABLE = 'nws_ticks_set_aside';

/** Moves the series' stored ticks at or after `fromUs` into a temporary table, in order (same transaction). */
async function setAsideFrom(connection: DuckDBConnection, table: string, seriesId: number, fromUs: bigint): Promise<void> {
  // An integer id we issued and a bigint, spliced because CREATE TABLE AS takes no bound parameters.
  const where = `series_id = ${Math.trunc(seriesId)} AND ts >= make_timestamp(${BigInt(fromUs)})`;
  await connection.run(`CREATE TEMP TABLE ${SET_ASIDE_TABLE} AS SELECT * FROM ${table} WHERE ${where} ORDER BY ts, seq`);
  await connection.run(`DELETE FROM ${table} WHERE ${where}`);
}

/** The set-aside ticks the batch covers: refused under `reject`, else counted as replaced. */
async function checkOverlap(connection: DuckDBConnection, key: CheckedTickKey, firstUs: bigint, lastUs: bigint, policy: 'replace' | 'reject'): Promise<number> {
  const inSpan = Number((await connection.runAndReadAll(`SELECT count(*) FROM ${SET_ASIDE_TABLE} WHERE ts <= make_timestamp(${BigInt(lastUs)})`)).getRows()[0]![0]);
  if (policy === 'reject' && inSpan > 0) {
    throw new NwsError(
      ErrorCode.Conflict,
      `${describeTicks(key)} already has ${inSpan} ticks between ${firstUs} and ${lastUs} µs; nothing was written (use onOverlap: 'replace' to overwrite)`,
      { existing: inSpan },
    );
  }
  return inSpan;
}

/** Appends the set-aside ticks after `lastUs` back behind the batch, in order, and drops the table. */
async function putBackAfter(connection: DuckDBConnection, table: string, lastUs: bigint): Promise<void> {
  await connection.run(`INSERT INTO ${table} SELECT * FROM ${SET_ASIDE_TABLE} WHERE ts > make_timestamp(${BigInt(lastUs)}) ORDER BY ts, seq`);
  await connection.run(`DROP TABLE ${SET_ASIDE_TABLE}`);
}

async function findTickSeries(connection: DuckDBConnection, key: CheckedTickKey): Promise<StoredTickSeries | undefined> {
  const reader = await connection.runAndReadAll('SELECT series_id, next_seq, epoch_us(last_ts) FROM tick_series WHERE instrument_id = $1 AND kind = $2', [
    key.instrumentId,
    key.kind,
  ]);
  const row = reader.getRows()[0];
  if (row === undefined) return undefined;
  return { seriesId: Number(row[0]), nextSeq: row[1] as bigint, lastUs: row[2] as bigint | null };
}

async function createTickSeries(connection: DuckDBConnection, key: CheckedTickKey): Promise<StoredTickSeries> {
  const reader = await connection.runAndReadAll('INSERT INTO tick_series (instrument_id, kind) VALUES ($1, $2) RETURNING series_id', [key.instrumentId, key.kind]);
  return { seriesId: Number(reader.getRows()[0]![0]), nextSeq: 0n, lastUs: null };
}

const KEY_TYPES: DuckDBType[] = [DuckDBIntegerType.instance, DuckDBTimestampType.instance, DuckDBBigIntType.instance];

/** Slices appended between turns of the event loop: about 65k ticks, tens of milliseconds. */
const SLICES_PER_TURN = 32;

/**
 * Checks and appends every slice. A long batch gives the event loop a turn now and then, so a
 * Host importing millions of ticks still answers its clients (the store stays held meanwhile).
 */
async function appendTicks(connection: DuckDBConnection, stored: StoredTickSeries, columns: TickColumns, rows: number): Promise<void> {
  const layout = LAYOUTS[columns.kind];
  const values = valueColumnsOf(columns);
  const halves = new TsHalves(columns.tsUs);
  const sliceSize = duckdb.vector_size();
  const seriesIds = new Int32Array(sliceSize).fill(stored.seriesId);
  const seqs = new BigInt64Array(sliceSize);
  const chunk = DuckDBDataChunk.create([...KEY_TYPES, ...values.map(() => DuckDBDoubleType.instance)]);
  const appender = await connection.createAppender(layout.table);
  try {
    for (let start = 0, slice = 1; start < rows; start += sliceSize, slice++) {
      const count = Math.min(rows, start + sliceSize) - start;
      checkTickSlice(columns, halves, start, start + count);
      for (let row = 0; row < count; row++) seqs[row] = stored.nextSeq + BigInt(start + row);
      chunk.reset();
      const raw = chunk.chunk;
      duckdb.data_chunk_set_size(raw, count);
      copyInto(raw, 0, seriesIds, 0, count);
      copyInto(raw, 1, columns.tsUs, start, count);
      copyInto(raw, 2, seqs, 0, count);
      values.forEach((column, index) => copyInto(raw, KEY_TYPES.length + index, column, start, count));
      appender.appendDataChunk(chunk);
      if (slice % SLICES_PER_TURN === 0) await nextTurn();
    }
    appender.flushSync();
  } finally {
    try {
      appender.closeSync();
    } catch {
      // Closing after a failed append may throw again; the caller's rollback discards the rows.
    }
  }
}

/** Result chunks copied between turns of the event loop (about 130k ticks). */
const READ_CHUNKS_PER_TURN = 64;

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Ticks of one series in [fromUs, toUs), in time then arrival order; undefined for an unknown series. */
export async function readTicks(connection: DuckDBConnection, key: CheckedTickKey, range: UsRange): Promise<TickColumns | undefined> {
  const stored = await findTickSeries(connection, key);
  if (stored === undefined) return undefined;
  const layout = LAYOUTS[key.kind];
  const { where, values } = seriesFilter(stored.seriesId, range);
  const select = `SELECT epoch_us(ts), seq, ${layout.sqlColumns.join(', ')} FROM ${layout.table} WHERE ${where}`;
  // Storage order is (ts, seq) order (writeTicks keeps it so): read without a sort, and sort only
  // if the rows ever came back otherwise.
  const unsorted = await collectTicks(connection, select, values, key.kind);
  if (unsorted.inOrder) return unsorted.columns;
  return (await collectTicks(connection, `${select} ORDER BY ts, seq`, values, key.kind)).columns;
}

/**
 * Runs `select` (ts, seq, then the layout's value columns) and copies the result into columns.
 * Materialised in one call, then read chunk by chunk synchronously: fetching a chunk at a time
 * costs an asynchronous round trip per 2048 rows, most of a large read. `inOrder` says whether
 * the rows came in (ts, seq) order.
 */
async function collectTicks(connection: DuckDBConnection, select: string, values: DuckDBValue[], kind: TickKind): Promise<{ columns: TickColumns; inOrder: boolean }> {
  const layout = LAYOUTS[kind];
  const result = await connection.run(select, values);
  const parts: Array<{ rows: number; tsUs: BigInt64Array; values: Float64Array[] }> = [];
  let total = 0;
  const order = new OrderCheck();
  for (let index = 0; index < result.chunkCount; index++) {
    if (index > 0 && index % READ_CHUNKS_PER_TURN === 0) await nextTurn();
    const chunk = result.getChunk(index);
    const rows = chunk.rowCount;
    if (rows === 0) continue;
    // Every column is NOT NULL, so a vector's data bytes alone are its values.
    const tsUs = new BigInt64Array(copiedBytes(chunk.chunk, 0, rows * 8), 0, rows);
    if (order.inOrder) order.check(tsUs, new BigInt64Array(copiedBytes(chunk.chunk, 1, rows * 8), 0, rows));
    parts.push({ rows, tsUs, values: layout.columns.map((_, column) => new Float64Array(copiedBytes(chunk.chunk, 2 + column, rows * 8), 0, rows)) });
    total += rows;
  }
  const tsUs = new BigInt64Array(total);
  const columns = layout.columns.map(() => new Float64Array(total));
  let offset = 0;
  for (const part of parts) {
    tsUs.set(part.tsUs, offset);
    columns.forEach((column, index) => column.set(part.values[index]!, offset));
    offset += part.rows;
  }
  return { columns: { kind, tsUs, ...Object.fromEntries(layout.columns.map((name, index) => [name, columns[index]!])) } as TickColumns, inOrder: order.inOrder };
}

/**
 * Follows (ts, seq) across the chunks of a read: `inOrder` stays true while every pair is above
 * the one before. Compares the 32-bit halves of each int64 (no BigInt per row): the high word
 * signed, the low word unsigned.
 */
class OrderCheck {
  inOrder = true;
  private last: [number, number, number, number] = [-Infinity, 0, -Infinity, 0];

  check(tsUs: BigInt64Array, seqs: BigInt64Array): void {
    const ts = new TsHalves(tsUs);
    const seq = new TsHalves(seqs);
    let [tsHigh, tsLow, seqHigh, seqLow] = this.last;
    for (let row = 0; row < tsUs.length; row++) {
      const high = ts.hi[2 * row + 1]!;
      const low = ts.lo[2 * row]!;
      const sHigh = seq.hi[2 * row + 1]!;
      const sLow = seq.lo[2 * row]!;
      const sameTime = high === tsHigh && low === tsLow;
      const timeBack = high < tsHigh || (high === tsHigh && low < tsLow);
      const seqNotUp = sHigh < seqHigh || (sHigh === seqHigh && sLow <= seqLow);
      if (timeBack || (sameTime && seqNotUp)) {
        this.inOrder = false;
        return;
      }
      tsHigh = high;
      tsLow = low;
      seqHigh = sHigh;
      seqLow = sLow;
    }
    this.last = [tsHigh, tsLow, seqHigh, seqLow];
  }
}

/** Every stored tick series with its row count and span, by instrument then kind. */
export async function listTickSeries(connection: DuckDBConnection): Promise<TickSeriesInfo[]> {
  const reader = await connection.runAndReadAll(
    `SELECT instrument_id, kind, row_count, epoch_us(first_ts), epoch_us(last_ts)
     FROM tick_series WHERE row_count > 0 ORDER BY instrument_id, kind`,
  );
  return reader.getRows().map((row) => ({
    instrumentId: row[0] as InstrumentId,
    kind: row[1] as TickKind,
    rows: Number(row[2]),
    firstUs: row[3] as bigint,
    lastUs: row[4] as bigint,
  }));
}

/** Deletes one tick series and its ticks; returns how many ticks went (0 if unknown). */
export async function deleteTickSeries(connection: DuckDBConnection, key: CheckedTickKey): Promise<number> {
  const stored = await findTickSeries(connection, key);
  if (stored === undefined) return 0;
  const deleted = await connection.run(`DELETE FROM ${LAYOUTS[key.kind].table} WHERE series_id = $1::INTEGER`, [stored.seriesId]);
  await connection.run('DELETE FROM tick_series WHERE series_id = $1::INTEGER', [stored.seriesId]);
  return deleted.rowsChanged;
}
