// Range reads straight into column arrays. Pulling result chunks through the client API costs a
// native round trip and two fresh copies per 2048-row chunk (materialised result -> chunk ->
// JavaScript), which on a small machine is most of the read time. Instead the query hands each
// scanned chunk to a scalar function implemented here (`nws_collect_bars`): DuckDB runs the
// scan and filter on its own threads, the function copies each column out once, and the chunks
// are stitched together in time order at the end. Row order: each chunk is in storage order,
// and ingest keeps every series stored in time order, so sorting chunks by their first
// timestamp gives the series in time order; this is verified, with a full sort as a fallback.
import duckdb from '@duckdb/node-bindings';
import {
  DuckDBBooleanType,
  DuckDBDoubleType,
  DuckDBIntegerType,
  DuckDBScalarFunction,
  DuckDBTimestampType,
  DuckDBTimestampValue,
} from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { ErrorCode, NwsError } from '@nws/core';
import { NULLABLE_COLUMNS, PRICE_COLUMNS, TsHalves, emptyBarColumns } from './bar-columns.js';
import type { BarColumns } from './bar-columns.js';

export const COLLECT_FUNCTION = 'nws_collect_bars';

/** Half-open time range [fromUs, toUs) in epoch µs; an absent bound is open. */
export interface UsRange {
  fromUs?: bigint;
  toUs?: bigint;
}

/** One chunk of a nullable column (open interest, adjusted close). */
interface NullableChunk {
  /** null when every row of the chunk is NULL (open interest outside futures, most adj closes). */
  values: Float64Array | null;
  /** DuckDB validity words; null when every row has a value. */
  validity: Uint8Array | null;
}

interface CollectedChunk {
  rows: number;
  firstTs: bigint;
  tsUs: BigInt64Array;
  prices: Float64Array[];
  /** In NULLABLE_COLUMNS order. */
  nullable: NullableChunk[];
}

/** Arguments of the collecting function after the token, in its parameter order. */
const COLLECTED_COLUMNS_SQL = 'ts, open, high, low, close, volume, open_interest, adj_close';

class ChunkCollection {
  readonly chunks: CollectedChunk[] = [];
  rows = 0;
}

export class BarReader {
  private readonly collections = new Map<number, ChunkCollection>();
  private nextToken = 1;
  private readonly trueBytes = new Uint8Array(duckdb.vector_size()).fill(1);

  /** Registers the collecting function on `connection`; one reader per connection. */
  static register(connection: DuckDBConnection): BarReader {
    const reader = new BarReader();
    const collect = DuckDBScalarFunction.create({
      name: COLLECT_FUNCTION,
      returnType: DuckDBBooleanType.instance,
      parameterTypes: [
        DuckDBIntegerType.instance, // token naming the read in progress
        DuckDBTimestampType.instance,
        ...Array.from({ length: PRICE_COLUMNS.length + NULLABLE_COLUMNS.length }, () => DuckDBDoubleType.instance),
      ],
      // NULL open interest must still reach the function, and every row must be seen once.
      specialHandling: true,
      volatile: true,
      mainFunction: () => undefined,
    });
    // Replace the wrapper's per-call conversion with a raw handler: it is called per chunk.
    duckdb.scalar_function_set_function(collect.scalar_function, (info, input, output) => reader.collect(info, input, output));
    connection.registerScalarFunction(collect);
    return reader;
  }

  /** Bars of `seriesId` in `range`, ascending by time. */
  async read(connection: DuckDBConnection, seriesId: number, range: UsRange): Promise<BarColumns> {
    const { where, values } = seriesFilter(seriesId, range);
    return this.collectFrom(connection, `bar_data WHERE ${where}`, values);
  }

  /**
   * Bars computed by a query (a resample's GROUP BY, say) straight into columns, without row
   * objects. `select` must yield `ts` (TIMESTAMP, unique), `open`, `high`, `low`, `close`,
   * `volume`, `open_interest`, `adj_close` (DOUBLE, the last two nullable); `$1`.. are `values`.
   */
  readQuery(connection: DuckDBConnection, select: string, values: DuckDBValue[]): Promise<BarColumns> {
    return this.collectFrom(connection, `(${select})`, [...values]);
  }

