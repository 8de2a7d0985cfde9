import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BarSeries } from '../data/bar-series.js';
import { sliceSeries } from '../data/bar-series.js';
import { tickSeriesFromCsv } from '../data/tick-series.js';
import { runBacktest } from '../run-backtest.js';
import { randomWalkSeries } from '../test-support/series.js';
import { smaCrossReference } from '../test-support/sma-cross-reference.js';
import { runBacktestCommand } from './backtest-command.js';
import { parseRangeAssignments, runSweepCommand } from './sweep-command.js';

const folder = mkdtempSync(join(tmpdir(), 'nws-backtest-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Writes `series` as a Yahoo-style CSV, newest row first (as Yahoo exports). */
function writeYahooCsv(name: string, series: BarSeries): string {
  const rows = Array.from(series.ts, (ts, row) =>
    [new Date(ts).toISOString().slice(0, 10), series.open[row], series.high[row], series.low[row], series.close[row], series.close[row], series.volume[row]].join(','),
  ).reverse();
  const path = join(folder, name);
  writeFileSync(path, `Date,Open,High,Low,Close,Adj Close,Volume\n${rows.join('\n')}\n`);
  return path;
}

const walk = randomWalkSeries('WALK.SIM', 600, 17);
const walkPath = writeYahooCsv('walk.csv', walk);

describe('runBacktestCommand', () => {
  it('prints the JSON fields of the issue, matching a hand computation', async () => {
    const text = await runBacktestCommand({ data: walkPath, strategy: 'sma-cross', param: ['fast=6', 'slow=18', 'stake=4'], cash: 5000, commissionPct: 0.1, json: true });
    const json = JSON.parse(text) as Record<string, unknown>;
    const reference = smaCrossReference(walk, { fast: 6, slow: 18, stake: 4, cash: 5000, commissionPct: 0.1 });
    expect(json.params).toEqual({ fast: 6, slow: 18, stake: 4 });
    expect(json.orders).toBe(reference.orders);
    expect(json.closed_trades).toBe(reference.closed_trades);
    expect(json.final_value).toBeCloseTo(reference.final_value, 6);
    expect(json.cash).toBeCloseTo(reference.cash, 6);
    expect(json.total_return).toBeCloseTo(reference.total_return, 10);
    expect(json.max_drawdown).toBeCloseTo(reference.max_drawdown, 10);
    expect(json.equity).toHaveLength(600);
  });

  it('counts orders refused for lack of cash and says why, in JSON and text', async () => {
    const firstClose = walk.close[0]!;
    const cash = firstClose * 2; // a stake of 100 can never be paid for
    const json = JSON.parse(await runBacktestCommand({ data: walkPath, strategy: 'sma-cross', param: ['fast=6', 'slow=18', 'stake=100'], cash, json: true })) as Record<string, unknown>;
    expect(json.fills).toBe(0);
    expect(json.refused_orders).toBe(json.orders);
    expect(json.refused_orders).toBeGreaterThan(0);
    expect(json.first_refusal).toMatch(/^insufficient cash: order value [\d.]+ exceeds cash [\d.]+$/);
    expect(json.final_value).toBeCloseTo(cash, 9);
    const text = await runBacktestCommand({ data: walkPath, strategy: 'sma-cross', param: ['fast=6', 'slow=18', 'stake=100'], cash });
    expect(text).toMatch(new RegExp(`^orders {8}${String(json.orders)} \\(${String(json.orders)} refused; first: insufficient cash`, 'm'));
  });

  it('prints a readable report without --json', async () => {
    const text = await runBacktestCommand({ data: walkPath, strategy: 'buy-and-hold' });
    expect(text).toMatch(/^strategy {6}buy-and-hold \(stake=0 fraction=0\.95\)$/m);
    expect(text).toMatch(/^closed trades 0 \(won 0, lost 0, open 1\)$/m);
  });

  it('names the bad flag, file or parameter', async () => {
    await expect(runBacktestCommand({ data: join(folder, 'missing.csv'), strategy: 'sma-cross' })).rejects.toThrow(/--data .*missing\.csv: no such file/);
    await expect(runBacktestCommand({ data: walkPath, strategy: 'sma-cross', param: ['fats=3'] })).rejects.toThrow(/fats/);
    await expect(runBacktestCommand({ data: walkPath, strategy: 'pairs' })).rejects.toThrow(/trades 2 instrument\(s\); --data gave 1/);
    await expect(runBacktestCommand({ data: walkPath, strategy: 'sma-cross', cash: -1 })).rejects.toThrow(/startingCash/);
  });
});

describe('runSweepCommand', () => {
  it('parses ranges as min:max:step or listed values', () => {
    expect(parseRangeAssignments(['fast=5:15:5', 'mode=a|b', 'slow=20|30'])).toEqual({ fast: { min: 5, max: 15, step: 5 }, mode: ['a', 'b'], slow: [20, 30] });
    expect(() => parseRangeAssignments(['fast'])).toThrow(/key=min:max:step/);
  });

  it('prints the sorted grid as JSON, each row equal to a single backtest', async () => {
    const text = await runSweepCommand({ data: walkPath, strategy: 'sma-cross', range: ['fast=4|8', 'slow=20|40'], param: ['stake=2'], threads: 0, json: true });
    const json = JSON.parse(text) as { runs: number; rows: Array<{ params: Record<string, number>; total_return: number; final_value: number }> };
    expect(json.runs).toBe(4);
    const returns = json.rows.map((row) => row.total_return);
    expect(returns).toEqual([...returns].sort((a, b) => b - a));
    for (const row of json.rows) {
      const single = JSON.parse(
        await runBacktestCommand({ data: walkPath, strategy: 'sma-cross', param: [`fast=${row.params.fast}`, `slow=${row.params.slow}`, 'stake=2'], json: true }),
      ) as { final_value: number };
      expect(row.final_value).toBe(single.final_value);
    }
  });

  it('sweeps a quote file like a bar file, each row equal to a single backtest, and walks it forward', async () => {
    const rows = Array.from(walk.close, (close, row) => `${Date.UTC(2024, 0, 2) + row * 1000},${(close - 0.01).toFixed(2)},${(close + 0.01).toFixed(2)}`);
    const quotesPath = join(folder, 'walk-quotes.csv');
    writeFileSync(quotesPath, `ts,bid,ask\n${rows.join('\n')}\n`);
    const text = await runSweepCommand({ data: quotesPath, strategy: 'sma-cross', range: ['fast=4|8', 'slow=20|40'], param: ['stake=2'], threads: 2, json: true });
    const json = JSON.parse(text) as { runs: number; rows: Array<{ params: Record<string, number>; final_value: number }> };
    expect(json.runs).toBe(4);
    for (const row of json.rows) {
      const single = JSON.parse(
        await runBacktestCommand({ data: quotesPath, strategy: 'sma-cross', param: [`fast=${row.params.fast}`, `slow=${row.params.slow}`, 'stake=2'], json: true }),
      ) as { final_value: number; ticks: number };
      expect(single.ticks).toBe(600);
      expect(row.final_value).toBe(single.final_value);
    }
    // Ten minutes of quotes; windows of 0.002 days (172.8 s) in sample and 0.001 days (86.4 s) out: five of them.
    const forward = JSON.parse(await runSweepCommand({ data: quotesPath, strategy: 'sma-cross', range: ['fast=4|8'], param: ['slow=20', 'stake=2'], walkForward: '0.002:0.001', threads: 0, json: true })) as {
      steps: Array<{ out_of_sample_start: string; end: string; best_params: Record<string, number>; out_of_sample: { final_value: number; orders: number } }>;
    };
    expect(forward.steps).toHaveLength(5);
    const quotes = tickSeriesFromCsv(readFileSync(quotesPath, 'utf8'), 'WALK-QUOTES.SIM');
    for (const step of forward.steps) {
      const window = sliceSeries(quotes, Date.parse(step.out_of_sample_start), Date.parse(step.end));
      expect(window.ts.length).toBeGreaterThan(80);
      const alone = runBacktest({ strategy: 'sma-cross', params: { ...step.best_params, slow: 20, stake: 2 }, detail: 'summary' }, [window]);
      expect(step.out_of_sample.final_value).toBe(alone.statistics.finalValue);
    }
  });

  it('refuses a sweep without ranges or with an unknown sort metric', async () => {
    await expect(runSweepCommand({ data: walkPath, strategy: 'sma-cross', threads: 0 })).rejects.toThrow(/at least one --range/);
    await expect(runSweepCommand({ data: walkPath, strategy: 'sma-cross', range: ['fast=4|8'], sort: 'luck', threads: 0 })).rejects.toThrow(/--sort luck: must be one of/);
  });
});
