// Backtest results in the time-series file (schema: migration 4, see migrations.ts): one row per
// run in `backtest_runs` (what ran, on what data, its status and summary statistics as JSON) and
// the run's orders, fills, closed trades and equity curve in tables keyed by the run's small
// integer key. A finished run is written in one transaction: a reader sees all of it or none.
// The equity curve is appended as whole DataChunks (one memcpy per column, like bar-writer.ts):
// a run over a year of one-minute bars has ~100k points.
import duckdb from '@duckdb/node-bindings';
import { DuckDBDataChunk, DuckDBDoubleType, DuckDBIntegerType, DuckDBTimestampType, DuckDBTimestampValue } from '@duckdb/node-api';
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { ErrorCode, NwsError } from '@nws/core';
import { toJsonValue } from '../json-value.js';
import type { JsonValue } from '../json-value.js';
import { copyInto } from './chunk-copy.js';

export const BACKTEST_RESULTS_MIGRATION_SQL = `
  CREATE SEQUENCE backtest_run_key_seq START 1;
  CREATE TABLE backtest_runs (
    run_key INTEGER PRIMARY KEY DEFAULT nextval('backtest_run_key_seq'),
    run_id VARCHAR NOT NULL UNIQUE,
    created_ts TIMESTAMP NOT NULL,
    finished_ts TIMESTAMP,
    strategy VARCHAR NOT NULL,
    params VARCHAR NOT NULL,
    data_spec VARCHAR NOT NULL,
    cash DOUBLE NOT NULL,
    status VARCHAR NOT NULL,
    sweep_id VARCHAR,
    summary VARCHAR,
    error VARCHAR
  );
  CREATE TABLE backtest_orders (
    run_key INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    client_order_id VARCHAR NOT NULL,
    instrument_id VARCHAR NOT NULL,
    side VARCHAR NOT NULL,
    order_type VARCHAR NOT NULL,
    quantity DOUBLE NOT NULL,
    price DOUBLE,
    trigger_price DOUBLE,
    status VARCHAR NOT NULL,
    filled_qty DOUBLE NOT NULL,
    avg_fill_price DOUBLE,
    ts_init TIMESTAMP NOT NULL,
    ts_last TIMESTAMP NOT NULL,
    reason VARCHAR
  );
  CREATE TABLE backtest_fills (
    run_key INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    ts TIMESTAMP NOT NULL,
    client_order_id VARCHAR NOT NULL,
    instrument_id VARCHAR NOT NULL,
    side VARCHAR NOT NULL,
    quantity DOUBLE NOT NULL,
    price DOUBLE NOT NULL,
    commission DOUBLE NOT NULL
  );
  CREATE TABLE backtest_trades (
    run_key INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    instrument_id VARCHAR NOT NULL,
    side VARCHAR NOT NULL,
    quantity DOUBLE NOT NULL,
    entry_ts TIMESTAMP NOT NULL,
    exit_ts TIMESTAMP NOT NULL,
    entry_price DOUBLE NOT NULL,
    exit_price DOUBLE NOT NULL,
    pnl DOUBLE NOT NULL,
    commission DOUBLE NOT NULL
  );
  CREATE TABLE backtest_equity (
    run_key INTEGER NOT NULL,
    ts TIMESTAMP NOT NULL,
    equity DOUBLE NOT NULL,
    cash DOUBLE NOT NULL,
    drawdown DOUBLE NOT NULL
  );
`;

export const BACKTEST_RUN_STATUSES = ['running', 'done', 'failed', 'canceled'] as const;
export type BacktestRunStatus = (typeof BACKTEST_RUN_STATUSES)[number];

/** What a run is, as `backtest_runs` holds it. */
export interface BacktestRunHeader {
  /** Letters, digits, `_`, `-`, 1–100 characters; chosen by the caller (the Host uses `bt-<uuid>`). */
  runId: string;
  /** Epoch ms. */
  createdTs: number;
  strategy: string;
  /** Resolved parameters. */
  params: Readonly<Record<string, number | boolean | string>>;
  /** Where the bars came from (instrument, bar type, range, files): plain JSON, stored as given. */
  data: JsonValue;
  /** Starting cash. */
  cash: number;
  /** Set for runs a sweep made. */
  sweepId?: string;
}

