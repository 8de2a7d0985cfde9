/**
 * Strategy runs on the paper account, one row each, replaced on every status change (and on the
 * runner's checkpoints), so a Host restart knows which runs to start again and which to list as
 * history. The row's `body` is the whole record; `status` and `started_at` are there to be queried.
 */
import type Database from 'better-sqlite3';
import { ErrorCode, NwsError, describeIssues } from '@nws/core';
import { z } from 'zod';

export const STRATEGY_RUN_STATUSES = ['running', 'stopped', 'finished', 'failed', 'interrupted'] as const;
export type StoredStrategyRunStatus = (typeof STRATEGY_RUN_STATUSES)[number];

const epochMs = z.int().nonnegative();
const count = z.int().nonnegative();

const strategyRunRecordSchema = z.strictObject({
  runId: z.string().min(1).max(128),
  strategy: z.string().min(1).max(64),
  /** The resolved parameters the strategy ran with. */
  params: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])),
  instrumentIds: z.array(z.string().min(1).max(128)).min(1),
  /** The bar spec, or `ticks` for a run on a tick replay. */
  barType: z.string().min(1).max(16),
  /** The tick kinds of a tick replay run. */
  ticks: z.array(z.enum(['quotes', 'trades'])).min(1).max(2).optional(),
  source: z.enum(['live', 'replay']),
  /** The replay's settings as requested (source `replay`). */
  replay: z.strictObject({ from: z.int().optional(), to: z.int().optional(), speed: z.union([z.number().positive(), z.literal('max')]).optional() }).optional(),
  replayId: z.string().min(1).max(64).optional(),
  status: z.enum(STRATEGY_RUN_STATUSES),
  startedAt: epochMs,
  stoppedAt: epochMs.optional(),
  /** Last time a Host start resumed it. */
  resumedAt: epochMs.optional(),
  /** How many Host starts resumed it. */
  resumes: count.optional(),
  /** Why it failed or was interrupted. */
  error: z.string().max(2_000).optional(),
  bars: count,
  /** Quotes and trades a tick replay run saw. */
  ticksSeen: count.optional(),
  orders: count,
  openOrders: count,
  fills: count,
  realizedPnl: z.number(),
  unrealizedPnl: z.number(),
  totalPnl: z.number(),
});

export type StrategyRunRecord = z.infer<typeof strategyRunRecordSchema>;

/** Finished runs (not `running`) kept as history; older ones are deleted when a run ends. */
export const STRATEGY_RUN_HISTORY = 50;

export class StrategyRunStore {
  private readonly statements;

  constructor(db: Database.Database, now: () => number) {
    this.statements = {
      upsert: db.prepare(
        `INSERT INTO strategy_runs (run_id, strategy, source, status, started_at, updated_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (run_id) DO UPDATE SET strategy = excluded.strategy, source = excluded.source, status = excluded.status,
           started_at = excluded.started_at, updated_at = excluded.updated_at, body = excluded.body`,
      ),
      // Ties on started_at (two runs in one millisecond) go to the later row.
      selectAll: db.prepare<[], { body: string }>('SELECT body FROM strategy_runs ORDER BY started_at DESC, rowid DESC'),
      pruneHistory: db.prepare<[number]>(
        `DELETE FROM strategy_runs WHERE status <> 'running' AND run_id NOT IN (
           SELECT run_id FROM strategy_runs WHERE status <> 'running' ORDER BY started_at DESC, rowid DESC LIMIT ?)`,
      ),
    };
    this.save = db.transaction((record: StrategyRunRecord) => {
      this.statements.upsert.run(record.runId, record.strategy, record.source, record.status, record.startedAt, now(), JSON.stringify(record));
      if (record.status !== 'running') this.statements.pruneHistory.run(STRATEGY_RUN_HISTORY);
    });
  }

  private readonly save: (record: StrategyRunRecord) => void;

  /** Validates (every bad field named) and inserts or replaces the run's row. */
  saveRun(input: unknown): StrategyRunRecord {
    const parsed = strategyRunRecordSchema.safeParse(input);
    if (!parsed.success) throw new NwsError(ErrorCode.InvalidValue, `strategy run: ${describeIssues(parsed.error.issues)}`);
    this.save(parsed.data);
    return parsed.data;
  }

  /**
   * Every stored run, newest first. A row that no longer parses (written by a newer build, or
   * edited by hand) is skipped rather than stopping the Host from listing the others.
   */
  runs(): StrategyRunRecord[] {
    const records: StrategyRunRecord[] = [];
    for (const row of this.statements.selectAll.all()) {
      const parsed = strategyRunRecordSchema.safeParse(safeJson(row.body));
      if (parsed.success) records.push(parsed.data);
    }
    return records;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
