// Moves typed-array slices between JavaScript and DuckDB DataChunk vectors in one piece: one
// memcpy per column and 2048-row slice, no per-row values. Shared by every appender and columnar
// read path of the time-series store.
import duckdb from '@duckdb/node-bindings';

/** Copies `count` elements of `source` from `start` into column `column` of `raw`, at row 0. */
export function copyInto(raw: duckdb.DataChunk, column: number, source: Int32Array | BigInt64Array | Float64Array, start: number, count: number): void {
  const width = source.BYTES_PER_ELEMENT;
  duckdb.copy_data_to_vector(duckdb.data_chunk_get_vector(raw, column), 0, source.buffer as ArrayBuffer, source.byteOffset + start * width, count * width);
}

/**
 * The first `byteCount` data bytes of column `column` of a result chunk, in an aligned buffer of
 * their own (a NULL-free column's values). The binding already returns a copy that starts at
 * offset 0; the fallback only guards typed-array alignment if that changes.
 */
export function copiedBytes(raw: duckdb.DataChunk, column: number, byteCount: number): ArrayBuffer {
  const bytes = duckdb.vector_get_data(duckdb.data_chunk_get_vector(raw, column), byteCount);
  if (bytes.byteOffset === 0 && bytes.buffer.byteLength === byteCount) return bytes.buffer as ArrayBuffer;
  return bytes.slice().buffer;
}
