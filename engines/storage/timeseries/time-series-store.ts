import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, DuckDBTimestampValue } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBValue, JS } from '@duckdb/node-api';
import { ErrorCode, NwsError, describeIssues } from '@nws/core';
import type { InstrumentId } from '@nws/core';
import { z } from 'zod';
import { SerialQueue } from '../serial-queue.js';
import { isLockConflict, storageError } from '../storage-error.js';
import { checkColumnShapes, checkSeriesKey, checkTsBound } from './bar-columns.js';
import type { BarColumns, BarSeriesKey, CheckedSeriesKey } from './bar-columns.js';
import { BarReader, seriesFilter } from './bar-reader.js';
import type { UsRange } from './bar-reader.js';
import { BarAppender } from './bar-writer.js';
import { migrateTimeSeries } from './migrate.js';
import { BacktestResultStore } from './backtest-results.js';
import { checkIndicatorKey, checkValueSets, deleteValueSet, listValueSets, readValueSet, writeValueSets } from './indicator-values.js';
import type { IndicatorValueColumns, IndicatorValueSet, IndicatorValuesInfo, WriteIndicatorValuesResult } from './indicator-values.js';
import { checkTickKey, checkTickShapes, deleteTickSeries, describeTicks, listTickSeries, readTicks, writeTicks } from './tick-data.js';
import type { IngestTicksResult, ReadTicksRequest, TickColumns, TickSeriesInfo, TickSeriesKey } from './tick-data.js';

/**
 * What ingest does with stored bars whose time falls inside the new batch's [first, last]:
 * `replace` (default) deletes them and the batch takes their place — the batch is the truth for
 * its whole span, so a corrected download also removes bars the source no longer has; `reject`
 * refuses the batch with CONFLICT and writes nothing.
 */
export type OverlapPolicy = 'replace' | 'reject';

export interface IngestBarsOptions {
  onOverlap?: OverlapPolicy;
}

export interface IngestBarsResult {
  instrumentId: InstrumentId;
  barType: string;
  /** Bars written. */
  rows: number;
  /** Stored bars deleted because the batch covered their time (policy `replace`). */
  replaced: number;
}

export interface ReadBarsRequest extends BarSeriesKey {
  /** Inclusive lower bound, epoch µs. */
  fromUs?: bigint;
  /** EXCLUSIVE upper bound, epoch µs: [fromUs, toUs) so adjacent ranges never share a bar. */
  toUs?: bigint;
  /** At most this many bars: the earliest of the range, or the latest with `fromEnd`. */
  limit?: number;
  /** With `limit`, take the last bars of the range (still returned oldest first). */
  fromEnd?: boolean;
}

export interface BarSeriesInfo {
  instrumentId: InstrumentId;
  barType: string;
  rows: number;
  /** Open time of the first and last stored bar, epoch µs. */
  firstUs: bigint;
  lastUs: bigint;
}

/** Names one indicator key on one bar series, with an optional [fromUs, toUs) range. */
export interface ReadIndicatorValuesRequest extends BarSeriesKey {
  key: string;
  fromUs?: bigint;
  toUs?: bigint;
}

export type QueryParam = string | number | boolean | bigint | null;
/** One result row; values as the DuckDB client gives them (BIGINT → bigint, TIMESTAMP → Date, ...). */
export type QueryRow = Record<string, JS>;

const optionsSchema = z.strictObject({
  /** DuckDB worker threads; default: one per core. */
  threads: z.number().int().min(1).max(256).optional(),
  /** DuckDB memory limit, e.g. '2GB'; default: DuckDB's (80% of RAM). */
  memoryLimit: z.string().regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, "must look like '512MB' or '2GB'").optional(),
});
export type TimeSeriesStoreOptions = z.input<typeof optionsSchema>;

interface StoredSeries {
  seriesId: number;
  rowCount: number;
  firstUs: bigint | null;
  lastUs: bigint | null;
}

const MAX_LIMIT = 2 ** 31 - 1;