  /** Runs the collecting function over every row of `from` (a table with WHERE, or a subquery). */
  private async collectFrom(connection: DuckDBConnection, from: string, values: DuckDBValue[]): Promise<BarColumns> {
    const token = this.nextToken++;
    const collection = new ChunkCollection();
    this.collections.set(token, collection);
    let counted: bigint;
    try {
      values.push(token);
      const collect = `${COLLECT_FUNCTION}($${values.length}::INTEGER, ${COLLECTED_COLUMNS_SQL})`;
      const reader = await connection.runAndReadAll(`SELECT count(${collect}) FROM ${from}`, values);
      counted = reader.getRows()[0]![0] as bigint;
    } finally {
      this.collections.delete(token);
    }
    if (Number(counted) !== collection.rows) {
      throw new NwsError(ErrorCode.Internal, `bar read lost rows: the query counted ${counted}, the collector received ${collection.rows}`);
    }
    return assemble(collection);
  }

  private collect(info: duckdb.ScalarFunctionInfo, input: duckdb.DataChunk, output: duckdb.Vector): void {
    try {
      const rows = duckdb.data_chunk_get_size(input);
      if (rows === 0) return;
      const token = new Int32Array(alignedCopy(duckdb.data_chunk_get_vector(input, 0), 4), 0, 1)[0];
      const collection = this.collections.get(token);
      if (collection === undefined) throw new Error(`no bar read in progress for token ${token}`);
      const tsUs = new BigInt64Array(alignedCopy(duckdb.data_chunk_get_vector(input, 1), rows * 8), 0, rows);
      const prices = PRICE_COLUMNS.map((_, index) => float64Column(input, 2 + index, rows));
      const nullable = NULLABLE_COLUMNS.map((_, index) => nullableColumn(input, 2 + PRICE_COLUMNS.length + index, rows));
      collection.chunks.push({ rows, firstTs: tsUs[0], tsUs, prices, nullable });
      collection.rows += rows;
      // Every output row is `true` (valid), so count() over the function counts every row seen.
      duckdb.copy_data_to_vector(output, 0, this.trueBytes.buffer, 0, rows);
    } catch (error) {
      duckdb.scalar_function_set_error(info, error instanceof Error ? error.message : String(error));
    }
  }
}

/** WHERE clause and positional values ($1, $2, ...) selecting one series over a range. */
export function seriesFilter(seriesId: number, range: UsRange): { where: string; values: DuckDBValue[] } {
  const values: DuckDBValue[] = [seriesId];
  const clauses = ['series_id = $1::INTEGER'];
  if (range.fromUs !== undefined) {
    values.push(new DuckDBTimestampValue(range.fromUs));
    clauses.push(`ts >= $${values.length}`);
  }
  if (range.toUs !== undefined) {
    values.push(new DuckDBTimestampValue(range.toUs));
    clauses.push(`ts < $${values.length}`);
  }
  return { where: clauses.join(' AND '), values };
}

/**
 * A vector's first `byteCount` data bytes in a buffer of their own. The binding already returns
 * a copy that starts at offset 0; the fallback only guards typed-array alignment if that changes.
 */
function alignedCopy(vector: duckdb.Vector, byteCount: number): ArrayBuffer {
  const bytes = duckdb.vector_get_data(vector, byteCount);
  if (bytes.byteOffset === 0 && bytes.buffer.byteLength === byteCount) return bytes.buffer as ArrayBuffer;
  return bytes.slice().buffer;
}

function float64Column(input: duckdb.DataChunk, column: number, rows: number): Float64Array {
  return new Float64Array(alignedCopy(duckdb.data_chunk_get_vector(input, column), rows * 8), 0, rows);
}

function nullableColumn(input: duckdb.DataChunk, column: number, rows: number): NullableChunk {
  // The binding returns a copy of the validity words, or null when the vector has no NULLs.
  const validity = (duckdb.vector_get_validity(duckdb.data_chunk_get_vector(input, column), Math.ceil(rows / 64) * 8) ?? null) as Uint8Array | null;
  const values = validity !== null && allInvalid(validity, rows) ? null : float64Column(input, column, rows);
  return { values, validity };
}