export interface BacktestRunInfo extends BacktestRunHeader {
  status: BacktestRunStatus;
  /** Epoch ms when the run finished, failed or was cancelled. */
  finishedTs: number | null;
  /** Statistics and anything else the caller keeps about the run (plain JSON); null until done. */
  summary: JsonValue | null;
  error: string | null;
}

export interface StoredBacktestOrder {
  clientOrderId: string;
  instrumentId: string;
  side: string;
  type: string;
  quantity: number;
  price: number | null;
  triggerPrice: number | null;
  status: string;
  filledQty: number;
  avgFillPrice: number | null;
  /** Epoch ms. */
  tsInit: number;
  tsLast: number;
  reason: string | null;
}

export interface StoredBacktestFill {
  ts: number;
  clientOrderId: string;
  instrumentId: string;
  side: string;
  quantity: number;
  price: number;
  commission: number;
}

export interface StoredBacktestTrade {
  instrumentId: string;
  side: string;
  quantity: number;
  entryTs: number;
  exitTs: number;
  entryPrice: number;
  exitPrice: number;
  pnl: number;
  commission: number;
}

/** The equity curve as columns, one row per time step, oldest first. */
export interface BacktestEquityColumns {
  /** Epoch ms of each step. */
  ts: Float64Array;
  equity: Float64Array;
  cash: Float64Array;
  /** Fall from the running peak as a fraction of that peak (0.12 = 12% below the peak). */
  drawdown: Float64Array;
}

/** A finished run with everything it produced. */
export interface BacktestRunWrite extends BacktestRunHeader {
  summary: JsonValue;
  orders: readonly StoredBacktestOrder[];
  fills: readonly StoredBacktestFill[];
  trades: readonly StoredBacktestTrade[];
  equity: BacktestEquityColumns;
}

export interface BacktestRunRecord extends BacktestRunInfo {
  orders: StoredBacktestOrder[];
  fills: StoredBacktestFill[];
  trades: StoredBacktestTrade[];
  equity: BacktestEquityColumns;
}

export interface ListBacktestRunsOptions {
  /** Only the runs of this sweep. */
  sweepId?: string;
  /** Leave sweep runs out (the Lab's run list shows single runs; sweeps have their own table). */
  excludeSweeps?: boolean;
  /** At most this many, newest first. */
  limit?: number;
}

/** What the store needs from TimeSeriesStore: its one connection, in turn, and transactions. */
export type SerialRunner = <T>(what: string, job: () => Promise<T>) => Promise<T>;
export type TransactionRunner = <T>(body: () => Promise<T>) => Promise<T>;

const RUN_ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;
const MAX_LIST = 10_000;

function invalid(message: string): NwsError {
  return new NwsError(ErrorCode.InvalidArgument, message);
}

/** Checks a run id's shape; returns it. */
export function checkRunId(runId: unknown, what = 'run id'): string {
  if (typeof runId !== 'string' || !RUN_ID_PATTERN.test(runId)) throw invalid(`${what} ${JSON.stringify(runId)} must be 1-100 letters, digits, '_' or '-'`);
  return runId;
}

function checkHeader(header: BacktestRunHeader): void {
  checkRunId(header.runId);
  if (header.sweepId !== undefined) checkRunId(header.sweepId, 'sweep id');
  if (!Number.isSafeInteger(header.createdTs)) throw invalid(`createdTs must be an integer epoch ms, got ${header.createdTs}`);
  if (typeof header.strategy !== 'string' || header.strategy === '') throw invalid('strategy must be a non-empty name');
  if (!Number.isFinite(header.cash)) throw invalid(`cash must be a finite number, got ${header.cash}`);
  toJsonValue(header.params, 'params');
  toJsonValue(header.data, 'data');
}