/**
 * `ingestBars` and `ingestTicks` batches at least this big append on the calling thread alone (see
 * `onCallingThread`); smaller ones, such as a few live bars, skip the two settings statements.
 */
const LONG_APPEND_ROWS = 100_000;

/**
 * Bars, ticks, indicator values and backtest results in one DuckDB file. One store owns the file: DuckDB allows
 * a single writing process, and within the process every operation runs in turn on the store's
 * one connection.
 */
export class TimeSeriesStore {
  private readonly queue = new SerialQueue();
  private closed = false;
  private backtestResultStore: BacktestResultStore | null = null;

  private constructor(
    readonly file: string,
    readonly schemaVersion: number,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly reader: BarReader,
  ) {}

  /** Opens (creating if needed) the file and brings its schema up to date. */
  static async open(file: string, options: TimeSeriesStoreOptions = {}): Promise<TimeSeriesStore> {
    const parsed = optionsSchema.safeParse(options);
    if (!parsed.success) throw new NwsError(ErrorCode.InvalidConfig, `time-series store options: ${describeIssues(parsed.error.issues)}`);
    const config: Record<string, string> = {};
    if (parsed.data.threads !== undefined) config.threads = String(parsed.data.threads);
    if (parsed.data.memoryLimit !== undefined) config.memory_limit = parsed.data.memoryLimit;
    mkdirSync(dirname(file), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(file, config);
    } catch (cause) {
      if (isLockConflict(cause)) throw new NwsError(ErrorCode.Locked, `time-series file ${file} is in use by another process`, { file });
      throw storageError(`cannot open time-series file ${file}`, cause);
    }
    try {
      const connection = await instance.connect();
      const version = await migrateTimeSeries(connection, file);
      return new TimeSeriesStore(file, version, instance, connection, BarReader.register(connection));
    } catch (cause) {
      instance.closeSync();
      throw storageError(`cannot open time-series file ${file}`, cause);
    }
  }

  /**
   * Writes a batch of bars of one series in one transaction: all of it or, on any failure
   * (a NaN at the last row, a conflict, a disk error), nothing. Bars must be strictly increasing
   * in time; prices and volume finite, volume and open interest not negative.
   */
  async ingestBars(key: BarSeriesKey, columns: BarColumns, options: IngestBarsOptions = {}): Promise<IngestBarsResult> {
    const series = checkSeriesKey(key);
    const rows = checkColumnShapes(columns);
    const policy = checkPolicy(options);
    if (rows === 0) return { ...series, rows: 0, replaced: 0 };
    const write = () => this.transaction(() => this.writeBarStream(series, [columns], policy));
    return this.serial(`ingest bars ${describe(series)}`, () => (rows >= LONG_APPEND_ROWS ? this.onCallingThread(write) : write()));
  }

  /**
   * Writes bars of one series that arrive in blocks (a large import appends each parsed block
   * while the next one is being parsed) in ONE transaction, with the rules and overlap policy of
   * `ingestBars` applied to the whole stream: each block strictly after the one before, the span
   * is [first bar of the first block, last bar of the last]. If a block is bad, storage fails,
   * or `blocks` itself throws (the importer throws when its quality checks fail after the last
   * block), everything rolls back and the store is exactly as before.
   *
   * The store is held for the whole stream: other callers wait until it commits or rolls back,
   * so nobody sees part of it. `blocks` must therefore never wait on this store itself.
   */
  async ingestBarStream(key: BarSeriesKey, blocks: AsyncIterable<BarColumns> | Iterable<BarColumns>, options: IngestBarsOptions = {}): Promise<IngestBarsResult> {
    const series = checkSeriesKey(key);
    const policy = checkPolicy(options);
    return this.serial(`ingest bar stream ${describe(series)}`, () => this.onCallingThread(() => this.transaction(() => this.writeBarStream(series, blocks, policy))));
  }

