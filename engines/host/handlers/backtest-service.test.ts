// backtest.* through a real Workstation: runs and sweeps in real worker threads of the Host's
// pool, results in the real DuckDB file, read back through the protocol and after a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, patterns, type JobProgress, type ProtocolClient } from '@nws/core';
import { loadBarSeriesFromStore, loadTickSeriesFromStore, runBacktest } from '@nws/backtest';
import { Workstation } from '../workstation.js';

const DAILY_BARS = 600;
const MINUTE_BARS = 400_000;
const DAY_US = 86_400_000_000n;
const START_US = BigInt(Date.UTC(2021, 0, 4)) * 1000n;
const ACME = { instrumentId: 'ACME.SIM', barType: '1d' };

let home: string;
let workstation: Workstation;
let client: ProtocolClient;

function barsOf(count: number, stepUs: bigint, wave: number) {
  const close = Float64Array.from({ length: count }, (_, row) => 100 + 12 * Math.sin(row / wave) + row / 50);
  return {
    tsUs: BigInt64Array.from({ length: count }, (_, row) => START_US + BigInt(row) * stepUs),
    open: close.map((value, row) => value + (row % 2 === 0 ? 0.4 : -0.4)),
    high: close.map((value) => value + 1.5),
    low: close.map((value) => value - 1.5),
    close,
    volume: Float64Array.from({ length: count }, (_, row) => 10_000 + (row % 11) * 100),
  };
}

async function start(): Promise<void> {
  workstation = await Workstation.start({ home, server: { port: 0 }, market: { demo: false }, workers: { maxThreads: 2 } });
  client = workstation.connect();
}

async function restart(): Promise<void> {
  client.close();
  await workstation.stop();
  await start();
}

/** Collects a job's progress events until it ends; resolves with all of them. */
function watchJob(jobId: string): Promise<JobProgress[]> {
  const events: JobProgress[] = [];
  return new Promise((resolve) => {
    const dispose = workstation.bus.subscribe(patterns.jobProgress(), (event) => {
      if (event.jobId !== jobId) return;
      events.push(event);
      if (event.state === 'done' || event.state === 'failed' || event.state === 'cancelled') {
        dispose();
        resolve(events);
      }
    });
  });
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'nws-backtests-'));
  await start();
  await workstation.timeSeries.ingestBars(ACME, barsOf(DAILY_BARS, DAY_US, 15));
  await workstation.timeSeries.ingestBars({ instrumentId: 'BULK.SIM', barType: '1m' }, barsOf(MINUTE_BARS, 60_000_000n, 400));
}, 60_000);

