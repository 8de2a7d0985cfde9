import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ErrorCode, NwsError, defineInstrument, describeIssues, instrumentIdProblem } from '@nws/core';
import type { AssetClass, Fill, Instrument, Order } from '@nws/core';
import { z } from 'zod';
import { canonicalJson, toJsonValue } from '../json-value.js';
import type { JsonValue } from '../json-value.js';
import { isLockConflict, storageError } from '../storage-error.js';
import { migrateState } from './migrate.js';
import { OrderJournal } from './order-journal.js';
import type { FillJournalResult, JournalOutcome, OrderJournalEvent } from './order-journal.js';
import { StrategyRunStore } from './strategy-run-store.js';
import type { StrategyRunRecord } from './strategy-run-store.js';

const optionsSchema = z.strictObject({
  /** How long a write waits for another connection's lock before failing with LOCKED. */
  busyTimeoutMs: z.number().int().min(0).max(600_000).default(5_000),
  /** Clock for journalled_at / updated_at / audit times, epoch ms; injectable for tests. */
  now: z.custom<() => number>((value) => typeof value === 'function', 'must be a function returning epoch ms').default(() => Date.now),
});
export type StateStoreOptions = z.input<typeof optionsSchema>;

export interface AuditEntry {
  id: number;
  /** Epoch ms UTC. */
  ts: number;
  actor: string;
  action: string;
  details: JsonValue;
}

export interface AuditQuery {
  /** Entries at or after this time, epoch ms. */
  since?: number;
  /** Default 1000, at most 100000. */
  limit?: number;
}

export interface InstrumentFilter {
  venue?: string;
  assetClass?: AssetClass;
}

const MAX_TEXT = 200;
const MAX_AUDIT_PAGE = 100_000;

/**
 * Instruments, orders, fills, settings and the audit log in one SQLite file: WAL (readers never
 * block the writer), foreign keys on, synchronous=FULL (a committed write survives a power cut,
 * not only a process crash), a busy timeout for a second connection. Calls are synchronous:
 * when a write returns, it has committed.
 */
export class StateStore {
  private readonly journal: OrderJournal;
  private readonly strategyRunStore: StrategyRunStore;
  private readonly statements;
  private closed = false;