  /** Bars of one series in [fromUs, toUs), oldest first, as columns. NOT_FOUND for an unknown series. */
  async readBars(request: ReadBarsRequest): Promise<BarColumns> {
    const series = checkSeriesKey(request);
    const range = checkRange(request);
    const limit = checkLimit(request.limit);
    return this.serial(`read bars ${describe(series)}`, async () => {
      const stored = await this.findSeries(series);
      if (stored === undefined) throw notFound(series);
      const limited = limit === undefined ? range : await this.limitRange(stored.seriesId, range, limit, request.fromEnd === true);
      return this.reader.read(this.connection, stored.seriesId, limited);
    });
  }

  /** Every stored series with its row count and time span, by instrument then bar type. */
  listSeries(): Promise<BarSeriesInfo[]> {
    return this.serial('list bar series', async () => {
      const reader = await this.connection.runAndReadAll(
        `SELECT instrument_id, bar_type, row_count, epoch_us(first_ts), epoch_us(last_ts)
         FROM bar_series WHERE row_count > 0 ORDER BY instrument_id, bar_type`,
      );
      return reader.getRows().map((row) => ({
        instrumentId: row[0] as InstrumentId,
        barType: row[1] as string,
        rows: Number(row[2]),
        firstUs: row[3] as bigint,
        lastUs: row[4] as bigint,
      }));
    });
  }

  /** Deletes a series and all its bars; returns how many bars were deleted (0 if unknown). */
  async deleteSeries(key: BarSeriesKey): Promise<number> {
    const series = checkSeriesKey(key);
    return this.serial(`delete bars ${describe(series)}`, () =>
      this.transaction(async () => {
        const stored = await this.findSeries(series);
        if (stored === undefined) return 0;
        const deleted = await this.connection.run('DELETE FROM bar_data WHERE series_id = $1::INTEGER', [stored.seriesId]);
        await this.connection.run('DELETE FROM bar_series WHERE series_id = $1::INTEGER', [stored.seriesId]);
        return deleted.rowsChanged;
      }),
    );
  }

  /**
   * Writes indicator values computed over bars of `key` (one or more indicator keys, every output)
   * in one transaction: all or nothing. Rows at times the batch covers are replaced.
   */
  async writeIndicatorValues(key: BarSeriesKey, tsUs: BigInt64Array, sets: readonly IndicatorValueSet[]): Promise<WriteIndicatorValuesResult> {
    const series = checkSeriesKey(key);
    const rows = checkValueSets(tsUs, sets);
    if (rows > 0) {
      checkTsBound(tsUs[0]!, 0);
      checkTsBound(tsUs[rows - 1]!, rows - 1);
    }
    return this.serial(`write indicator values ${describe(series)}`, () => this.transaction(() => writeValueSets(this.connection, series, tsUs, sets, rows)));
  }

  /** Stored values of one indicator key in [fromUs, toUs), as columns. NOT_FOUND for an unknown key. */
  async readIndicatorValues(request: ReadIndicatorValuesRequest): Promise<IndicatorValueColumns> {
    const series = checkSeriesKey(request);
    const indicatorKey = checkIndicatorKey(request.key);
    const range = checkRange(request);
    return this.serial(`read indicator values ${describe(series)} ${indicatorKey}`, async () => {
      const values = await readValueSet(this.connection, series, indicatorKey, range);
      if (values === undefined) {
        throw new NwsError(ErrorCode.NotFound, `no indicator values stored for ${describe(series)} key '${indicatorKey}'`, { ...series, key: indicatorKey });
      }
      return values;
    });
  }

  /** Stored indicator keys (of one bar series, or all) with outputs, row counts and spans. */
  async listIndicatorValues(key?: BarSeriesKey): Promise<IndicatorValuesInfo[]> {
    const series = key === undefined ? undefined : checkSeriesKey(key);
    return this.serial('list indicator values', () => listValueSets(this.connection, series));
  }