afterAll(async () => {
  client?.close();
  await workstation?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('backtest.* through the protocol', () => {
  it('cancels a running backtest: the run is marked canceled and nothing else is written', async () => {
    const ended = watchJob('long-run');
    const { runId } = await client.call('backtest.run', { strategy: 'sma-cross', instrumentIds: ['BULK.SIM'], barType: '1m', jobId: 'long-run' });
    expect(await client.call('backtest.cancel', { jobId: 'long-run' })).toEqual({ jobId: 'long-run', canceled: true });
    expect((await ended).at(-1)).toMatchObject({ state: 'cancelled', message: 'cancelled by the user' });
    const stored = await client.call('backtest.get', { runId });
    expect(stored.run).toMatchObject({ status: 'canceled', error: 'cancelled by the user', statistics: null });
    expect([stored.equity.points, stored.trades.total, stored.orders.total, stored.fills.total]).toEqual([0, 0, 0, 0]);
    await expect(client.call('backtest.cancel', { jobId: 'long-run' })).rejects.toMatchObject({ code: ErrorCode.NotFound });
  }, 60_000);

  it('cancels a running sweep: no run of it is stored', async () => {
    const ended = watchJob('long-sweep');
    const { sweepId } = await client.call('backtest.sweep', {
      strategy: 'sma-cross',
      instrumentIds: ['BULK.SIM'],
      barType: '1m',
      ranges: { fast: [5, 10, 15, 20] },
      jobId: 'long-sweep',
    });
    await client.call('backtest.cancel', { jobId: 'long-sweep' });
    expect((await ended).at(-1)).toMatchObject({ state: 'cancelled', total: 4 });
    await expect(client.call('backtest.sweepResults', { sweepId })).rejects.toMatchObject({ code: ErrorCode.NotFound });
  }, 60_000);

  it('lists the built-in strategies with their declared parameters', async () => {
    const { strategies } = await client.call('backtest.strategies');
    const smaCross = strategies.find((strategy) => strategy.name === 'sma-cross')!;
    expect(smaCross.params.find((param) => param.name === 'fast')).toEqual({ name: 'fast', type: 'int', default: 10, min: 2, max: 1000, description: 'period of the fast SMA' });
    expect(strategies.find((strategy) => strategy.name === 'pairs')!.instruments).toEqual({ min: 2, max: 2 });
  });

  it('runs in the worker pool with progress and stores the same result as runBacktest in process', async () => {
    const ended = watchJob('sma-run');
    const params = { fast: 5, slow: 20, stake: 10 };
    const started = await client.call('backtest.run', { strategy: 'sma-cross', params, instrumentIds: ['ACME.SIM'], cash: 10_000, commissionPct: 0.1, jobId: 'sma-run' });
    expect(started).toMatchObject({ jobId: 'sma-run', bars: DAILY_BARS });
    const events = await ended;
    expect(events[0]).toMatchObject({ state: 'running', total: DAILY_BARS });
    expect(events.at(-1)).toMatchObject({ state: 'done', done: DAILY_BARS, message: `run ${started.runId} stored` });

    const series = await loadBarSeriesFromStore(workstation.timeSeries, [{ instrumentId: 'ACME.SIM', barSpec: '1d' }]);
    const expected = runBacktest({ strategy: 'sma-cross', params, startingCash: 10_000, commissionPct: 0.1 }, series);
    expect(expected.trades.length).toBeGreaterThan(3);

    const stored = await client.call('backtest.get', { runId: started.runId, limit: 500 });
    expect(stored.run).toMatchObject({ status: 'done', strategy: 'sma-cross', params, cash: 10_000, error: null });
    expect(stored.run.statistics!.finalValue).toBe(expected.statistics.finalValue);
    expect(stored.run.statistics!.closedTrades).toBe(expected.statistics.closedTrades);
    expect(stored.run.statistics!.sharpe).toBe(expected.performance!.sharpe);
    expect(stored.equity).toMatchObject({ points: DAILY_BARS, downsampled: false });
    expect(stored.equity.equity).toEqual(Array.from(expected.equity.equity));
    // Cash replayed from the fills ends where the venue's cash ended.
    expect(stored.equity.cash.at(-1)).toBeCloseTo(expected.cash, 6);
    expect(Math.max(...stored.equity.drawdown)).toBeCloseTo(expected.statistics.maxDrawdown, 12);
    expect(stored.trades.items).toEqual(expected.trades.map((trade) => ({ ...trade })));
    expect(stored.orders.total).toBe(expected.orders.length);
    expect(stored.fills.items.map((fill) => [fill.ts, fill.side, fill.quantity, fill.price])).toEqual(expected.fills.map((fill) => [fill.ts, fill.side, fill.qty, fill.price]));

    const page = await client.call('backtest.get', { runId: started.runId, equityPoints: 50, offset: 2, limit: 2 });
    expect(page.equity.downsampled).toBe(true);
    expect(page.equity.ts.length).toBeLessThanOrEqual(50);
    expect(page.equity.equity.at(-1)).toBe(expected.statistics.finalValue);
    expect(Math.min(...page.equity.equity)).toBe(Math.min(...expected.equity.equity));
    expect(page.trades).toMatchObject({ total: expected.trades.length, offset: 2 });
    expect(page.trades.items).toEqual(stored.trades.items.slice(2, 4));

    const { runs } = await client.call('backtest.list');
    expect(runs[0]).toMatchObject({ runId: started.runId, status: 'done' });

    const { html } = await client.call('backtest.tearSheet', { runId: started.runId });
    expect(html).toContain('<svg');
    expect(html).toContain('sma-cross (fast=5, slow=20, stake=10) on ACME.SIM 1d');
  }, 60_000);

  it('refuses a bad strategy, bad parameters or an unknown instrument clearly and stores nothing', async () => {
    const before = (await client.call('backtest.list', { includeSweeps: true })).runs.length;
    await expect(client.call('backtest.run', { strategy: 'no-such', instrumentIds: ['ACME.SIM'] })).rejects.toMatchObject({
      code: ErrorCode.NotFound,
      message: expect.stringContaining("unknown strategy 'no-such'"),
    });
    await expect(client.call('backtest.run', { strategy: 'sma-cross', params: { fast: 1, colour: 3 }, instrumentIds: ['ACME.SIM'] })).rejects.toMatchObject({
      code: ErrorCode.InvalidArgument,
      message: expect.stringMatching(/fast.*colour|colour.*fast/),
    });
    await expect(client.call('backtest.run', { strategy: 'sma-cross', instrumentIds: ['NOPE.SIM'] })).rejects.toMatchObject({
      code: ErrorCode.NotFound,
      message: 'no bars stored for NOPE.SIM 1d',
    });
    await expect(client.call('backtest.run', { strategy: 'pairs', instrumentIds: ['ACME.SIM'] })).rejects.toThrow("strategy 'pairs' trades 2 instrument(s), got 1");
    await expect(client.call('backtest.run', { strategy: 'sma-cross', instrumentIds: ['ACME.SIM'], from: Date.UTC(2030, 0, 1) })).rejects.toThrow(
      'no bars of ACME.SIM 1d in the requested range',
    );
    await expect(client.call('backtest.run', { strategy: 'sma-cross' })).rejects.toThrow(/give either instrumentIds/);
    expect((await client.call('backtest.list', { includeSweeps: true })).runs.length).toBe(before);
  });

  it('sweeps a grid over the pool, stores each run under the sweep id and sorts by any statistic', async () => {
    const ended = watchJob('grid');
    const sweep = await client.call('backtest.sweep', {
      strategy: 'sma-cross',
      instrumentIds: ['ACME.SIM'],
      params: { stake: 5 },
      ranges: { fast: { min: 5, max: 15, step: 5 }, slow: [30, 40] },
      cash: 10_000,
      jobId: 'grid',
    });
    expect(sweep).toMatchObject({ jobId: 'grid', runs: 6, bars: DAILY_BARS });
    const events = await ended;
    expect(events.at(-1)).toMatchObject({ state: 'done', done: 6, total: 6 });

    const byReturn = await client.call('backtest.sweepResults', { sweepId: sweep.sweepId });
    expect(byReturn).toMatchObject({ strategy: 'sma-cross', total: 6, done: 6 });
    const returns = byReturn.rows.map((row) => row.statistics!.totalReturn!);
    expect(returns).toEqual([...returns].sort((a, b) => b - a));
    const byDrawdown = await client.call('backtest.sweepResults', { sweepId: sweep.sweepId, sortBy: 'maxDrawdown', direction: 'ascending' });
    const drawdowns = byDrawdown.rows.map((row) => row.statistics!.maxDrawdown!);
    expect(drawdowns).toEqual([...drawdowns].sort((a, b) => a - b));

    const series = await loadBarSeriesFromStore(workstation.timeSeries, [{ instrumentId: 'ACME.SIM', barSpec: '1d' }]);
    const best = byReturn.rows[0]!;
    const single = runBacktest({ strategy: 'sma-cross', params: best.params, startingCash: 10_000 }, series);
    expect(best.statistics!.finalValue).toBe(single.statistics.finalValue);
    expect(best.params.stake).toBe(5);
    // Sweep runs stay out of the plain run list.
    expect((await client.call('backtest.list')).runs.some((run) => run.sweepId !== undefined)).toBe(false);
    await expect(client.call('backtest.sweepResults', { sweepId: sweep.sweepId, sortBy: 'luck' })).rejects.toThrow(/sortBy 'luck' is not a statistic/);
    await expect(client.call('backtest.sweep', { strategy: 'sma-cross', instrumentIds: ['ACME.SIM'], ranges: { fast: { min: 2, max: 1000, step: 1 } }, maxRuns: 100 })).rejects.toThrow(
      /999 parameter sets, more than maxRuns 100/,
    );
    expect(await client.call('backtest.delete', { sweepId: sweep.sweepId })).toEqual({ deleted: 6 });

    // Random search: seeded distinct sets from the ranges.
    const randomEnded = watchJob('random');
    const random = await client.call('backtest.sweep', {
      strategy: 'sma-cross',
      instrumentIds: ['ACME.SIM'],
      ranges: { fast: { min: 3, max: 12, step: 1 }, slow: { min: 20, max: 40, step: 5 } },
      random: { count: 3, seed: 7 },
      jobId: 'random',
    });
    expect(random.runs).toBe(3);
    expect((await randomEnded).at(-1)).toMatchObject({ state: 'done', done: 3 });
    const sampled = (await client.call('backtest.sweepResults', { sweepId: random.sweepId })).rows.map((row) => `${row.params.fast}/${row.params.slow}`);
    expect(new Set(sampled).size).toBe(3);
  }, 60_000);

  it('runs and sweeps over stored quotes and trades, as runBacktest does in process', async () => {
    const quoteCount = 20_000;
    const mid = Float64Array.from({ length: quoteCount }, (_, row) => 50 + 3 * Math.sin(row / 300) + (row % 7) / 100);
    const quoteTs = BigInt64Array.from({ length: quoteCount }, (_, row) => START_US + BigInt(row) * 1_000_000n);
    await workstation.timeSeries.ingestTicks(
      { instrumentId: 'TICK.SIM', kind: 'quotes' },
      { kind: 'quotes', tsUs: quoteTs, bid: mid.map((value) => value - 0.01), ask: mid.map((value) => value + 0.01), bidSize: mid.map(() => 200), askSize: mid.map(() => 300) },
    );
    const tradeRows = quoteCount / 4;
    await workstation.timeSeries.ingestTicks(
      { instrumentId: 'TICK.SIM', kind: 'trades' },
      {
        kind: 'trades',
        tsUs: BigInt64Array.from({ length: tradeRows }, (_, row) => quoteTs[row * 4]! + 500_000n),
        price: Float64Array.from({ length: tradeRows }, (_, row) => mid[row * 4]! + 0.01),
        size: Float64Array.from({ length: tradeRows }, (_, row) => 1 + (row % 9)),
      },
    );
    const params = { fast: 20, slow: 80, stake: 10 };
    const ended = watchJob('tick-run');
    const started = await client.call('backtest.run', { strategy: 'sma-cross', params, instrumentIds: ['TICK.SIM'], ticks: ['quotes', 'trades'], jobId: 'tick-run' });
    expect(started.bars).toBe(quoteCount + tradeRows);
    expect((await ended).at(-1)).toMatchObject({ state: 'done', done: quoteCount + tradeRows });

    const ticks = await loadTickSeriesFromStore(workstation.timeSeries, [
      { instrumentId: 'TICK.SIM', kind: 'quotes' },
      { instrumentId: 'TICK.SIM', kind: 'trades' },
    ]);
    const expected = runBacktest({ strategy: 'sma-cross', params }, ticks);
    expect(expected.statistics.fills).toBeGreaterThan(10);
    const stored = await client.call('backtest.get', { runId: started.runId, limit: 500 });
    expect(stored.run.statistics!.finalValue).toBe(expected.statistics.finalValue);
    expect(stored.run.statistics!.ticks).toBe(quoteCount + tradeRows);
    expect(stored.fills.items.map((fill) => [fill.ts, fill.side, fill.price])).toEqual(expected.fills.map((fill) => [fill.ts, fill.side, fill.price]));
    expect(stored.run.data).toMatchObject({ series: [{ instrumentId: 'TICK.SIM', ticks: 'quotes', count: quoteCount }, { instrumentId: 'TICK.SIM', ticks: 'trades', count: tradeRows }] });
    await expect(client.call('backtest.tearSheet', { runId: started.runId })).rejects.toThrow(/stepped over ticks of one day: a tear sheet of a tick run needs at least two days/);

    // Over three days of quotes the tear sheet takes daily returns: the last equity of each day.
    const days = 3 * 144;
    const dayMid = Float64Array.from({ length: days }, (_, row) => 80 + 4 * Math.sin(row / 20));
    await workstation.timeSeries.ingestTicks(
      { instrumentId: 'DAYS.SIM', kind: 'quotes' },
      {
        kind: 'quotes',
        tsUs: BigInt64Array.from({ length: days }, (_, row) => START_US + BigInt(row) * 600_000_000n),
        bid: dayMid.map((value) => value - 0.01),
        ask: dayMid.map((value) => value + 0.01),
        bidSize: dayMid.map(() => 100),
        askSize: dayMid.map(() => 100),
      },
    );
    const daysEnded = watchJob('days-run');
    const daysRun = await client.call('backtest.run', { strategy: 'sma-cross', params: { fast: 5, slow: 20, stake: 10 }, instrumentIds: ['DAYS.SIM'], ticks: ['quotes'], jobId: 'days-run' });
    expect((await daysEnded).at(-1)).toMatchObject({ state: 'done' });
    const daysTicks = await loadTickSeriesFromStore(workstation.timeSeries, [{ instrumentId: 'DAYS.SIM', kind: 'quotes' }]);
    const daysExpected = runBacktest({ strategy: 'sma-cross', params: { fast: 5, slow: 20, stake: 10 } }, daysTicks);
    expect(daysExpected.performance?.periods).toBe(3);
    expect((await client.call('backtest.get', { runId: daysRun.runId })).run.statistics!.sharpe).toBe(daysExpected.performance!.sharpe);
    const sheet = await client.call('backtest.tearSheet', { runId: daysRun.runId });
    expect(sheet.html).toContain('<svg');
    expect(sheet.html).toContain('sma-cross (fast=5, slow=20, stake=10) on DAYS.SIM quotes (daily)');
    expect(await client.call('backtest.delete', { runId: daysRun.runId })).toEqual({ deleted: 1 });

    const sweepEnded = watchJob('tick-sweep');
    const sweep = await client.call('backtest.sweep', { strategy: 'sma-cross', data: [{ instrumentId: 'TICK.SIM', ticks: 'quotes' }], params: { stake: 10 }, ranges: { fast: [10, 20], slow: [60, 80] }, jobId: 'tick-sweep' });
    expect(sweep).toMatchObject({ runs: 4, bars: quoteCount });
    expect((await sweepEnded).at(-1)).toMatchObject({ state: 'done', done: 4 });
    const rows = (await client.call('backtest.sweepResults', { sweepId: sweep.sweepId })).rows;
    const cell = rows.find((row) => row.params.fast === 20 && row.params.slow === 80)!;
    expect(cell.statistics!.finalValue).toBe(runBacktest({ strategy: 'sma-cross', params }, [ticks[0]!]).statistics.finalValue);

    await expect(client.call('backtest.run', { strategy: 'sma-cross', data: [{ instrumentId: 'TICK.SIM', ticks: 'quotes' }, { instrumentId: 'ACME.SIM', barType: '1d' }] })).rejects.toThrow(
      'a backtest steps over bars or over ticks, not both',
    );
    await expect(client.call('backtest.run', { strategy: 'sma-cross', ticks: ['quotes'], data: [{ instrumentId: 'TICK.SIM', ticks: 'quotes' }] })).rejects.toThrow(
      'ticks goes with instrumentIds; with data, give ticks in each item',
    );
    await expect(client.call('backtest.run', { strategy: 'sma-cross', instrumentIds: ['ACME.SIM'], ticks: ['trades'] })).rejects.toMatchObject({
      code: ErrorCode.NotFound,
      message: 'no ticks stored for ACME.SIM trades',
    });
    await expect(client.call('backtest.run', { strategy: 'sma-cross', instrumentIds: ['TICK.SIM'], ticks: ['quotes'], from: Date.UTC(2030, 0, 1) })).rejects.toThrow(
      'no TICK.SIM quotes in the requested range',
    );
    const { instruments } = await client.call('marketdata.instruments');
    expect(instruments.find((instrument) => instrument.instrumentId === 'TICK.SIM')?.ticks).toEqual([
      { kind: 'quotes', rows: quoteCount, firstTs: Number(quoteTs[0]! / 1000n), lastTs: Number(quoteTs[quoteCount - 1]! / 1000n) },
      { kind: 'trades', rows: tradeRows, firstTs: Number(quoteTs[0]! / 1000n) + 500, lastTs: Number(quoteTs[(tradeRows - 1) * 4]! / 1000n) + 500 },
    ]);
    // The tests below pick runs from the list: leave it as it was.
    expect(await client.call('backtest.delete', { runId: started.runId })).toEqual({ deleted: 1 });
    expect(await client.call('backtest.delete', { sweepId: sweep.sweepId })).toEqual({ deleted: 4 });
  }, 60_000);

  it('answers the largest backtest.get page within one protocol frame', async () => {
    const steps = 50_000;
    const ts = Float64Array.from({ length: steps }, (_, step) => Date.UTC(2020, 0, 1) + step * 60_000);
    const equity = Float64Array.from({ length: steps }, (_, step) => 1_234_567.891234 + Math.sin(step / 97) * 12_345.678901);
    const many = <T>(make: (index: number) => T) => Array.from({ length: 800 }, (_, index) => make(index));
    await workstation.timeSeries.backtestResults.saveFinished({
      runId: 'bt-worst-case',
      createdTs: Date.now(),
      strategy: 'sma-cross',
      params: { fast: 10, slow: 30, stake: 1 },
      data: { series: [{ instrumentId: 'BULK.SIM', barType: '1m' }] },
      cash: 1_000_000,
      summary: { statistics: { finalValue: 1_234_567.891234 } },
      orders: many((index) => ({
        clientOrderId: `O-20200101-000-${String(index).padStart(6, '0')}`,
        instrumentId: 'BULK.SIM',
        side: 'SELL',
        type: 'STOP_LIMIT',
        quantity: 123_456.789012,
        price: 1_234.567891,
        triggerPrice: 1_235.678912,
        status: 'PARTIALLY_FILLED',
        filledQty: 61_728.394506,
        avgFillPrice: 1_234.987654,
        tsInit: ts[index]!,
        tsLast: ts[index + 1]!,
        reason: 'insufficient cash: order value 152415787.50 exceeds cash 1234567.89',
      })),
      fills: many((index) => ({ ts: ts[index]!, clientOrderId: `O-20200101-000-${String(index).padStart(6, '0')}`, instrumentId: 'BULK.SIM', side: 'BUY', quantity: 123_456.789012, price: 1_234.567891, commission: 152.415787 })),
      trades: many((index) => ({ instrumentId: 'BULK.SIM', side: 'SHORT', quantity: 123_456.789012, entryTs: ts[index]!, exitTs: ts[index + 1]!, entryPrice: 1_234.567891, exitPrice: 1_235.678912, pnl: -137_174.123456, commission: 304.831574 })),
      equity: { ts, equity, cash: equity.map((value) => value * 0.987654321), drawdown: equity.map((value) => (1_246_913.57 - value) / 1_246_913.57) },
    });
    const answer = await client.call('backtest.get', { runId: 'bt-worst-case', equityPoints: 5_000, limit: 500 });
    expect(answer.equity.ts.length).toBeLessThanOrEqual(5_000);
    expect([answer.orders.items.length, answer.trades.items.length, answer.fills.items.length]).toEqual([500, 500, 500]);
    expect(new TextEncoder().encode(JSON.stringify({ id: 1, result: answer })).length).toBeLessThan(1024 * 1024);
    expect(await client.call('backtest.delete', { runId: 'bt-worst-case' })).toEqual({ deleted: 1 });
  }, 60_000);

  it('keeps stored runs across a Workstation restart, and deletes them', async () => {
    const { runs } = await client.call('backtest.list');
    const done = runs.find((run) => run.status === 'done')!;
    await restart();
    const after = await client.call('backtest.get', { runId: done.runId });
    expect(after.run).toEqual(done);
    expect(after.equity.points).toBe(DAILY_BARS);
    expect(await client.call('backtest.delete', { runId: done.runId })).toEqual({ deleted: 1 });
    await expect(client.call('backtest.get', { runId: done.runId })).rejects.toMatchObject({ code: ErrorCode.NotFound });
  }, 60_000);
});