function checkEquity(equity: BacktestEquityColumns): number {
  const rows = equity.ts?.length;
  for (const name of ['ts', 'equity', 'cash', 'drawdown'] as const) {
    if (!(equity[name] instanceof Float64Array)) throw invalid(`equity.${name} must be a Float64Array`);
    if (equity[name].length !== rows) throw invalid(`equity.${name} has ${equity[name].length} values, equity.ts has ${rows}`);
  }
  for (let row = 0; row < rows; row++) {
    if (!Number.isSafeInteger(equity.ts[row]!)) throw invalid(`equity.ts[${row}] = ${equity.ts[row]} is not an integer epoch ms`);
    if (row > 0 && !(equity.ts[row]! > equity.ts[row - 1]!)) throw invalid(`equity.ts[${row}] is not after equity.ts[${row - 1}]`);
    if (!Number.isFinite(equity.equity[row]! + equity.cash[row]! + equity.drawdown[row]!)) {
      throw new NwsError(ErrorCode.InvalidValue, `equity row ${row} holds a value that is not finite`);
    }
  }
  return rows;
}

/**
 * Stored backtest runs. Every method runs on the time-series store's connection through its
 * serial queue; writes are transactions. Reached as `TimeSeriesStore.backtestResults`.
 */
export class BacktestResultStore {
  constructor(
    private readonly connection: DuckDBConnection,
    private readonly serial: SerialRunner,
    private readonly transaction: TransactionRunner,
  ) {}

  /** Records a run that has started (status `running`); CONFLICT if the id exists. */
  async start(header: BacktestRunHeader): Promise<void> {
    checkHeader(header);
    await this.serial(`start backtest run ${header.runId}`, () => this.transaction(() => this.insertHeader(header, 'running')));
  }

  /**
   * Writes a finished run with everything it produced, in one transaction: the header (created
   * now, or a `running` one from `start` completed) and its orders, fills, trades and curve.
   * CONFLICT when the run is already finished.
   */
  async saveFinished(run: BacktestRunWrite): Promise<void> {
    checkHeader(run);
    const summary = toJsonValue(run.summary, 'summary');
    const equityRows = checkEquity(run.equity);
    await this.serial(`save backtest run ${run.runId}`, () =>
      this.transaction(async () => {
        const existing = await this.findKey(run.runId);
        if (existing !== undefined && existing.status !== 'running') {
          throw new NwsError(ErrorCode.Conflict, `backtest run ${run.runId} is already ${existing.status}`, { runId: run.runId });
        }
        const key = existing?.key ?? (await this.insertHeader(run, 'running'));
        await this.appendOrders(key, run.orders);
        await this.appendFills(key, run.fills);
        await this.appendTrades(key, run.trades);
        await appendEquity(this.connection, key, run.equity, equityRows);
        await this.connection.run(
          `UPDATE backtest_runs SET status = 'done', summary = $2, finished_ts = make_timestamp($3::BIGINT * 1000), error = NULL WHERE run_key = $1::INTEGER`,
          [key, JSON.stringify(summary), Date.now()],
        );
      }),
    );
  }

  /**
   * Ends a `running` run as `failed` or `canceled` (with an error text); nothing else is written.
   * Returns false when the run is unknown or no longer running.
   */
  async finishUnsuccessful(runId: string, status: 'failed' | 'canceled', error: string): Promise<boolean> {
    checkRunId(runId);
    return this.serial(`end backtest run ${runId}`, async () => {
      const result = await this.connection.run(
        `UPDATE backtest_runs SET status = $2, error = $3, finished_ts = make_timestamp($4::BIGINT * 1000) WHERE run_id = $1 AND status = 'running'`,
        [runId, status, error, Date.now()],
      );
      return result.rowsChanged > 0;
    });
  }

  /** Marks every run still `running` as failed: after a Host restart nothing is running any more. */
  async failInterrupted(error: string): Promise<number> {
    return this.serial('fail interrupted backtest runs', async () => {
      const result = await this.connection.run(
        `UPDATE backtest_runs SET status = 'failed', error = $1, finished_ts = make_timestamp($2::BIGINT * 1000) WHERE status = 'running'`,
        [error, Date.now()],
      );
      return result.rowsChanged;
    });
  }