  /** Deletes one indicator key of a bar series; returns the value rows deleted (0 if unknown). */
  async deleteIndicatorValues(key: BarSeriesKey & { key: string }): Promise<number> {
    const series = checkSeriesKey(key);
    const indicatorKey = checkIndicatorKey(key.key);
    return this.serial(`delete indicator values ${describe(series)} ${indicatorKey}`, () =>
      this.transaction(() => deleteValueSet(this.connection, series, indicatorKey)),
    );
  }

  /**
   * Writes a batch of one instrument's quote or trade ticks (`columns.kind`, which must match
   * `key.kind`) in one transaction: all of it or nothing. Times must not go back (ticks may share
   * one); stored ticks inside the batch's [first, last] are replaced, or with `onOverlap:
   * 'reject'` the batch is refused with CONFLICT. Every value is checked as its slice is appended;
   * a bad one anywhere rolls the whole batch back.
   */
  async ingestTicks(key: TickSeriesKey, columns: TickColumns, options: IngestBarsOptions = {}): Promise<IngestTicksResult> {
    const series = checkTickKey(key);
    const policy = checkPolicy(options);
    const rows = checkTickShapes(columns);
    if (columns.kind !== series.kind) throw new NwsError(ErrorCode.InvalidArgument, `columns hold ${columns.kind} but the series is ${describeTicks(series)}`);
    if (rows === 0) return { ...series, rows: 0, replaced: 0 };
    const write = () => this.transaction(() => writeTicks(this.connection, series, columns, rows, policy));
    return this.serial(`ingest ticks ${describeTicks(series)}`, () => (rows >= LONG_APPEND_ROWS ? this.onCallingThread(write) : write()));
  }

  /** Ticks of one series in [fromUs, toUs), in time order (ticks of one time as they arrived). NOT_FOUND for an unknown series. */
  async readTicks(request: ReadTicksRequest): Promise<TickColumns> {
    const series = checkTickKey(request);
    const range = checkRange(request);
    return this.serial(`read ticks ${describeTicks(series)}`, async () => {
      const columns = await readTicks(this.connection, series, range);
      if (columns === undefined) throw new NwsError(ErrorCode.NotFound, `no ticks stored for ${describeTicks(series)}`, { ...series });
      return columns;
    });
  }

  /** Every stored tick series with its row count and time span, by instrument then kind. */
  listTickSeries(): Promise<TickSeriesInfo[]> {
    return this.serial('list tick series', () => listTickSeries(this.connection));
  }

  /** Deletes one tick series and its ticks; returns how many ticks were deleted (0 if unknown). */
  async deleteTickSeries(key: TickSeriesKey): Promise<number> {
    const series = checkTickKey(key);
    return this.serial(`delete ticks ${describeTicks(series)}`, () => this.transaction(() => deleteTickSeries(this.connection, series)));
  }

  /**
   * Rewrites bar_data ordered by (series, time). Live appends of a few bars at a time interleave
   * series in the file, so a long read then scans many small pieces; this makes each series
   * contiguous again. Maintenance: the Host may run it when idle; it is not needed for correctness.
   */
  compact(): Promise<void> {
    return this.serial('compact bar storage', async () => {
      await this.transaction(async () => {
        await this.connection.run('CREATE TEMP TABLE nws_compact AS SELECT * FROM bar_data ORDER BY series_id, ts');
        await this.connection.run('DELETE FROM bar_data');
        await this.connection.run('INSERT INTO bar_data SELECT * FROM nws_compact ORDER BY series_id, ts');
        await this.connection.run('DROP TABLE nws_compact');
      });
      await this.connection.run('CHECKPOINT');
    });
  }

  /** Stored backtest runs with their orders, fills, trades and equity curves (see backtest-results.ts). */
  get backtestResults(): BacktestResultStore {
    this.backtestResultStore ??= new BacktestResultStore(this.connection, (what, job) => this.serial(what, job), (body) => this.transaction(body));
    return this.backtestResultStore;
  }

