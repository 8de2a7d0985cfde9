import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ErrorCode, NwsError, testkit } from '@nws/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Migration } from '../migration.js';
import { migrateState, stateVersion } from './migrate.js';
import { STATE_MIGRATIONS } from './migrations.js';
import { StateStore } from './state-store.js';

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nws-state-migrate-'));
  file = join(dir, 'state.sqlite');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function withDatabase<T>(body: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return body(db);
  } finally {
    db.close();
  }
}

function tables(db: Database.Database): string[] {
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  return rows.map((row) => row.name);
}

const { errorOf } = testkit;

describe('state migrations', () => {
  it('brings a version-1 file with data up to the newest schema, keeping the data', () => {
    // A file as the first release left it: only migration 1, with an instrument, a setting and an audit entry.
    withDatabase((db) => {
      expect(migrateState(db, file, STATE_MIGRATIONS.slice(0, 1))).toBe(1);
      db.prepare("INSERT INTO instruments VALUES ('AAPL.XNAS', 'XNAS', 'equity', ?, 1)").run(JSON.stringify(testkit.instruments.aapl()));
      db.prepare(`INSERT INTO settings VALUES ('ui.theme', '"dark"', 1)`).run();
      db.prepare(`INSERT INTO audit_log (ts, actor, action, details) VALUES (1, 'user', 'first-run', '{}')`).run();
      expect(tables(db)).not.toContain('orders');
    });

    const store = StateStore.open(file);
    try {
      expect(store.schemaVersion).toBe(STATE_MIGRATIONS.length);
      expect(store.getInstrument('AAPL.XNAS')?.name).toBe('Apple Inc.');
      expect(store.getSetting('ui.theme')).toBe('dark');
      expect(store.auditLog().map((entry) => entry.action)).toEqual(['first-run']);
      // The order journal from migration 2 works on the migrated file.
      const order = testkit.orders.inStatus(testkit.orders.market({ clientOrderId: 'O-1' }));
      expect(store.journalOrder({ clientOrderId: 'O-1', sequence: 1, kind: 'OrderInitialized', ts: order.tsInit, order })).toBe('journaled');
    } finally {
      store.close();
    }
    withDatabase((db) => {
      const versions = db.prepare('SELECT version, name FROM schema_version ORDER BY version').all();
      expect(versions).toEqual(STATE_MIGRATIONS.map(({ version, name }) => ({ version, name })));
    });
  });

  it('rolls a failing migration back completely: no table, no row, version unchanged', () => {
    const broken: Migration = {
      version: STATE_MIGRATIONS.length + 1,
      name: 'broken-step',
      sql: `CREATE TABLE strategies (id TEXT PRIMARY KEY) STRICT;
            INSERT INTO strategies VALUES ('S-1');
            ALTER TABLE settings ADD COLUMN scope TEXT;
            INSERT INTO no_such_table VALUES (1);`,
    };
    withDatabase((db) => {
      migrateState(db, file);
      const error = errorOf(() => migrateState(db, file, [...STATE_MIGRATIONS, broken]));
      expect(error.code).toBe(ErrorCode.StorageError);
      expect(error.message).toContain(`migration ${broken.version} 'broken-step' failed`);
      expect(error.message).toContain('no such table: no_such_table');
      expect(stateVersion(db)).toBe(STATE_MIGRATIONS.length);
      expect(tables(db)).not.toContain('strategies');
      const settingsColumns = (db.prepare('PRAGMA table_info(settings)').all() as { name: string }[]).map((column) => column.name);
      expect(settingsColumns).not.toContain('scope');
    });
  });

  it('refuses a file written by a newer build', () => {
    const future: Migration = { version: STATE_MIGRATIONS.length + 1, name: 'future', sql: 'CREATE TABLE future (x INTEGER) STRICT' };
    withDatabase((db) => migrateState(db, file, [...STATE_MIGRATIONS, future]));
    const error = errorOf(() => StateStore.open(file));
    expect(error.code).toBe(ErrorCode.StorageError);
    expect(error.message).toContain(`schema version ${future.version}, newer than this build knows (${STATE_MIGRATIONS.length})`);
  });
});
