// Writes a typed-array slice straight into a DuckDB DataChunk vector: one memcpy per column and
// 2048-row slice, no per-row values. Shared by every appender path of the time-series store.
import duckdb from '@duckdb/node-bindings';

/** Copies `count` elements of `source` from `start` into column `column` of `raw`, at row 0. */
export function copyInto(raw: duckdb.DataChunk, column: number, source: Int32Array | BigInt64Array | Float64Array, start: number, count: number): void {
  const width = source.BYTES_PER_ELEMENT;
  duckdb.copy_data_to_vector(duckdb.data_chunk_get_vector(raw, column), 0, source.buffer as ArrayBuffer, source.byteOffset + start * width, count * width);
}
