import type { DuckDBConnection } from '@duckdb/node-api';
import { ErrorCode, NwsError } from '@nws/core';
import { checkMigrationList, latestVersion, newerFileError } from '../migration.js';
import type { Migration } from '../migration.js';
import { TIME_SERIES_MIGRATIONS } from './migrations.js';

const STORE = 'time-series store';

/**
 * Brings the DuckDB file up to the newest schema. Each migration runs in its own transaction
 * together with its `schema_version` row, so a failing step leaves the file at the previous
 * version with nothing of the failed step applied. Returns the version the file is at.
 */
export async function migrateTimeSeries(
  connection: DuckDBConnection,
  file: string,
  migrations: readonly Migration[] = TIME_SERIES_MIGRATIONS,
): Promise<number> {
  checkMigrationList(migrations, STORE);
  await connection.run(
    'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at_ms BIGINT NOT NULL)',
  );
  const current = Number((await connection.runAndReadAll('SELECT coalesce(max(version), 0) FROM schema_version')).getRows()[0]![0]);
  const latest = latestVersion(migrations);
  if (current > latest) throw newerFileError(STORE, file, current, latest);
  for (const migration of migrations.slice(current)) {
    await connection.run('BEGIN TRANSACTION');
    try {
      await connection.run(migration.sql);
      await connection.run('INSERT INTO schema_version VALUES ($1::INTEGER, $2, $3::BIGINT)', [migration.version, migration.name, Date.now()]);
      await connection.run('COMMIT');
    } catch (cause) {
      await connection.run('ROLLBACK').catch(() => undefined);
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new NwsError(
        ErrorCode.StorageError,
        `${STORE} migration ${migration.version} '${migration.name}' failed on ${file}: ${message}; the file stays at version ${migration.version - 1}`,
        { file, version: migration.version },
      );
    }
  }
  return latest;
}