  /** Runs with their summaries, newest first. */
  async list(options: ListBacktestRunsOptions = {}): Promise<BacktestRunInfo[]> {
    const limit = options.limit ?? MAX_LIST;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIST) throw invalid(`limit must be an integer from 1 to ${MAX_LIST}, got ${limit}`);
    const sweepId = options.sweepId === undefined ? undefined : checkRunId(options.sweepId, 'sweep id');
    const clauses: string[] = [];
    const values: Array<string | number> = [];
    if (sweepId !== undefined) {
      values.push(sweepId);
      clauses.push(`sweep_id = $${values.length}`);
    }
    if (options.excludeSweeps === true) clauses.push('sweep_id IS NULL');
    const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    return this.serial('list backtest runs', async () => {
      const reader = await this.connection.runAndReadAll(`${RUN_COLUMNS} FROM backtest_runs ${where} ORDER BY created_ts DESC, run_key DESC LIMIT ${limit}`, values);
      return reader.getRows().map(runInfoOf);
    });
  }

  /** One run with its orders, fills, trades and equity curve; NOT_FOUND for an unknown id. */
  async get(runId: string): Promise<BacktestRunRecord> {
    checkRunId(runId);
    return this.serial(`read backtest run ${runId}`, async () => {
      const row = (await this.connection.runAndReadAll(`${RUN_COLUMNS}, run_key FROM backtest_runs WHERE run_id = $1`, [runId])).getRows()[0];
      if (row === undefined) throw notFound(runId);
      const key = Number(row[11]);
      return {
        ...runInfoOf(row),
        orders: await this.readOrders(key),
        fills: await this.readFills(key),
        trades: await this.readTrades(key),
        equity: await this.readEquity(key),
      };
    });
  }

  /** The run's header and summary only; NOT_FOUND for an unknown id. */
  async info(runId: string): Promise<BacktestRunInfo> {
    checkRunId(runId);
    return this.serial(`read backtest run ${runId}`, async () => {
      const row = (await this.connection.runAndReadAll(`${RUN_COLUMNS} FROM backtest_runs WHERE run_id = $1`, [runId])).getRows()[0];
      if (row === undefined) throw notFound(runId);
      return runInfoOf(row);
    });
  }

  /** Deletes a run and everything it produced; false when there was none. */
  async delete(runId: string): Promise<boolean> {
    checkRunId(runId);
    return this.serial(`delete backtest run ${runId}`, () =>
      this.transaction(async () => {
        const existing = await this.findKey(runId);
        if (existing === undefined) return false;
        for (const table of DETAIL_TABLES) await this.connection.run(`DELETE FROM ${table} WHERE run_key = $1::INTEGER`, [existing.key]);
        await this.connection.run('DELETE FROM backtest_runs WHERE run_key = $1::INTEGER', [existing.key]);
        return true;
      }),
    );
  }

  // ---- internals (inside serial) ----

  private async findKey(runId: string): Promise<{ key: number; status: BacktestRunStatus } | undefined> {
    const row = (await this.connection.runAndReadAll('SELECT run_key, status FROM backtest_runs WHERE run_id = $1', [runId])).getRows()[0];
    return row === undefined ? undefined : { key: Number(row[0]), status: row[1] as BacktestRunStatus };
  }

  private async insertHeader(header: BacktestRunHeader, status: BacktestRunStatus): Promise<number> {
    if ((await this.findKey(header.runId)) !== undefined) {
      throw new NwsError(ErrorCode.Conflict, `backtest run ${header.runId} already exists`, { runId: header.runId });
    }
    const reader = await this.connection.runAndReadAll(
      `INSERT INTO backtest_runs (run_id, created_ts, strategy, params, data_spec, cash, status, sweep_id)
       VALUES ($1, make_timestamp($2::BIGINT * 1000), $3, $4, $5, $6::DOUBLE, $7, $8) RETURNING run_key`,
      [header.runId, header.createdTs, header.strategy, JSON.stringify(header.params), JSON.stringify(header.data), header.cash, status, header.sweepId ?? null],
    );
    return Number(reader.getRows()[0]![0]);
  }

  private async appendOrders(key: number, orders: readonly StoredBacktestOrder[]): Promise<void> {
    await this.appendRows('backtest_orders', orders, (appender, order, seq) => {
      appender.appendInteger(key);
      appender.appendInteger(seq);
      appender.appendVarchar(order.clientOrderId);
      appender.appendVarchar(order.instrumentId);
      appender.appendVarchar(order.side);
      appender.appendVarchar(order.type);
      appender.appendDouble(order.quantity);
      appendNullableDouble(appender, order.price);
      appendNullableDouble(appender, order.triggerPrice);
      appender.appendVarchar(order.status);
      appender.appendDouble(order.filledQty);
      appendNullableDouble(appender, order.avgFillPrice);
      appendTimestampMs(appender, order.tsInit);
      appendTimestampMs(appender, order.tsLast);
      if (order.reason === null) appender.appendNull();
      else appender.appendVarchar(order.reason);
    });
  }

  private async appendFills(key: number, fills: readonly StoredBacktestFill[]): Promise<void> {
    await this.appendRows('backtest_fills', fills, (appender, fill, seq) => {
      appender.appendInteger(key);
      appender.appendInteger(seq);
      appendTimestampMs(appender, fill.ts);
      appender.appendVarchar(fill.clientOrderId);
      appender.appendVarchar(fill.instrumentId);
      appender.appendVarchar(fill.side);
      appender.appendDouble(fill.quantity);
      appender.appendDouble(fill.price);
      appender.appendDouble(fill.commission);
    });
  }

  private async appendTrades(key: number, trades: readonly StoredBacktestTrade[]): Promise<void> {
    await this.appendRows('backtest_trades', trades, (appender, trade, seq) => {
      appender.appendInteger(key);
      appender.appendInteger(seq);
      appender.appendVarchar(trade.instrumentId);
      appender.appendVarchar(trade.side);
      appender.appendDouble(trade.quantity);
      appendTimestampMs(appender, trade.entryTs);
      appendTimestampMs(appender, trade.exitTs);
      appender.appendDouble(trade.entryPrice);
      appender.appendDouble(trade.exitPrice);
      appender.appendDouble(trade.pnl);
      appender.appendDouble(trade.commission);
    });
  }

  private async appendRows<T>(table: string, rows: readonly T[], append: (appender: DuckDBAppender, row: T, seq: number) => void): Promise<void> {
    if (rows.length === 0) return;
    const appender = await this.connection.createAppender(table);
    try {
      rows.forEach((row, seq) => {
        append(appender, row, seq);
        appender.endRow();
      });
      appender.flushSync();
    } finally {
      closeQuietly(appender);
    }
  }

  private async readOrders(key: number): Promise<StoredBacktestOrder[]> {
    const reader = await this.connection.runAndReadAll(
      `SELECT client_order_id, instrument_id, side, order_type, quantity, price, trigger_price, status, filled_qty, avg_fill_price,
         epoch_ms(ts_init), epoch_ms(ts_last), reason
       FROM backtest_orders WHERE run_key = $1::INTEGER ORDER BY seq`,
      [key],
    );
    return reader.getRows().map((row) => ({
      clientOrderId: row[0] as string,
      instrumentId: row[1] as string,
      side: row[2] as string,
      type: row[3] as string,
      quantity: row[4] as number,
      price: row[5] as number | null,
      triggerPrice: row[6] as number | null,
      status: row[7] as string,
      filledQty: row[8] as number,
      avgFillPrice: row[9] as number | null,
      tsInit: Number(row[10]),
      tsLast: Number(row[11]),
      reason: row[12] as string | null,
    }));
  }

  private async readFills(key: number): Promise<StoredBacktestFill[]> {
    const reader = await this.connection.runAndReadAll(
      `SELECT epoch_ms(ts), client_order_id, instrument_id, side, quantity, price, commission FROM backtest_fills WHERE run_key = $1::INTEGER ORDER BY seq`,
      [key],
    );
    return reader.getRows().map((row) => ({
      ts: Number(row[0]),
      clientOrderId: row[1] as string,
      instrumentId: row[2] as string,
      side: row[3] as string,
      quantity: row[4] as number,
      price: row[5] as number,
      commission: row[6] as number,
    }));
  }

  private async readTrades(key: number): Promise<StoredBacktestTrade[]> {
    const reader = await this.connection.runAndReadAll(
      `SELECT instrument_id, side, quantity, epoch_ms(entry_ts), epoch_ms(exit_ts), entry_price, exit_price, pnl, commission
       FROM backtest_trades WHERE run_key = $1::INTEGER ORDER BY seq`,
      [key],
    );
    return reader.getRows().map((row) => ({
      instrumentId: row[0] as string,
      side: row[1] as string,
      quantity: row[2] as number,
      entryTs: Number(row[3]),
      exitTs: Number(row[4]),
      entryPrice: row[5] as number,
      exitPrice: row[6] as number,
      pnl: row[7] as number,
      commission: row[8] as number,
    }));
  }

  private async readEquity(key: number): Promise<BacktestEquityColumns> {
    const reader = await this.connection.runAndReadAll(
      'SELECT epoch_ms(ts)::DOUBLE, equity, cash, drawdown FROM backtest_equity WHERE run_key = $1::INTEGER ORDER BY ts',
      [key],
    );
    // An empty result has no column arrays at all.
    const columns = reader.currentRowCount === 0 ? [[], [], [], []] : reader.getColumns();
    return {
      ts: Float64Array.from(columns[0] as number[]),
      equity: Float64Array.from(columns[1] as number[]),
      cash: Float64Array.from(columns[2] as number[]),
      drawdown: Float64Array.from(columns[3] as number[]),
    };
  }
}

