// Indicator values computed over stored bars (schema: migration 2, see migrations.ts). One row per
// (output series, ts) in a long table: any indicator with any outputs fits without DDL, and
// DuckDB's column compression makes the repeated series id nearly free. Writes copy whole
// 2048-row slices into DataChunks like bar-writer.ts; reads copy result vectors out in one piece.
import duckdb from '@duckdb/node-bindings';
import { DuckDBDataChunk, DuckDBDoubleType, DuckDBIntegerType, DuckDBTimestampType, DuckDBTimestampValue } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ErrorCode, NwsError } from '@nws/core';
import type { InstrumentId } from '@nws/core';
import { TsHalves } from './bar-columns.js';
import type { CheckedSeriesKey } from './bar-columns.js';
import { copiedBytes, copyInto } from './chunk-copy.js';
import { seriesFilter } from './bar-reader.js';

/** The values of one indicator (its key) for every output, row i at `tsUs[i]` of the batch. */
export interface IndicatorValueSet {
  /** Names the indicator with its parameters on this bar series, e.g. `rsi_14`; letters, digits, `_`, `-`. */
  key: string;
  /** Indicator name as in @nws/features, e.g. `rsi`. */
  indicator: string;
  /** Resolved parameters; stored with the key so a reader knows what was computed. */
  params: Readonly<Record<string, number>>;
  /** Output name → values, one per row; NaN (warm-up) is stored as NULL. */
  outputs: Readonly<Record<string, Float64Array>>;
}

export interface WriteIndicatorValuesResult {
  /** Rows written per output series, summed over every key and output. */
  rows: number;
  /** Stored rows replaced because the batch covered their time. */
  replaced: number;
}

/** Stored values of one key, as columns aligned on `tsUs` (epoch µs, ascending). */
export interface IndicatorValueColumns {
  instrumentId: InstrumentId;
  barType: string;
  key: string;
  indicator: string;
  params: Readonly<Record<string, number>>;
  tsUs: BigInt64Array;
  /** Output name → values; NaN where nothing was defined (warm-up). */
  outputs: Record<string, Float64Array>;
}

export interface IndicatorValuesInfo {
  instrumentId: InstrumentId;
  barType: string;
  key: string;
  indicator: string;
  params: Readonly<Record<string, number>>;
  outputs: string[];
  rows: number;
  firstUs: bigint;
  lastUs: bigint;
}

export const INDICATOR_VALUES_MIGRATION_SQL = `
  CREATE SEQUENCE indicator_series_id_seq START 1;
  CREATE TABLE indicator_series (
    series_id INTEGER PRIMARY KEY DEFAULT nextval('indicator_series_id_seq'),
    instrument_id VARCHAR NOT NULL,
    bar_type VARCHAR NOT NULL,
    indicator_key VARCHAR NOT NULL,
    output VARCHAR NOT NULL,
    indicator VARCHAR NOT NULL,
    params VARCHAR NOT NULL,
    row_count BIGINT NOT NULL DEFAULT 0,
    first_ts TIMESTAMP,
    last_ts TIMESTAMP,
    UNIQUE (instrument_id, bar_type, indicator_key, output)
  );
  CREATE TABLE indicator_data (
    series_id INTEGER NOT NULL,
    ts TIMESTAMP NOT NULL,
    value DOUBLE
  );
  CREATE VIEW indicator_values AS
    SELECT s.instrument_id, s.bar_type, s.indicator_key, s.output, d.ts, d.value
    FROM indicator_data d JOIN indicator_series s USING (series_id);
`;

const KEY_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
const OUTPUT_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

const DATA_TYPES = [DuckDBIntegerType.instance, DuckDBTimestampType.instance, DuckDBDoubleType.instance];

function invalid(message: string): NwsError {
  return new NwsError(ErrorCode.InvalidArgument, message);
}