  /**
   * A parameterised statement for other engines (`$1`, `$2`, ... or `?`); values are bound,
   * never spliced into the text. Returns the rows of the last statement.
   */
  async query(sql: string, params: readonly QueryParam[] = []): Promise<QueryRow[]> {
    checkQuery('query', sql, params);
    return this.serial('query', async () => {
      const reader = await this.connection.runAndReadAll(sql, params.length > 0 ? ([...params] as DuckDBValue[]) : undefined);
      return reader.getRowObjectsJS();
    });
  }

  /**
   * Bars computed by a parameterised SELECT (e.g. a resample's GROUP BY over the `bars` view),
   * returned as columns oldest first, without a JavaScript object per row. The SELECT must yield
   * `ts` (TIMESTAMP, unique per row), `open`, `high`, `low`, `close`, `volume`, and the nullable
   * `open_interest`, `adj_close` (select `NULL::DOUBLE` for one it does not have).
   */
  async queryBars(sql: string, params: readonly QueryParam[] = []): Promise<BarColumns> {
    checkQuery('queryBars', sql, params);
    return this.serial('query bars', () => this.reader.readQuery(this.connection, sql, [...params] as DuckDBValue[]));
  }

  /** Waits for running operations, then checkpoints and closes the file. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.drain();
    this.connection.closeSync();
    this.instance.closeSync();
  }

  // ---- internals ----

  private serial<T>(what: string, job: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new NwsError(ErrorCode.StorageError, `${what}: the time-series store ${this.file} is closed`));
    return this.queue.run(async () => {
      try {
        return await job();
      } catch (cause) {
        throw storageError(what, cause);
      }
    });
  }

  /**
   * Runs a long append with DuckDB's worker threads down to one, then gives them back (whatever
   * happens) to the queries that do run in parallel, such as resampling. The appender flushes
   * synchronously: the calling thread runs the insert itself, and when a DuckDB worker picks up
   * part of it the calling thread does not rest but polls until it is done. Measured on a 10M-bar
   * import (2 cores): the worker took ~1.2 s of CPU and the calling thread saved none of it, so
   * one thread does the same work in the same time for ~13% less CPU — CPU the parse thread needs.
   */
  private async onCallingThread<T>(body: () => Promise<T>): Promise<T> {
    const reader = await this.connection.runAndReadAll(`SELECT current_setting('threads')`);
    const threads = Number(reader.getRows()[0]![0]);
    if (!(threads > 1)) return body();
    await this.connection.run('SET threads = 1');
    try {
      return await body();
    } finally {
      await this.connection.run(`SET threads = ${Math.trunc(threads)}`);
    }
  }

  private async transaction<T>(body: () => Promise<T>): Promise<T> {
    await this.connection.run('BEGIN TRANSACTION');
    try {
      const result = await body();
      await this.connection.run('COMMIT');
      return result;
    } catch (cause) {
      await this.connection.run('ROLLBACK').catch(() => undefined);
      throw cause;
    }
  }