  private constructor(
    readonly file: string,
    readonly schemaVersion: number,
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {
    this.journal = new OrderJournal(db, now);
    this.strategyRunStore = new StrategyRunStore(db, now);
    this.statements = {
      upsertInstrument: db.prepare(
        `INSERT INTO instruments (instrument_id, venue, asset_class, body, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (instrument_id) DO UPDATE SET venue = excluded.venue, asset_class = excluded.asset_class,
           body = excluded.body, updated_at = excluded.updated_at`,
      ),
      selectInstrument: db.prepare<[string], { body: string }>('SELECT body FROM instruments WHERE instrument_id = ?'),
      selectInstruments: db.prepare<{ venue: string | null; assetClass: string | null }, { body: string }>(
        `SELECT body FROM instruments WHERE (@venue IS NULL OR venue = @venue) AND (@assetClass IS NULL OR asset_class = @assetClass)
         ORDER BY instrument_id`,
      ),
      selectSetting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
      upsertSetting: db.prepare(
        'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      ),
      deleteSetting: db.prepare('DELETE FROM settings WHERE key = ?'),
      insertAudit: db.prepare('INSERT INTO audit_log (ts, actor, action, details) VALUES (?, ?, ?, ?)'),
      selectAudit: db.prepare<[number, number], { id: number; ts: number; actor: string; action: string; details: string }>(
        'SELECT id, ts, actor, action, details FROM audit_log WHERE ts >= ? ORDER BY id LIMIT ?',
      ),
    };
  }

  /** Opens (creating if needed) the state file and migrates it to the newest schema. */
  static open(file: string, options: StateStoreOptions = {}): StateStore {
    const parsed = optionsSchema.safeParse(options);
    if (!parsed.success) throw new NwsError(ErrorCode.InvalidConfig, `state store options: ${describeIssues(parsed.error.issues)}`);
    const { busyTimeoutMs, now } = parsed.data;
    mkdirSync(dirname(file), { recursive: true });
    let db: Database.Database | undefined;
    try {
      db = new Database(file, { timeout: busyTimeoutMs });
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      const version = migrateState(db, file);
      return new StateStore(file, version, db, now);
    } catch (cause) {
      db?.close();
      if (isLockConflict(cause)) throw new NwsError(ErrorCode.Locked, `state file ${file} is locked by another connection`, { file });
      throw storageError(`cannot open state file ${file}`, cause);
    }
  }

  // ---- instruments ----

  /** Validates (core instrumentSchema, every bad field listed) and inserts or replaces. */
  upsertInstrument(input: unknown): Readonly<Instrument> {
    this.assertOpen();
    const instrument = defineInstrument(input);
    const body = canonicalJson(toJsonValue(instrument, 'instrument'));
    this.write('upsert instrument', () =>
      this.statements.upsertInstrument.run(instrument.id, instrument.venue, instrument.assetClass, body, this.now()),
    );
    return instrument;
  }

  getInstrument(instrumentId: string): Readonly<Instrument> | undefined {
    this.assertOpen();
    const problem = instrumentIdProblem(instrumentId);
    if (problem !== undefined) throw new NwsError(ErrorCode.InvalidArgument, problem);
    const row = this.statements.selectInstrument.get(instrumentId);
    return row === undefined ? undefined : restoreInstrument(row.body);
  }

  listInstruments(filter: InstrumentFilter = {}): Readonly<Instrument>[] {
    this.assertOpen();
    return this.statements.selectInstruments
      .all({ venue: filter.venue ?? null, assetClass: filter.assetClass ?? null })
      .map((row) => restoreInstrument(row.body));
  }

  // ---- orders and fills: journal before act ----

  /**
   * Journals one order event and the order's new state in one transaction. Returns only after
   * commit: act on the order (send it, report it) only after this returns. Replaying the same
   * event is a no-op (`duplicate`); a different event under the same (clientOrderId, sequence),
   * or a gap in the sequence, is CONFLICT.
   */
  journalOrder(event: OrderJournalEvent): JournalOutcome {
    this.assertOpen();
    return this.write('journal order event', () => this.journal.journalOrder(event));
  }

  /**
   * Journals a fill (and, when given, the order event it caused) in one transaction; same
   * guarantees as `journalOrder`. Idempotent on (clientOrderId, tradeId).
   */
  journalFill(fill: Fill, orderEvent?: OrderJournalEvent): FillJournalResult {
    this.assertOpen();
    return this.write('journal fill', () => this.journal.journalFill(fill, orderEvent));
  }

  getOrder(clientOrderId: string): Order | undefined {
    this.assertOpen();
    return this.journal.getOrder(clientOrderId);
  }

  /** Orders not in a terminal status, oldest first: what to reconcile with the venue after a restart. */
  openOrders(): Order[] {
    this.assertOpen();
    return this.journal.openOrders();
  }

  orderEvents(clientOrderId: string): OrderJournalEvent[] {
    this.assertOpen();
    return this.journal.orderEvents(clientOrderId);
  }

  fillsFor(clientOrderId: string): Fill[] {
    this.assertOpen();
    return this.journal.fillsFor(clientOrderId);
  }

  // ---- strategy runs on the paper account ----

  /**
   * Inserts or replaces a strategy run (validated, every bad field named; INVALID_VALUE changes
   * nothing). Saving a run that is no longer running trims the history to the newest 50.
   */
  saveStrategyRun(record: unknown): StrategyRunRecord {
    this.assertOpen();
    return this.write('save strategy run', () => this.strategyRunStore.saveRun(record));
  }

  /** Every stored strategy run, newest first. */
  strategyRuns(): StrategyRunRecord[] {
    this.assertOpen();
    return this.strategyRunStore.runs();
  }

  // ---- settings ----

  /** The stored JSON value, or undefined. With a schema, the value parsed by it (INVALID_VALUE if it does not fit). */
  getSetting(key: string): JsonValue | undefined;
  getSetting<Schema extends z.ZodType>(key: string, schema: Schema): z.output<Schema> | undefined;
  getSetting(key: string, schema?: z.ZodType): unknown {
    this.assertOpen();
    const row = this.statements.selectSetting.get(checkText('setting key', key));
    if (row === undefined) return undefined;
    const value = JSON.parse(row.value) as JsonValue;
    if (schema === undefined) return value;
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new NwsError(ErrorCode.InvalidValue, `setting '${key}': ${describeIssues(parsed.error.issues)}`);
    return parsed.data;
  }

  setSetting(key: string, value: unknown): void {
    this.assertOpen();
    const checkedKey = checkText('setting key', key);
    const json = JSON.stringify(toJsonValue(value, `setting '${key}'`));
    this.write('set setting', () => this.statements.upsertSetting.run(checkedKey, json, this.now()));
  }

  /** Removes a setting; true when it existed. */
  deleteSetting(key: string): boolean {
    this.assertOpen();
    const checkedKey = checkText('setting key', key);
    return this.write('delete setting', () => this.statements.deleteSetting.run(checkedKey).changes > 0);
  }

  // ---- audit log (append-only: triggers refuse UPDATE and DELETE) ----

  audit(actor: string, action: string, details: unknown = {}): AuditEntry {
    this.assertOpen();
    const entry = {
      ts: this.now(),
      actor: checkText('audit actor', actor),
      action: checkText('audit action', action),
      details: toJsonValue(details, 'audit details'),
    };
    const result = this.write('append audit entry', () =>
      this.statements.insertAudit.run(entry.ts, entry.actor, entry.action, JSON.stringify(entry.details)),
    );
    return { id: Number(result.lastInsertRowid), ...entry };
  }

  /** Entries at or after `since`, oldest first. */
  auditLog(query: AuditQuery = {}): AuditEntry[] {
    this.assertOpen();
    const since = query.since ?? 0;
    const limit = query.limit ?? 1000;
    if (!Number.isSafeInteger(since)) throw new NwsError(ErrorCode.InvalidArgument, `auditLog since must be an integer epoch ms, got ${since}`);
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_AUDIT_PAGE) {
      throw new NwsError(ErrorCode.InvalidArgument, `auditLog limit must be an integer from 1 to ${MAX_AUDIT_PAGE}, got ${limit}`);
    }
    return this.statements.selectAudit.all(since, limit).map((row) => ({ ...row, details: JSON.parse(row.details) as JsonValue }));
  }

  /** Closes the file (a WAL checkpoint happens on close). Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new NwsError(ErrorCode.StorageError, `the state store ${this.file} is closed`);
  }

  private write<T>(what: string, body: () => T): T {
    try {
      return body();
    } catch (cause) {
      if (cause instanceof NwsError) throw cause;
      if (isLockConflict(cause)) throw new NwsError(ErrorCode.Locked, `${what}: state file ${this.file} is locked by another connection`);
      throw storageError(what, cause);
    }
  }
}

function restoreInstrument(body: string): Readonly<Instrument> {
  return defineInstrument(JSON.parse(body));
}

function checkText(what: string, text: unknown): string {
  if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_TEXT) {
    throw new NwsError(ErrorCode.InvalidArgument, `${what} must be a non-empty string of at most ${MAX_TEXT} characters`);
  }
  return text;
}
