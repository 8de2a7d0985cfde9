import type { Migration } from '../migration.js';

/** Refuses UPDATE and DELETE on an append-only table. */
function appendOnly(table: string): string {
  return `
    CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
      BEGIN SELECT RAISE(ABORT, '${table} is append-only: UPDATE refused'); END;
    CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
      BEGIN SELECT RAISE(ABORT, '${table} is append-only: DELETE refused'); END;`;
}

/**
 * Schema of the state file, oldest first. A new table is a new entry at the end; released
 * entries are never edited. JSON columns hold the full domain object (`body`); the plain
 * columns beside them exist to be filtered and indexed.
 */
export const STATE_MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    version: 1,
    name: 'instruments-settings-audit',
    sql: `
      CREATE TABLE instruments (
        instrument_id TEXT PRIMARY KEY,
        venue TEXT NOT NULL,
        asset_class TEXT NOT NULL,
        body TEXT NOT NULL CHECK (json_valid(body)),
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX instruments_by_venue ON instruments (venue);

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value)),
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ts INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        details TEXT NOT NULL CHECK (json_valid(details))
      ) STRICT;
      CREATE INDEX audit_log_by_ts ON audit_log (ts);
      ${appendOnly('audit_log')}
    `,
  },
  {
    version: 2,
    name: 'order-journal',
    sql: `
      -- Current state of every order, one row each, replaced by each journalled event.
      CREATE TABLE orders (
        client_order_id TEXT PRIMARY KEY,
        strategy_id TEXT NOT NULL,
        instrument_id TEXT NOT NULL,
        status TEXT NOT NULL,
        last_sequence INTEGER NOT NULL CHECK (last_sequence >= 1),
        ts_init INTEGER NOT NULL,
        ts_last INTEGER NOT NULL,
        body TEXT NOT NULL CHECK (json_valid(body))
      ) STRICT;
      CREATE INDEX orders_by_status ON orders (status);

      -- Every order event in sequence; the order's state after the event is in body.order.
      CREATE TABLE order_events (
        client_order_id TEXT NOT NULL REFERENCES orders (client_order_id),
        sequence INTEGER NOT NULL CHECK (sequence >= 1),
        kind TEXT NOT NULL,
        ts INTEGER NOT NULL,
        body TEXT NOT NULL CHECK (json_valid(body)),
        journaled_at INTEGER NOT NULL,
        PRIMARY KEY (client_order_id, sequence)
      ) STRICT;
      ${appendOnly('order_events')}

      CREATE TABLE fills (
        client_order_id TEXT NOT NULL REFERENCES orders (client_order_id),
        trade_id TEXT NOT NULL,
        instrument_id TEXT NOT NULL,
        side TEXT NOT NULL,
        qty REAL NOT NULL,
        price REAL NOT NULL,
        ts INTEGER NOT NULL,
        body TEXT NOT NULL CHECK (json_valid(body)),
        journaled_at INTEGER NOT NULL,
        PRIMARY KEY (client_order_id, trade_id)
      ) STRICT;
      CREATE INDEX fills_by_ts ON fills (ts);
      ${appendOnly('fills')}
    `,
  },
  {
    version: 3,
    name: 'strategy-runs',
    sql: `
      -- Strategy runs on the paper account, one row each, replaced on every status change: a Host
      -- start resumes the live ones still 'running' and lists the rest as history.
      CREATE TABLE strategy_runs (
        run_id TEXT PRIMARY KEY,
        strategy TEXT NOT NULL,
        source TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        body TEXT NOT NULL CHECK (json_valid(body))
      ) STRICT;
      CREATE INDEX strategy_runs_by_status ON strategy_runs (status, started_at);
    `,
  },
]);
