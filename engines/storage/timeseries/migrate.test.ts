import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ErrorCode, NwsError } from '@nws/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Migration } from '../migration.js';
import { migrateTimeSeries } from './migrate.js';
import { TIME_SERIES_MIGRATIONS } from './migrations.js';
import { TimeSeriesStore } from './time-series-store.js';

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nws-timeseries-migrate-'));
  file = join(dir, 'timeseries.duckdb');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function withConnection<T>(body: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  try {
    return await body(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const NEXT_VERSION = TIME_SERIES_MIGRATIONS.length + 1;
const factors: Migration = {
  version: NEXT_VERSION,
  name: 'factor-values',
  sql: 'CREATE TABLE factor_values (instrument_id VARCHAR NOT NULL, ts TIMESTAMP NOT NULL, factor VARCHAR NOT NULL, value DOUBLE)',
};

async function tables(connection: DuckDBConnection): Promise<string[]> {
  const reader = await connection.runAndReadAll("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1");
  return reader.getRows().map((row) => String(row[0]));
}

describe('time-series migrations', () => {
  it('creates the bar schema on a new file and records its version', async () => {
    const store = await TimeSeriesStore.open(file);
    expect(store.schemaVersion).toBe(TIME_SERIES_MIGRATIONS.length);
    await store.close();
    await withConnection(async (connection) => {
      expect(await tables(connection)).toEqual(
        expect.arrayContaining(['bar_data', 'bar_series', 'bars', 'indicator_data', 'indicator_series', 'indicator_values', 'quote_tick_data', 'quote_ticks', 'schema_version', 'tick_series', 'trade_tick_data', 'trade_ticks']),
      );
      const versions = (await connection.runAndReadAll('SELECT version, name FROM schema_version ORDER BY version')).getRowsJS();
      expect(versions).toEqual(TIME_SERIES_MIGRATIONS.map((migration) => [migration.version, migration.name]));
      expect(versions.slice(0, 3)).toEqual([[1, 'bars'], [2, 'indicator-values'], [3, 'bars-adj-close']]);
    });
  });

  it('migrates a version-1 file (bars only) to the indicator-values schema and keeps its bars', async () => {
    await withConnection((connection) => migrateTimeSeries(connection, file, TIME_SERIES_MIGRATIONS.slice(0, 1)));
    await withConnection((connection) =>
      connection.run("INSERT INTO bar_series (instrument_id, bar_type) VALUES ('AAPL.XNAS', '1d'); INSERT INTO bar_data VALUES (1, TIMESTAMP '2024-01-02', 1, 2, 0.5, 1.5, 100, NULL)"),
    );
    const store = await TimeSeriesStore.open(file);
    expect(store.schemaVersion).toBe(TIME_SERIES_MIGRATIONS.length);
    const tsUs = new BigInt64Array([1_704_153_600_000_000n]);
    await store.writeIndicatorValues({ instrumentId: 'AAPL.XNAS', barType: '1d' }, tsUs, [
      { key: 'sma_1', indicator: 'sma', params: { timeperiod: 1 }, outputs: { real: new Float64Array([1.5]) } },
    ]);
    expect((await store.readBars({ instrumentId: 'AAPL.XNAS', barType: '1d' })).close).toEqual(new Float64Array([1.5]));
    expect((await store.readIndicatorValues({ instrumentId: 'AAPL.XNAS', barType: '1d', key: 'sma_1' })).outputs.real).toEqual(new Float64Array([1.5]));
    await store.close();
  });

  it('migrates a version-2 file in place: old bars read back without adjusted close, new ones store it', async () => {
    await withConnection((connection) => migrateTimeSeries(connection, file, TIME_SERIES_MIGRATIONS.slice(0, 2)));
    await withConnection((connection) =>
      connection.run(
        "INSERT INTO bar_series (instrument_id, bar_type) VALUES ('AAPL.XNAS', '1d'); INSERT INTO bar_data VALUES (1, TIMESTAMP '2024-01-02', 187.15, 188.44, 183.89, 185.64, 82488700, NULL), (1, TIMESTAMP '2024-01-03', 184.22, 185.88, 183.43, 184.25, 58414500, NULL)",
      ),
    );
    const store = await TimeSeriesStore.open(file);
    expect(store.schemaVersion).toBe(TIME_SERIES_MIGRATIONS.length);
    const key = { instrumentId: 'AAPL.XNAS', barType: '1d' };
    const old = await store.readBars(key);
    expect(old.close).toEqual(new Float64Array([185.64, 184.25]));
    expect(old.adjClose).toBeUndefined();
    await store.ingestBars(key, {
      tsUs: new BigInt64Array([1_704_326_400_000_000n]),
      open: new Float64Array([182.15]),
      high: new Float64Array([183.09]),
      low: new Float64Array([180.88]),
      close: new Float64Array([181.91]),
      volume: new Float64Array([71_983_600]),
      adjClose: new Float64Array([180.97]),
    });
    const all = await store.readBars(key);
    expect(Array.from(all.adjClose!)).toEqual([NaN, NaN, 180.97]);
    expect((await store.query("SELECT adj_close FROM bars WHERE ts = TIMESTAMP '2024-01-04'")).map((row) => row.adj_close)).toEqual([180.97]);
    await store.close();
  });

  it('migrates a file up to a newer schema and keeps its bars', async () => {
    const store = await TimeSeriesStore.open(file);
    await store.ingestBars({ instrumentId: 'AAPL.XNAS', barType: '1d' }, {
      tsUs: new BigInt64Array([1_704_153_600_000_000n]),
      open: new Float64Array([185.64]),
      high: new Float64Array([186.95]),
      low: new Float64Array([183.82]),
      close: new Float64Array([185.85]),
      volume: new Float64Array([82_488_700]),
    });
    await store.close();

    const version = await withConnection((connection) => migrateTimeSeries(connection, file, [...TIME_SERIES_MIGRATIONS, factors]));
    expect(version).toBe(NEXT_VERSION);
    await withConnection(async (connection) => {
      expect(await tables(connection)).toContain('factor_values');
      expect((await connection.runAndReadAll('SELECT close FROM bars')).getRowsJS()).toEqual([[185.85]]);
      // Running again is a no-op.
      expect(await migrateTimeSeries(connection, file, [...TIME_SERIES_MIGRATIONS, factors])).toBe(NEXT_VERSION);
    });
  });

  it('rolls a failing migration back completely and leaves the file at the previous version', async () => {
    const broken: Migration = {
      version: NEXT_VERSION,
      name: 'half-broken',
      sql: 'CREATE TABLE factor_scores (ts TIMESTAMP); INSERT INTO factor_scores VALUES (TIMESTAMP \'2024-01-02\'); SELECT no_such_column FROM bar_data;',
    };
    await withConnection((connection) => migrateTimeSeries(connection, file));
    const error = await withConnection((connection) => migrateTimeSeries(connection, file, [...TIME_SERIES_MIGRATIONS, broken]).catch((caught: unknown) => caught));
    expect(error).toBeInstanceOf(NwsError);
    expect((error as NwsError).code).toBe(ErrorCode.StorageError);
    expect((error as NwsError).message).toContain(`migration ${NEXT_VERSION} 'half-broken' failed`);
    expect((error as NwsError).message).toContain(`stays at version ${NEXT_VERSION - 1}`);
    await withConnection(async (connection) => {
      expect(await tables(connection)).not.toContain('factor_scores');
      expect((await connection.runAndReadAll('SELECT max(version) FROM schema_version')).getRowsJS()).toEqual([[NEXT_VERSION - 1]]);
    });
  });

  it('refuses a file written by a newer build', async () => {
    await withConnection((connection) => migrateTimeSeries(connection, file, [...TIME_SERIES_MIGRATIONS, factors]));
    const error = await TimeSeriesStore.open(file).catch((caught: unknown) => caught);
    expect((error as NwsError).code).toBe(ErrorCode.StorageError);
    expect((error as NwsError).message).toContain(`schema version ${NEXT_VERSION}, newer than this build knows (${NEXT_VERSION - 1})`);
  });

  it('refuses a migration list with a gap', async () => {
    const gap = { ...factors, version: NEXT_VERSION + 1 };
    const error = await withConnection((connection) => migrateTimeSeries(connection, file, [...TIME_SERIES_MIGRATIONS, gap]).catch((caught: unknown) => caught));
    expect((error as NwsError).code).toBe(ErrorCode.InvalidConfig);
  });
});
