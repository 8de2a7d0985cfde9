// Backfill jobs and the ranges already fetched, in SQLite, so jobs survive a restart and a range
// that held no bars (a holiday) is not asked for again. Written with better-sqlite3 directly: the
// storage engine's StateStore has no generic table or key-value API for this yet.
import Database from 'better-sqlite3';
import { ErrorCode, NwsError } from '@nws/core';
import type { BackfillJob } from './backfill-job.js';
import { mergeRanges, type TimeRange } from './time-range.js';

export interface BackfillJobStore {
  save(job: BackfillJob): void;
  get(id: string): BackfillJob | undefined;
  list(): BackfillJob[];
  /** Records that [startMs, endMs) of a series has been fetched (bars or not). */
  addCoverage(instrumentId: string, spec: string, range: TimeRange): void;
  coverage(instrumentId: string, spec: string): TimeRange[];
}

const schema = `
CREATE TABLE IF NOT EXISTS marketdata_backfill_jobs (
  id TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS marketdata_backfill_coverage (
  instrument_id TEXT NOT NULL,
  spec TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  PRIMARY KEY (instrument_id, spec, start_ms)
);
`;

export class SqliteBackfillJobStore implements BackfillJobStore {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    db.exec(schema);
    this.statements = {
      save: db.prepare<[string, string, string, number, number]>(
        `INSERT INTO marketdata_backfill_jobs (id, state, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET state = excluded.state, body = excluded.body, updated_at = excluded.updated_at`,
      ),
      get: db.prepare<[string], { body: string }>('SELECT body FROM marketdata_backfill_jobs WHERE id = ?'),
      list: db.prepare<[], { body: string }>('SELECT body FROM marketdata_backfill_jobs ORDER BY created_at, id'),
      coverage: db.prepare<[string, string], { start_ms: number; end_ms: number }>(
        'SELECT start_ms, end_ms FROM marketdata_backfill_coverage WHERE instrument_id = ? AND spec = ? ORDER BY start_ms',
      ),
      deleteCoverage: db.prepare<[string, string]>('DELETE FROM marketdata_backfill_coverage WHERE instrument_id = ? AND spec = ?'),
      insertCoverage: db.prepare<[string, string, number, number]>(
        'INSERT INTO marketdata_backfill_coverage (instrument_id, spec, start_ms, end_ms) VALUES (?, ?, ?, ?)',
      ),
    };
  }

  /** Opens (creating if needed) a database file of its own, in WAL mode. */
  static open(path: string): SqliteBackfillJobStore {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    return new SqliteBackfillJobStore(db);
  }

  save(job: BackfillJob): void {
    this.statements.save.run(job.id, job.state, JSON.stringify(job), job.createdAt, job.updatedAt);
  }

  get(id: string): BackfillJob | undefined {
    const row = this.statements.get.get(id);
    return row ? parseJob(row.body) : undefined;
  }

  list(): BackfillJob[] {
    return this.statements.list.all().map((row) => parseJob(row.body));
  }

  /** Kept merged, so the table stays one row per contiguous fetched span. */
  addCoverage(instrumentId: string, spec: string, range: TimeRange): void {
    const merged = mergeRanges([...this.coverage(instrumentId, spec), range]);
    this.db.transaction(() => {
      this.statements.deleteCoverage.run(instrumentId, spec);
      for (const block of merged) this.statements.insertCoverage.run(instrumentId, spec, block.startMs, block.endMs);
    })();
  }

  coverage(instrumentId: string, spec: string): TimeRange[] {
    return this.statements.coverage.all(instrumentId, spec).map((row) => ({ startMs: row.start_ms, endMs: row.end_ms }));
  }

  close(): void {
    this.db.close();
  }
}

function parseJob(body: string): BackfillJob {
  try {
    return JSON.parse(body) as BackfillJob;
  } catch {
    throw new NwsError(ErrorCode.StorageError, 'a saved backfill job is not valid JSON');
  }
}