const DETAIL_TABLES = ['backtest_orders', 'backtest_fills', 'backtest_trades', 'backtest_equity'] as const;

const RUN_COLUMNS = `SELECT run_id, epoch_ms(created_ts), strategy, params, data_spec, cash, status, sweep_id, summary, error, epoch_ms(finished_ts)`;

function runInfoOf(row: readonly unknown[]): BacktestRunInfo {
  const sweepId = row[7] as string | null;
  return {
    runId: row[0] as string,
    createdTs: Number(row[1]),
    strategy: row[2] as string,
    params: JSON.parse(row[3] as string) as BacktestRunInfo['params'],
    data: JSON.parse(row[4] as string) as JsonValue,
    cash: row[5] as number,
    status: row[6] as BacktestRunStatus,
    ...(sweepId === null ? {} : { sweepId }),
    summary: row[8] === null ? null : (JSON.parse(row[8] as string) as JsonValue),
    error: row[9] as string | null,
    finishedTs: row[10] === null ? null : Number(row[10]),
  };
}

function notFound(runId: string): NwsError {
  return new NwsError(ErrorCode.NotFound, `no backtest run ${runId}`, { runId });
}

function appendNullableDouble(appender: DuckDBAppender, value: number | null): void {
  if (value === null || !Number.isFinite(value)) appender.appendNull();
  else appender.appendDouble(value);
}