  /**
   * The body of both ingest paths, inside the caller's transaction. A pure append (first new bar
   * after the series' last) only appends. Otherwise the stored bars from the first new bar on are
   * set aside first, the blocks appended, and those after the last new bar put back behind them:
   * the series stays in time order in the file (reads rely on it) without rewriting all of it,
   * and the overlap policy is applied once the end of the stream, and so its span, is known.
   */
  private async writeBarStream(series: CheckedSeriesKey, blocks: AsyncIterable<BarColumns> | Iterable<BarColumns>, policy: OverlapPolicy): Promise<IngestBarsResult> {
    let stored: StoredSeries | undefined;
    let appender: BarAppender | undefined;
    let firstUs = 0n;
    let lastUs = 0n;
    let rows = 0;
    let setAside = false;
    try {
      for await (const columns of blocks) {
        const blockRows = checkColumnShapes(columns);
        if (blockRows === 0) continue;
        if (appender === undefined) {
          stored = (await this.findSeries(series)) ?? (await this.createSeries(series));
          firstUs = columns.tsUs[0]!;
          setAside = stored.lastUs !== null && firstUs <= stored.lastUs;
          if (setAside) await this.setAsideFrom(stored.seriesId, firstUs);
          appender = await BarAppender.open(this.connection, stored.seriesId);
        } else {
          checkBlockFollows(lastUs, columns.tsUs[0]!, rows);
        }
        appender.append(columns, blockRows);
        lastUs = columns.tsUs[blockRows - 1]!;
        rows += blockRows;
      }
      appender?.flush();
    } finally {
      appender?.close();
    }
    if (stored === undefined) return { ...series, rows: 0, replaced: 0 };
    const replaced = setAside ? await this.putBackAfter(series, firstUs, lastUs, policy) : 0;
    await this.connection.run(
      `UPDATE bar_series SET row_count = row_count + $2::BIGINT,
         first_ts = least(coalesce(first_ts, $3), $3), last_ts = greatest(coalesce(last_ts, $4), $4)
       WHERE series_id = $1::INTEGER`,
      [stored.seriesId, BigInt(rows - replaced), new DuckDBTimestampValue(firstUs), new DuckDBTimestampValue(lastUs)],
    );
    return { ...series, rows, replaced };
  }

  /** Moves the series' stored bars at or after `fromUs` into a temporary table (same transaction). */
  private async setAsideFrom(seriesId: number, fromUs: bigint): Promise<void> {
    // An integer id we issued and a bigint, spliced because CREATE TABLE AS takes no bound parameters.
    const where = `series_id = ${Math.trunc(seriesId)} AND ts >= make_timestamp(${BigInt(fromUs)})`;
    await this.connection.run(`CREATE TEMP TABLE nws_set_aside AS SELECT * FROM bar_data WHERE ${where} ORDER BY ts`);
    await this.connection.run(`DELETE FROM bar_data WHERE ${where}`);
  }

  /**
   * Applies the overlap policy to the set-aside bars inside [firstUs, lastUs] (dropped under
   * `replace`, CONFLICT under `reject`), appends the rest (all later than the new bars) back in
   * time order, and drops the temporary table. Returns how many stored bars were replaced.
   */
  private async putBackAfter(series: CheckedSeriesKey, firstUs: bigint, lastUs: bigint, policy: OverlapPolicy): Promise<number> {
    const last = `make_timestamp(${BigInt(lastUs)})`;
    const inSpan = Number((await this.connection.runAndReadAll(`SELECT count(*) FROM nws_set_aside WHERE ts <= ${last}`)).getRows()[0]![0]);
    if (policy === 'reject' && inSpan > 0) {
      throw new NwsError(
        ErrorCode.Conflict,
        `${describe(series)} already has ${inSpan} bars between ${firstUs} and ${lastUs} µs; nothing was written (use onOverlap: 'replace' to overwrite)`,
        { existing: inSpan },
      );
    }
    await this.connection.run(`INSERT INTO bar_data SELECT * FROM nws_set_aside WHERE ts > ${last} ORDER BY ts`);
    await this.connection.run('DROP TABLE nws_set_aside');
    return inSpan;
  }

  private async findSeries(series: CheckedSeriesKey): Promise<StoredSeries | undefined> {
    const reader = await this.connection.runAndReadAll(
      'SELECT series_id, row_count, epoch_us(first_ts), epoch_us(last_ts) FROM bar_series WHERE instrument_id = $1 AND bar_type = $2',
      [series.instrumentId, series.barType],
    );
    const row = reader.getRows()[0];
    if (row === undefined) return undefined;
    return { seriesId: Number(row[0]), rowCount: Number(row[1]), firstUs: row[2] as bigint | null, lastUs: row[3] as bigint | null };
  }

  private async createSeries(series: CheckedSeriesKey): Promise<StoredSeries> {
    const reader = await this.connection.runAndReadAll('INSERT INTO bar_series (instrument_id, bar_type) VALUES ($1, $2) RETURNING series_id', [
      series.instrumentId,
      series.barType,
    ]);
    return { seriesId: Number(reader.getRows()[0]![0]), rowCount: 0, firstUs: null, lastUs: null };
  }

