import type Database from 'better-sqlite3';
import { ErrorCode, NwsError } from '@nws/core';
import { checkMigrationList, latestVersion, newerFileError } from '../migration.js';
import type { Migration } from '../migration.js';
import { STATE_MIGRATIONS } from './migrations.js';

const STORE = 'state store';

/** The version a state file is at: 0 for a new file. */
export function stateVersion(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT');
  const row = db.prepare('SELECT coalesce(max(version), 0) AS version FROM schema_version').get() as { version: number };
  return row.version;
}

/**
 * Brings the SQLite file up to the newest schema. Each migration runs in its own transaction
 * together with its `schema_version` row (SQLite DDL is transactional), so a failing step leaves
 * the file exactly at the previous version. Returns the version the file is at.
 */
export function migrateState(db: Database.Database, file: string, migrations: readonly Migration[] = STATE_MIGRATIONS): number {
  checkMigrationList(migrations, STORE);
  const current = stateVersion(db);
  const latest = latestVersion(migrations);
  if (current > latest) throw newerFileError(STORE, file, current, latest);
  const record = db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations.slice(current)) {
    const apply = db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
    });
    try {
      apply.immediate();
    } catch (cause) {
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
