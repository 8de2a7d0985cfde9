import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ErrorCode, NwsError, testkit } from '@nws/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StateStore } from './state-store.js';
import { STRATEGY_RUN_HISTORY } from './strategy-run-store.js';
import type { StrategyRunRecord } from './strategy-run-store.js';

let dir: string;
let file: string;
let store: StateStore | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nws-strategy-runs-'));
  file = join(dir, 'state.sqlite');
});

afterEach(() => {
  store?.close();
  store = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function openStore(): StateStore {
  store = StateStore.open(file, { now: () => 1_704_205_800_000 });
  return store;
}

function run(overrides: Partial<StrategyRunRecord> = {}): StrategyRunRecord {
  return {
    runId: 'sma-cross-abc-1',
    strategy: 'sma-cross',
    params: { fast: 5, slow: 20, stake: 1 },
    instrumentIds: ['NOVA.SIM'],
    barType: '1m',
    source: 'live',
    status: 'running',
    startedAt: 1_704_205_000_000,
    bars: 0,
    orders: 0,
    openOrders: 0,
    fills: 0,
    realizedPnl: 0,
    unrealizedPnl: 0,
    totalPnl: 0,
    ...overrides,
  };
}

const { errorOf } = testkit;

describe('StateStore strategy runs', () => {
  it('keeps a run across reopening the file, replaced by each save', () => {
    openStore().saveStrategyRun(run());
    store!.saveStrategyRun(run({ bars: 12, orders: 1, fills: 1, realizedPnl: 3.5, totalPnl: 4.25, unrealizedPnl: 0.75 }));
    store!.close();

    const reopened = openStore();
    expect(reopened.strategyRuns()).toEqual([run({ bars: 12, orders: 1, fills: 1, realizedPnl: 3.5, totalPnl: 4.25, unrealizedPnl: 0.75 })]);
    reopened.saveStrategyRun(run({ status: 'stopped', stoppedAt: 1_704_205_900_000, resumedAt: 1_704_205_100_000, resumes: 1 }));
    expect(reopened.strategyRuns()).toEqual([run({ status: 'stopped', stoppedAt: 1_704_205_900_000, resumedAt: 1_704_205_100_000, resumes: 1 })]);
  });

  it('keeps a replay run with its replay settings, newest first', () => {
    const state = openStore();
    state.saveStrategyRun(run({ runId: 'old', startedAt: 1_000 }));
    state.saveStrategyRun(run({ runId: 'replayed', startedAt: 2_000, source: 'replay', replayId: 'replay-7', replay: { from: 10, to: 20, speed: 'max' } }));
    const runs = state.strategyRuns();
    expect(runs.map((stored) => stored.runId)).toEqual(['replayed', 'old']);
    expect(runs[0]).toMatchObject({ source: 'replay', replayId: 'replay-7', replay: { from: 10, to: 20, speed: 'max' } });
  });

  it('refuses a bad record, naming every bad field, and stores nothing', () => {
    const state = openStore();
    const error = errorOf(() => state.saveStrategyRun({ ...run(), status: 'paused', bars: -1, instrumentIds: [] }));
    expect(error.code).toBe(ErrorCode.InvalidValue);
    expect(error.message).toContain('status');
    expect(error.message).toContain('bars');
    expect(error.message).toContain('instrumentIds');
    expect(state.strategyRuns()).toEqual([]);
  });

  it('keeps the newest finished runs as history and never drops a running one', () => {
    const state = openStore();
    state.saveStrategyRun(run({ runId: 'still-running', startedAt: 1 }));
    for (let index = 0; index < STRATEGY_RUN_HISTORY + 5; index += 1) {
      state.saveStrategyRun(run({ runId: `done-${index}`, startedAt: 100 + index, status: 'stopped', stoppedAt: 200 + index }));
    }
    const runs = state.strategyRuns();
    expect(runs.filter((stored) => stored.status !== 'running')).toHaveLength(STRATEGY_RUN_HISTORY);
    expect(runs.map((stored) => stored.runId)).toContain('still-running');
    expect(runs.map((stored) => stored.runId)).not.toContain('done-4');
    expect(runs.map((stored) => stored.runId)).toContain('done-5');
  });

  it('skips a row that no longer parses instead of failing the list', () => {
    openStore().saveStrategyRun(run({ runId: 'good' }));
    store!.close();
    store = undefined;
    const db = new Database(file);
    db.prepare("INSERT INTO strategy_runs (run_id, strategy, source, status, started_at, updated_at, body) VALUES ('bad', 'x', 'live', 'running', 5, 5, '{\"runId\":\"bad\"}')").run();
    db.close();
    expect(openStore().strategyRuns().map((stored) => stored.runId)).toEqual(['good']);
  });
});