function appendTimestampMs(appender: DuckDBAppender, ms: number): void {
  appender.appendTimestamp(new DuckDBTimestampValue(BigInt(Math.trunc(ms)) * 1000n));
}

/** Column order of `backtest_equity`: the chunk is written positionally. */
const EQUITY_TYPES = [DuckDBIntegerType.instance, DuckDBTimestampType.instance, DuckDBDoubleType.instance, DuckDBDoubleType.instance, DuckDBDoubleType.instance];

async function appendEquity(connection: DuckDBConnection, key: number, equity: BacktestEquityColumns, rows: number): Promise<void> {
  if (rows === 0) return;
  const sliceSize = duckdb.vector_size();
  const keys = new Int32Array(sliceSize).fill(key);
  const tsUs = new BigInt64Array(rows);
  for (let row = 0; row < rows; row++) tsUs[row] = BigInt(equity.ts[row]!) * 1000n;
  const chunk = DuckDBDataChunk.create(EQUITY_TYPES);
  const appender = await connection.createAppender('backtest_equity');
  try {
    for (let start = 0; start < rows; start += sliceSize) {
      const count = Math.min(rows, start + sliceSize) - start;
      chunk.reset();
      const raw = chunk.chunk;
      duckdb.data_chunk_set_size(raw, count);
      copyInto(raw, 0, keys, 0, count);
      copyInto(raw, 1, tsUs, start, count);
      copyInto(raw, 2, equity.equity, start, count);
      copyInto(raw, 3, equity.cash, start, count);
      copyInto(raw, 4, equity.drawdown, start, count);
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    closeQuietly(appender);
  }
}


function closeQuietly(appender: { closeSync(): void }): void {
  try {
    appender.closeSync();
  } catch {
    // Closing after a failed append may throw again; the transaction rollback discards the rows.
  }
}