/** Checks every set against `tsUs` before anything is written; returns the row count. */
export function checkValueSets(tsUs: BigInt64Array, sets: readonly IndicatorValueSet[]): number {
  if (!(tsUs instanceof BigInt64Array)) throw invalid('tsUs must be a BigInt64Array of epoch microseconds');
  if (!Array.isArray(sets) || sets.length === 0) throw invalid('give at least one indicator value set');
  const rows = tsUs.length;
  const unordered = new TsHalves(tsUs).firstNotIncreasing(0, rows);
  if (unordered >= 0) throw new NwsError(ErrorCode.InvalidValue, `tsUs[${unordered}] = ${tsUs[unordered]} is not after tsUs[${unordered - 1}]; times must be strictly increasing`);
  const seen = new Set<string>();
  for (const set of sets) {
    if (typeof set?.key !== 'string' || !KEY_PATTERN.test(set.key)) throw invalid(`indicator key ${JSON.stringify(set?.key)} must be 1-128 letters, digits, '_' or '-'`);
    if (seen.has(set.key)) throw invalid(`indicator key '${set.key}' appears twice in one write`);
    seen.add(set.key);
    if (typeof set.indicator !== 'string' || set.indicator === '') throw invalid(`${set.key}: indicator must be a non-empty name`);
    checkParams(set);
    const names = Object.keys(set.outputs ?? {});
    if (names.length === 0) throw invalid(`${set.key}: outputs must hold at least one column`);
    for (const name of names) checkOutput(set.key, name, set.outputs[name], rows);
  }
  return rows;
}

function checkParams(set: IndicatorValueSet): void {
  if (typeof set.params !== 'object' || set.params === null) throw invalid(`${set.key}: params must be an object of numbers`);
  for (const [name, value] of Object.entries(set.params)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(`${set.key}: param ${name} must be a finite number`);
  }
}

function checkOutput(key: string, name: string, column: unknown, rows: number): void {
  if (!OUTPUT_PATTERN.test(name)) throw invalid(`${key}: output name '${name}' must be lower-case letters, digits and '_'`);
  if (!(column instanceof Float64Array)) throw invalid(`${key}.${name} must be a Float64Array`);
  if (column.length !== rows) throw invalid(`${key}.${name} has ${column.length} values but tsUs has ${rows}`);
  for (let i = 0; i < rows; i++) {
    const value = column[i];
    if (value === Infinity || value === -Infinity) {
      throw new NwsError(ErrorCode.InvalidValue, `${key}.${name}[${i}] = ${value} is not finite (NaN marks no value)`, { key, output: name, index: i });
    }
  }
}

