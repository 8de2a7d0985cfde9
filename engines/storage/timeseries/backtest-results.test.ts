import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, NwsError } from '@nws/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BacktestRunHeader, BacktestRunWrite } from './backtest-results.js';
import { TimeSeriesStore } from './time-series-store.js';

const DAY_MS = 86_400_000;
const START_MS = Date.UTC(2024, 0, 2);

let dir: string;
let store: TimeSeriesStore | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nws-backtest-results-'));
});

afterEach(async () => {
  await store?.close();
  store = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function openStore(): Promise<TimeSeriesStore> {
  store = await TimeSeriesStore.open(join(dir, 'timeseries.duckdb'));
  return store;
}

function header(runId: string, createdTs = START_MS, extra: Partial<BacktestRunHeader> = {}): BacktestRunHeader {
  return {
    runId,
    createdTs,
    strategy: 'sma-cross',
    params: { fast: 3, slow: 5, stake: 10 },
    data: { instrumentId: 'AAPL.XNAS', barType: '1d' },
    cash: 10_000,
    ...extra,
  };
}

/** A hand-made finished run: one round trip (buy 10 at 100, sell at 110) over `days` daily steps. */
function finishedRun(runId: string, days = 5000, extra: Partial<BacktestRunHeader> = {}): BacktestRunWrite {
  const ts = Float64Array.from({ length: days }, (_, day) => START_MS + day * DAY_MS);
  const equity = Float64Array.from({ length: days }, (_, day) => 10_000 + Math.sin(day / 10) * 50 + day * 0.01);
  const cash = Float64Array.from({ length: days }, (_, day) => (day === 0 ? 10_000 : 9_000));
  const drawdown = new Float64Array(days);
  let peak = -Infinity;
  equity.forEach((value, day) => {
    peak = Math.max(peak, value);
    drawdown[day] = (peak - value) / peak;
  });
  return {
    ...header(runId, START_MS, extra),
    summary: { finalValue: equity[days - 1]!, closedTrades: 1, profitFactor: null },
    orders: [
      {
        clientOrderId: 'O-1',
        instrumentId: 'AAPL.XNAS',
        side: 'BUY',
        type: 'MARKET',
        quantity: 10,
        price: null,
        triggerPrice: null,
        status: 'FILLED',
        filledQty: 10,
        avgFillPrice: 100,
        tsInit: START_MS,
        tsLast: START_MS + DAY_MS,
        reason: null,
      },
      {
        clientOrderId: 'O-2',
        instrumentId: 'AAPL.XNAS',
        side: 'SELL',
        type: 'LIMIT',
        quantity: 10,
        price: 110,
        triggerPrice: null,
        status: 'REJECTED',
        filledQty: 0,
        avgFillPrice: null,
        tsInit: START_MS + 2 * DAY_MS,
        tsLast: START_MS + 2 * DAY_MS,
        reason: 'insufficient position',
      },
    ],
    fills: [{ ts: START_MS + DAY_MS, clientOrderId: 'O-1', instrumentId: 'AAPL.XNAS', side: 'BUY', quantity: 10, price: 100, commission: 1.5 }],
    trades: [
      { instrumentId: 'AAPL.XNAS', side: 'LONG', quantity: 10, entryTs: START_MS + DAY_MS, exitTs: START_MS + 3 * DAY_MS, entryPrice: 100, exitPrice: 110, pnl: 97, commission: 3 },
    ],
    equity: { ts, equity, cash, drawdown },
  };
}

describe('BacktestResultStore', () => {
  it('stores a finished run and reads it back exactly, equity as columns', async () => {
    const results = (await openStore()).backtestResults;
    const run = finishedRun('bt-1');
    await results.saveFinished(run);
    const stored = await results.get('bt-1');
    expect(stored.status).toBe('done');
    expect(stored.strategy).toBe('sma-cross');
    expect(stored.params).toEqual({ fast: 3, slow: 5, stake: 10 });
    expect(stored.data).toEqual({ instrumentId: 'AAPL.XNAS', barType: '1d' });
    expect(stored.summary).toEqual(run.summary);
    expect(stored.orders).toEqual(run.orders);
    expect(stored.fills).toEqual(run.fills);
    expect(stored.trades).toEqual(run.trades);
    expect(stored.equity.ts).toEqual(run.equity.ts);
    expect(stored.equity.equity).toEqual(run.equity.equity);
    expect(stored.equity.cash).toEqual(run.equity.cash);
    expect(stored.equity.drawdown).toEqual(run.equity.drawdown);
    expect(stored.finishedTs).toBeGreaterThanOrEqual(START_MS);
    expect(stored.error).toBeNull();
  });

  it('lists runs newest first with their summaries, filtered by sweep', async () => {
    const results = (await openStore()).backtestResults;
    await results.saveFinished({ ...finishedRun('bt-old', 10), createdTs: START_MS });
    await results.saveFinished({ ...finishedRun('bt-new', 10), createdTs: START_MS + 1000 });
    await results.saveFinished({ ...finishedRun('sw-1-0', 10, { sweepId: 'sw-1' }), createdTs: START_MS + 500 });
    expect((await results.list()).map((run) => run.runId)).toEqual(['bt-new', 'sw-1-0', 'bt-old']);
    expect((await results.list({ excludeSweeps: true })).map((run) => run.runId)).toEqual(['bt-new', 'bt-old']);
    const sweep = await results.list({ sweepId: 'sw-1' });
    expect(sweep.map((run) => [run.runId, run.sweepId])).toEqual([['sw-1-0', 'sw-1']]);
    expect((await results.list({ limit: 1 }))[0]!.summary).toMatchObject({ closedTrades: 1 });
  });

  it('completes a run recorded as running, and ends another as canceled with nothing else written', async () => {
    const results = (await openStore()).backtestResults;
    await results.start(header('bt-a'));
    await results.start(header('bt-b'));
    expect((await results.info('bt-a')).status).toBe('running');
    await results.saveFinished(finishedRun('bt-a', 20));
    expect(await results.finishUnsuccessful('bt-b', 'canceled', 'cancelled by the user')).toBe(true);
    expect(await results.finishUnsuccessful('bt-a', 'canceled', 'too late')).toBe(false);
    const canceled = await results.get('bt-b');
    expect([canceled.status, canceled.error, canceled.summary]).toEqual(['canceled', 'cancelled by the user', null]);
    expect([canceled.orders.length, canceled.fills.length, canceled.trades.length, canceled.equity.ts.length]).toEqual([0, 0, 0, 0]);
    expect((await results.get('bt-a')).equity.ts.length).toBe(20);
    await expect(results.saveFinished(finishedRun('bt-b', 20))).rejects.toMatchObject({ code: ErrorCode.Conflict });
  });

  it('refuses bad input with a clear error and writes nothing', async () => {
    const results = (await openStore()).backtestResults;
    const nanCurve = finishedRun('bt-nan', 10);
    nanCurve.equity.equity[7] = Number.NaN;
    await expect(results.saveFinished(nanCurve)).rejects.toThrow(/equity row 7/);
    const short = finishedRun('bt-short', 10);
    await expect(results.saveFinished({ ...short, equity: { ...short.equity, cash: new Float64Array(3) } })).rejects.toThrow(/equity.cash has 3 values/);
    await expect(results.saveFinished(finishedRun('bad id!', 10))).rejects.toThrow(/run id "bad id!"/);
    await expect(results.saveFinished({ ...finishedRun('bt-inf', 10), summary: { profitFactor: Infinity } })).rejects.toMatchObject({ code: ErrorCode.InvalidValue });
    expect(await results.list()).toEqual([]);
    await expect(results.get('bt-nan')).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });

  it('rolls back a run whose details fail to write', async () => {
    const results = (await openStore()).backtestResults;
    await results.start(header('bt-roll'));
    const run = finishedRun('bt-roll', 10);
    // A fill time outside TIMESTAMP's range makes the append fail after the orders went in.
    const bad = { ...run, fills: [{ ...run.fills[0]!, ts: 9e18 }] };
    await expect(results.saveFinished(bad)).rejects.toBeInstanceOf(NwsError);
    const after = await results.get('bt-roll');
    expect([after.status, after.orders.length, after.equity.ts.length]).toEqual(['running', 0, 0]);
  });

  it('deletes a run with everything it produced; results survive reopening the file', async () => {
    let results = (await openStore()).backtestResults;
    await results.saveFinished(finishedRun('bt-keep', 30));
    await results.saveFinished(finishedRun('bt-drop', 30));
    expect(await results.delete('bt-drop')).toBe(true);
    expect(await results.delete('bt-drop')).toBe(false);
    await store!.close();
    results = (await openStore()).backtestResults;
    expect((await results.list()).map((run) => run.runId)).toEqual(['bt-keep']);
    expect((await results.get('bt-keep')).equity.ts.length).toBe(30);
    const leftovers = await store!.query('SELECT count(*)::INTEGER AS n FROM backtest_equity');
    expect(leftovers[0]!.n).toBe(30);
  });

  it('marks runs left running by a stopped Host as failed', async () => {
    const results = (await openStore()).backtestResults;
    await results.start(header('bt-x'));
    await results.saveFinished(finishedRun('bt-y', 5));
    expect(await results.failInterrupted('interrupted: the Host stopped')).toBe(1);
    expect((await results.info('bt-x')).error).toBe('interrupted: the Host stopped');
    expect((await results.info('bt-y')).status).toBe('done');
  });
});