function assemble(collection: ChunkCollection): BarColumns {
  const total = collection.rows;
  if (total === 0) return emptyBarColumns();
  const chunks = collection.chunks.sort((a, b) => (a.firstTs < b.firstTs ? -1 : a.firstTs > b.firstTs ? 1 : 0));
  const columns: BarColumns = {
    tsUs: new BigInt64Array(total),
    open: new Float64Array(total),
    high: new Float64Array(total),
    low: new Float64Array(total),
    close: new Float64Array(total),
    volume: new Float64Array(total),
  };
  // Only allocated when some bar has a value: most series have no open interest, and only
  // Yahoo files bring an adjusted close.
  const nullable = NULLABLE_COLUMNS.map((_, index) => (chunks.some((chunk) => chunk.nullable[index]!.values !== null) ? new Float64Array(total) : undefined));
  let offset = 0;
  for (const chunk of chunks) {
    columns.tsUs.set(chunk.tsUs, offset);
    PRICE_COLUMNS.forEach((name, index) => columns[name].set(chunk.prices[index], offset));
    nullable.forEach((target, index) => target && copyNullable(chunk.nullable[index]!, chunk.rows, target, offset));
    offset += chunk.rows;
  }
  NULLABLE_COLUMNS.forEach((name, index) => {
    const column = nullable[index];
    if (column !== undefined) columns[name] = column;
  });
  if (new TsHalves(columns.tsUs).firstNotIncreasing(0, total) >= 0) return sortByTime(columns);
  return columns;
}

/** True when the first `rows` validity bits are all 0 (every row NULL). */
function allInvalid(validity: Uint8Array, rows: number): boolean {
  const fullBytes = rows >> 3;
  for (let index = 0; index < fullBytes; index++) if (validity[index] !== 0) return false;
  const remainingBits = rows & 7;
  return remainingBits === 0 || (validity[fullBytes] & ((1 << remainingBits) - 1)) === 0;
}

/** Copies one chunk of a nullable column into `target`, NaN where NULL. */
function copyNullable(chunk: NullableChunk, rows: number, target: Float64Array, offset: number): void {
  const { values, validity } = chunk;
  if (values === null) {
    target.fill(NaN, offset, offset + rows);
  } else if (validity === null) {
    target.set(values, offset);
  } else {
    for (let row = 0; row < rows; row++) target[offset + row] = (validity[row >> 3] >> (row & 7)) & 1 ? values[row] : NaN;
  }
}

/**
 * Fallback when storage order was not time order (should not happen: ingest re-sorts a series
 * after any write that is not a pure append). Slow but correct; duplicates would mean a broken
 * key and are reported, never silently returned.
 */
function sortByTime(columns: BarColumns): BarColumns {
  const { tsUs } = columns;
  const order = Array.from({ length: tsUs.length }, (_, index) => index).sort((a, b) => (tsUs[a] < tsUs[b] ? -1 : tsUs[a] > tsUs[b] ? 1 : 0));
  const permute = <T extends BigInt64Array | Float64Array>(source: T): T => {
    const target = new (source.constructor as { new (length: number): T })(source.length);
    for (let index = 0; index < order.length; index++) target[index] = source[order[index]];
    return target;
  };
  const sorted: BarColumns = {
    tsUs: permute(tsUs),
    open: permute(columns.open),
    high: permute(columns.high),
    low: permute(columns.low),
    close: permute(columns.close),
    volume: permute(columns.volume),
  };
  for (const name of NULLABLE_COLUMNS) {
    const column = columns[name];
    if (column) sorted[name] = permute(column);
  }
  const repeated = new TsHalves(sorted.tsUs).firstNotIncreasing(0, sorted.tsUs.length);
  if (repeated >= 0) {
    throw new NwsError(ErrorCode.Internal, `bar_data holds two bars at ts ${sorted.tsUs[repeated]} µs for one series; the (series, ts) key is broken`);
  }
  return sorted;
}