/** Canonical JSON of parameters (sorted names) so equal definitions compare equal as text. */
export function paramsText(params: Readonly<Record<string, number>>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

interface StoredOutput {
  seriesId: number;
  lastUs: bigint | null;
}

/**
 * Writes all sets; must run inside the caller's transaction. For each output series, stored rows
 * inside the batch's [first, last] are replaced; a key stored with another indicator or other
 * parameters is refused with CONFLICT (delete it first), so one key never mixes definitions.
 */
export async function writeValueSets(
  connection: DuckDBConnection,
  series: CheckedSeriesKey,
  tsUs: BigInt64Array,
  sets: readonly IndicatorValueSet[],
  rows: number,
): Promise<WriteIndicatorValuesResult> {
  const result: WriteIndicatorValuesResult = { rows: 0, replaced: 0 };
  if (rows === 0) return result;
  const firstUs = tsUs[0]!;
  const lastUs = tsUs[rows - 1]!;
  for (const set of sets) {
    await checkDefinition(connection, series, set);
    for (const [output, values] of Object.entries(set.outputs)) {
      const stored = await findOrCreateOutput(connection, series, set, output);
      const isPureAppend = stored.lastUs === null || firstUs > stored.lastUs;
      let replaced = 0;
      if (!isPureAppend) {
        const range = [stored.seriesId, new DuckDBTimestampValue(firstUs), new DuckDBTimestampValue(lastUs)];
        replaced = (await connection.run('DELETE FROM indicator_data WHERE series_id = $1::INTEGER AND ts >= $2 AND ts <= $3', range)).rowsChanged;
      }
      await appendValues(connection, stored.seriesId, tsUs, values, rows);
      if (!isPureAppend) await rewriteInTimeOrder(connection, stored.seriesId);
      await connection.run(
        `UPDATE indicator_series SET row_count = row_count + $2::BIGINT,
           first_ts = least(coalesce(first_ts, $3), $3), last_ts = greatest(coalesce(last_ts, $4), $4)
         WHERE series_id = $1::INTEGER`,
        [stored.seriesId, BigInt(rows - replaced), new DuckDBTimestampValue(firstUs), new DuckDBTimestampValue(lastUs)],
      );
      result.replaced += replaced;
      result.rows += rows;
    }
  }
  return result;
}

async function checkDefinition(connection: DuckDBConnection, series: CheckedSeriesKey, set: IndicatorValueSet): Promise<void> {
  const reader = await connection.runAndReadAll(
    'SELECT DISTINCT indicator, params FROM indicator_series WHERE instrument_id = $1 AND bar_type = $2 AND indicator_key = $3',
    [series.instrumentId, series.barType, set.key],
  );
  const wanted = paramsText(set.params);
  for (const [indicator, params] of reader.getRows()) {
    if (indicator !== set.indicator || params !== wanted) {
      throw new NwsError(
        ErrorCode.Conflict,
        `${series.instrumentId} ${series.barType} key '${set.key}' is stored as ${String(indicator)} ${String(params)}, not ${set.indicator} ${wanted}; nothing was written (delete the key first or use another key)`,
        { key: set.key },
      );
    }
  }
}

async function findOrCreateOutput(connection: DuckDBConnection, series: CheckedSeriesKey, set: IndicatorValueSet, output: string): Promise<StoredOutput> {
  const found = await connection.runAndReadAll(
    'SELECT series_id, epoch_us(last_ts) FROM indicator_series WHERE instrument_id = $1 AND bar_type = $2 AND indicator_key = $3 AND output = $4',
    [series.instrumentId, series.barType, set.key, output],
  );
  const row = found.getRows()[0];
  if (row !== undefined) return { seriesId: Number(row[0]), lastUs: row[1] as bigint | null };
  const created = await connection.runAndReadAll(
    'INSERT INTO indicator_series (instrument_id, bar_type, indicator_key, output, indicator, params) VALUES ($1, $2, $3, $4, $5, $6) RETURNING series_id',
    [series.instrumentId, series.barType, set.key, output, set.indicator, paramsText(set.params)],
  );
  return { seriesId: Number(created.getRows()[0]![0]), lastUs: null };
}

async function appendValues(connection: DuckDBConnection, seriesId: number, tsUs: BigInt64Array, values: Float64Array, rows: number): Promise<void> {
  const sliceSize = duckdb.vector_size();
  const seriesIds = new Int32Array(sliceSize).fill(seriesId);
  const validity = new Uint8Array(Math.ceil(sliceSize / 64) * 8);
  const chunk = DuckDBDataChunk.create(DATA_TYPES);
  const appender = await connection.createAppender('indicator_data');
  try {
    for (let start = 0; start < rows; start += sliceSize) {
      const count = Math.min(rows, start + sliceSize) - start;
      chunk.reset();
      const raw = chunk.chunk;
      duckdb.data_chunk_set_size(raw, count);
      copyInto(raw, 0, seriesIds, 0, count);
      copyInto(raw, 1, tsUs, start, count);
      copyInto(raw, 2, values, start, count);
      if (markNaNInvalid(values, start, count, validity)) {
        const vector = duckdb.data_chunk_get_vector(raw, 2);
        duckdb.vector_ensure_validity_writable(vector);
        duckdb.copy_data_to_vector_validity(vector, 0, validity.buffer as ArrayBuffer, 0, Math.ceil(count / 64) * 8);
      }
      appender.appendDataChunk(chunk);
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

/** Fills DuckDB's validity bits (1 = valid) for a slice; true when some value is NaN (NULL). */
function markNaNInvalid(values: Float64Array, start: number, count: number, validity: Uint8Array): boolean {
  validity.fill(0xff, 0, Math.ceil(count / 64) * 8);
  let hasNull = false;
  for (let row = 0; row < count; row++) {
    const value = values[start + row]!;
    if (value !== value) {
      validity[row >> 3]! &= ~(1 << (row & 7));
      hasNull = true;
    }
  }
  return hasNull;
}


async function rewriteInTimeOrder(connection: DuckDBConnection, seriesId: number): Promise<void> {
  // seriesId is an integer we issued; CREATE TABLE AS does not take bound parameters.
  const id = Math.trunc(seriesId);
  await connection.run(`CREATE TEMP TABLE nws_indicator_resort AS SELECT * FROM indicator_data WHERE series_id = ${id} ORDER BY ts`);
  await connection.run(`DELETE FROM indicator_data WHERE series_id = ${id}`);
  await connection.run('INSERT INTO indicator_data SELECT * FROM nws_indicator_resort ORDER BY ts');
  await connection.run('DROP TABLE nws_indicator_resort');
}

export interface IndicatorReadRange {
  fromUs?: bigint;
  toUs?: bigint;
}

/** Reads every output of one key in [fromUs, toUs); undefined when the key is not stored. */
export async function readValueSet(
  connection: DuckDBConnection,
  series: CheckedSeriesKey,
  key: string,
  range: IndicatorReadRange,
): Promise<IndicatorValueColumns | undefined> {
  const reader = await connection.runAndReadAll(
    'SELECT series_id, output, indicator, params FROM indicator_series WHERE instrument_id = $1 AND bar_type = $2 AND indicator_key = $3 ORDER BY series_id',
    [series.instrumentId, series.barType, key],
  );
  const stored = reader.getRows();
  if (stored.length === 0) return undefined;
  const outputs: Record<string, Float64Array> = {};
  let tsUs: BigInt64Array | undefined;
  for (const [seriesId, output] of stored) {
    const column = await readOutput(connection, Number(seriesId), range);
    if (tsUs === undefined) tsUs = column.tsUs;
    else if (!sameTimes(tsUs, column.tsUs)) {
      throw new NwsError(ErrorCode.Internal, `stored outputs of ${series.instrumentId} ${series.barType} '${key}' are not aligned in time`);
    }
    outputs[String(output)] = column.values;
  }
  return {
    ...series,
    key,
    indicator: String(stored[0]![2]),
    params: JSON.parse(String(stored[0]![3])) as Record<string, number>,
    tsUs: tsUs!,
    outputs,
  };
}

async function readOutput(connection: DuckDBConnection, seriesId: number, range: IndicatorReadRange): Promise<{ tsUs: BigInt64Array; values: Float64Array }> {
  const { where, values } = seriesFilter(seriesId, range);
  // Materialised in one call, then read chunk by chunk synchronously (no round trip per chunk).
  const result = await connection.run(`SELECT epoch_us(ts), coalesce(value, 'NaN'::DOUBLE) FROM indicator_data WHERE ${where} ORDER BY ts`, values);
  const tsParts: BigInt64Array[] = [];
  const valueParts: Float64Array[] = [];
  let total = 0;
  for (let index = 0; index < result.chunkCount; index++) {
    const chunk = result.getChunk(index);
    const rows = chunk.rowCount;
    if (rows === 0) continue;
    // coalesce makes the value vector NULL-free, so its data bytes alone are the values.
    tsParts.push(new BigInt64Array(copiedBytes(chunk.chunk, 0, rows * 8), 0, rows));
    valueParts.push(new Float64Array(copiedBytes(chunk.chunk, 1, rows * 8), 0, rows));
    total += rows;
  }
  const tsUs = new BigInt64Array(total);
  const column = new Float64Array(total);
  let offset = 0;
  tsParts.forEach((part, index) => {
    tsUs.set(part, offset);
    column.set(valueParts[index]!, offset);
    offset += part.length;
  });
  return { tsUs, values: column };
}

function sameTimes(a: BigInt64Array, b: BigInt64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Every stored key with its outputs, row count and span, optionally for one bar series. */
export async function listValueSets(connection: DuckDBConnection, series?: CheckedSeriesKey): Promise<IndicatorValuesInfo[]> {
  const filter = series === undefined ? '' : 'WHERE instrument_id = $1 AND bar_type = $2';
  const reader = await connection.runAndReadAll(
    `SELECT instrument_id, bar_type, indicator_key, any_value(indicator), any_value(params), list(output ORDER BY series_id),
       max(row_count), epoch_us(min(first_ts)), epoch_us(max(last_ts))
     FROM indicator_series ${filter} GROUP BY instrument_id, bar_type, indicator_key HAVING max(row_count) > 0
     ORDER BY instrument_id, bar_type, indicator_key`,
    series === undefined ? [] : [series.instrumentId, series.barType],
  );
  return reader.getRowsJS().map((row) => ({
    instrumentId: row[0] as InstrumentId,
    barType: row[1] as string,
    key: row[2] as string,
    indicator: row[3] as string,
    params: JSON.parse(row[4] as string) as Record<string, number>,
    outputs: row[5] as string[],
    rows: Number(row[6]),
    firstUs: row[7] as bigint,
    lastUs: row[8] as bigint,
  }));
}

/** Deletes one key (every output) of a bar series; returns the value rows deleted. */
export async function deleteValueSet(connection: DuckDBConnection, series: CheckedSeriesKey, key: string): Promise<number> {
  const where = 'instrument_id = $1 AND bar_type = $2 AND indicator_key = $3';
  const params = [series.instrumentId, series.barType, key];
  const deleted = await connection.run(`DELETE FROM indicator_data WHERE series_id IN (SELECT series_id FROM indicator_series WHERE ${where})`, params);
  await connection.run(`DELETE FROM indicator_series WHERE ${where}`, params);
  return deleted.rowsChanged;
}

export function checkIndicatorKey(key: unknown): string {
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) throw invalid(`indicator key ${JSON.stringify(key)} must be 1-128 letters, digits, '_' or '-'`);
  return key;
}