  /** Narrows `range` so that it holds at most `limit` bars, from its start or its end. */
  private async limitRange(seriesId: number, range: UsRange, limit: number, fromEnd: boolean): Promise<UsRange> {
    const { where, values } = seriesFilter(seriesId, range);
    const reader = await this.connection.runAndReadAll(
      `SELECT epoch_us(ts) FROM bar_data WHERE ${where} ORDER BY ts ${fromEnd ? 'DESC' : 'ASC'} LIMIT 1 OFFSET ${limit - 1}`,
      values,
    );
    const cutoff = reader.getRows()[0]?.[0] as bigint | undefined;
    if (cutoff === undefined) return range; // fewer than `limit` bars: the whole range
    return fromEnd ? { ...range, fromUs: cutoff } : { ...range, toUs: cutoff + 1n };
  }
}

function checkPolicy(options: IngestBarsOptions): OverlapPolicy {
  const policy = options.onOverlap ?? 'replace';
  if (policy !== 'replace' && policy !== 'reject') {
    throw new NwsError(ErrorCode.InvalidArgument, `onOverlap must be 'replace' or 'reject', got '${String(policy)}'`);
  }
  return policy;
}

/** Blocks of one stream continue in time: the first bar of each after the last of the one before. */
function checkBlockFollows(previousUs: bigint, firstUs: bigint, rowsBefore: number): void {
  if (firstUs > previousUs) return;
  const problem = firstUs === previousUs ? 'repeats' : 'is before';
  throw new NwsError(
    ErrorCode.InvalidValue,
    `tsUs[${rowsBefore}] = ${firstUs} (first bar of a block) ${problem} tsUs[${rowsBefore - 1}] = ${previousUs}; bar times must be strictly increasing`,
    { column: 'tsUs', index: rowsBefore },
  );
}

function checkQuery(what: string, sql: string, params: readonly QueryParam[]): void {
  if (typeof sql !== 'string' || sql.trim() === '') throw new NwsError(ErrorCode.InvalidArgument, `${what}: sql must be a non-empty string`);
  if (!Array.isArray(params)) throw new NwsError(ErrorCode.InvalidArgument, `${what}: params must be an array`);
  params.forEach((param, index) => {
    const kind = typeof param;
    const allowed = param === null || kind === 'string' || kind === 'boolean' || kind === 'bigint' || (kind === 'number' && Number.isFinite(param));
    if (!allowed) throw new NwsError(ErrorCode.InvalidArgument, `${what}: params[${index}] must be a string, finite number, boolean, bigint or null`);
  });
}

function checkRange(request: { fromUs?: bigint; toUs?: bigint }): UsRange {
  const range: UsRange = {};
  for (const bound of ['fromUs', 'toUs'] as const) {
    const value = request[bound];
    if (value === undefined) continue;
    if (typeof value !== 'bigint') throw new NwsError(ErrorCode.InvalidArgument, `${bound} must be a bigint of epoch microseconds, got ${typeof value}`);
    range[bound] = value;
  }
  if (range.fromUs !== undefined && range.toUs !== undefined && range.fromUs > range.toUs) {
    throw new NwsError(ErrorCode.InvalidArgument, `fromUs ${range.fromUs} is after toUs ${range.toUs}`);
  }
  return range;
}

function checkLimit(limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new NwsError(ErrorCode.InvalidArgument, `limit must be an integer from 1 to ${MAX_LIMIT}, got ${limit}`);
  }
  return limit;
}

function describe(series: CheckedSeriesKey): string {
  return `${series.instrumentId} ${series.barType}`;
}

function notFound(series: CheckedSeriesKey): NwsError {
  return new NwsError(ErrorCode.NotFound, `no bars stored for ${describe(series)}`, { instrumentId: series.instrumentId, barType: series.barType });
}
