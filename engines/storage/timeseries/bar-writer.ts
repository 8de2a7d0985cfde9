// Bulk append of bar columns through the DuckDB Appender. The node-api's per-value calls
// (appendDouble, endRow, ...) cross into native code once per value; here each 2048-row slice is
// copied into a DataChunk's vectors with one memcpy per column and the whole chunk is appended
// at once, so JavaScript touches each value only to validate it.
import duckdb from '@duckdb/node-bindings';
import { DuckDBDataChunk, DuckDBDoubleType, DuckDBIntegerType, DuckDBTimestampType } from '@duckdb/node-api';
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { NULLABLE_COLUMNS, PRICE_COLUMNS, TsHalves, checkSlice } from './bar-columns.js';
import type { BarColumns } from './bar-columns.js';
import { copyInto } from './chunk-copy.js';

/** Column order of `bar_data` (see migrations): the appender writes positionally. */
const BAR_DATA_TYPES = [
  DuckDBIntegerType.instance, // series_id
  DuckDBTimestampType.instance, // ts
  DuckDBDoubleType.instance, // open
  DuckDBDoubleType.instance, // high
  DuckDBDoubleType.instance, // low
  DuckDBDoubleType.instance, // close
  DuckDBDoubleType.instance, // volume
  DuckDBDoubleType.instance, // open_interest (NULL when absent)
  DuckDBDoubleType.instance, // adj_close (NULL when absent; migration 3)
];
/** Vector index of each nullable column, in NULLABLE_COLUMNS order. */
const FIRST_NULLABLE_COLUMN = 2 + PRICE_COLUMNS.length;

/**
 * Validates and appends `rows` bars to `bar_data` under `seriesId`. Must run inside the caller's
 * transaction: a validation failure part-way throws after earlier slices were appended, and only
 * the caller's ROLLBACK guarantees that nothing is written.
 */
export async function appendBars(connection: DuckDBConnection, seriesId: number, columns: BarColumns, rows: number): Promise<void> {
  const appender = await BarAppender.open(connection, seriesId);
  try {
    appender.append(columns, rows);
    appender.flush();
  } finally {
    appender.close();
  }
}

/**
 * One DuckDB appender on `bar_data` kept open over several batches of one series (a streamed
 * import appends a parsed block at a time). Same rule as `appendBars`: only inside the caller's
 * transaction, whose ROLLBACK discards whatever was appended before a failure.
 */
export class BarAppender {
  private readonly sliceSize = duckdb.vector_size();
  private readonly seriesIds: Int32Array;
  private readonly validity: ValidityMask;
  private readonly chunk = DuckDBDataChunk.create(BAR_DATA_TYPES);

  private constructor(private readonly appender: DuckDBAppender, seriesId: number) {
    this.seriesIds = new Int32Array(this.sliceSize).fill(seriesId);
    this.validity = new ValidityMask(this.sliceSize);
  }

  static async open(connection: DuckDBConnection, seriesId: number): Promise<BarAppender> {
    return new BarAppender(await connection.createAppender('bar_data'), seriesId);
  }

  /** Checks and appends `rows` bars, a 2048-row slice at a time (each slice checked right before its copy). */
  append(columns: BarColumns, rows: number): void {
    const halves = new TsHalves(columns.tsUs);
    for (let start = 0; start < rows; start += this.sliceSize) {
      const end = Math.min(rows, start + this.sliceSize);
      checkSlice(columns, halves, start, end);
      this.chunk.reset();
      fillChunk(this.chunk.chunk, this.seriesIds, columns, start, end, this.validity);
      this.appender.appendDataChunk(this.chunk);
    }
  }

  flush(): void {
    this.appender.flushSync();
  }

  close(): void {
    closeQuietly(this.appender);
  }
}

function fillChunk(
  raw: duckdb.DataChunk,
  seriesIds: Int32Array,
  columns: BarColumns,
  start: number,
  end: number,
  validity: ValidityMask,
): void {
  const count = end - start;
  duckdb.data_chunk_set_size(raw, count);
  copyInto(raw, 0, seriesIds, 0, count);
  copyInto(raw, 1, columns.tsUs, start, count);
  PRICE_COLUMNS.forEach((name, index) => copyInto(raw, 2 + index, columns[name], start, count));
  NULLABLE_COLUMNS.forEach((name, index) => fillNullable(raw, FIRST_NULLABLE_COLUMN + index, columns[name], start, count, validity));
}

/** Copies an optional column (NaN → NULL), or marks the whole slice NULL when it is absent. */
function fillNullable(raw: duckdb.DataChunk, column: number, values: Float64Array | undefined, start: number, count: number, validity: ValidityMask): void {
  if (values === undefined) {
    validity.setAllInvalid(count);
  } else {
    copyInto(raw, column, values, start, count);
    validity.setFromNaN(values, start, count);
  }
  // A fresh or reset chunk's vectors start all-valid; a mask is only written when a NULL exists.
  if (!validity.hasInvalid) return;
  const vector = duckdb.data_chunk_get_vector(raw, column);
  duckdb.vector_ensure_validity_writable(vector);
  duckdb.copy_data_to_vector_validity(vector, 0, validity.words.buffer as ArrayBuffer, 0, validity.byteLength(count));
}


/** DuckDB's validity layout: one bit per row, little-endian 64-bit words, 1 = valid. */
class ValidityMask {
  readonly words: Uint8Array;
  hasInvalid = false;

  constructor(capacity: number) {
    this.words = new Uint8Array(Math.ceil(capacity / 64) * 8);
  }

  byteLength(count: number): number {
    return Math.ceil(count / 64) * 8;
  }

  setAllInvalid(count: number): void {
    this.words.fill(0, 0, this.byteLength(count));
    this.hasInvalid = true;
  }

  setFromNaN(values: Float64Array, start: number, count: number): void {
    const words = this.words;
    words.fill(0xff, 0, this.byteLength(count));
    let hasInvalid = false;
    for (let row = 0; row < count; row++) {
      const value = values[start + row];
      if (value !== value) {
        words[row >> 3] &= ~(1 << (row & 7));
        hasInvalid = true;
      }
    }
    this.hasInvalid = hasInvalid;
  }
}

function closeQuietly(appender: { closeSync(): void }): void {
  try {
    appender.closeSync();
  } catch {
    // Closing after a failed append may throw again; the transaction rollback discards the rows.
  }
}
