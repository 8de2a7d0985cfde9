// Response cache and daily usage counts in SQLite, in the state database the Host already owns
// (pass its better-sqlite3 handle) or in a file of their own. Tables are created if missing;
// they belong to the marketdata engine and are prefixed so they never clash.
import Database from 'better-sqlite3';
import type { ResponseCache } from './response-cache.js';
import type { UsageLedger } from './rate-limiter.js';

const schema = `
CREATE TABLE IF NOT EXISTS marketdata_response_cache (
  key TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  stored_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS marketdata_response_cache_expiry ON marketdata_response_cache (expires_at);
CREATE TABLE IF NOT EXISTS marketdata_provider_usage (
  provider TEXT NOT NULL,
  day TEXT NOT NULL,
  calls INTEGER NOT NULL,
  PRIMARY KEY (provider, day)
);
`;

export class SqliteProviderStore implements ResponseCache, UsageLedger {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    db.exec(schema);
    this.statements = {
      get: db.prepare<[string, number], { body: string }>(
        'SELECT body FROM marketdata_response_cache WHERE key = ? AND expires_at > ?',
      ),
      set: db.prepare<[string, string, number, number]>(
        `INSERT INTO marketdata_response_cache (key, body, stored_at, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET body = excluded.body, stored_at = excluded.stored_at, expires_at = excluded.expires_at`,
      ),
      purge: db.prepare<[number]>('DELETE FROM marketdata_response_cache WHERE expires_at <= ?'),
      usage: db.prepare<[string, string], { calls: number }>(
        'SELECT calls FROM marketdata_provider_usage WHERE provider = ? AND day = ?',
      ),
      addUsage: db.prepare<[string, string, number]>(
        `INSERT INTO marketdata_provider_usage (provider, day, calls) VALUES (?, ?, ?)
         ON CONFLICT(provider, day) DO UPDATE SET calls = calls + excluded.calls`,
      ),
    };
  }

  /** Opens (creating if needed) a database file of its own, in WAL mode. */
  static open(path: string): SqliteProviderStore {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    return new SqliteProviderStore(db);
  }

  async get(key: string, nowMs: number): Promise<string | undefined> {
    return this.statements.get.get(key, nowMs)?.body;
  }

  async set(key: string, body: string, expiresAtMs: number): Promise<void> {
    this.statements.set.run(key, body, Date.now(), expiresAtMs);
  }

  async purgeExpired(nowMs: number): Promise<number> {
    return this.statements.purge.run(nowMs).changes;
  }

  usage(provider: string, day: string): number {
    return this.statements.usage.get(provider, day)?.calls ?? 0;
  }

  addUsage(provider: string, day: string, calls: number): void {
    this.statements.addUsage.run(provider, day, calls);
  }

  close(): void {
    this.db.close();
  }
}
