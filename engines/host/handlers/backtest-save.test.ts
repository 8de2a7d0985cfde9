// `nws backtest --save` through the real CLI: the run lands in the data directory's DuckDB file
// (readable by a Workstation later through backtest.get); while a Host holds the directory the
// command refuses and stores nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barSeriesFromCsv, runBacktest } from '@nws/backtest';
import { runNws } from '../test-fixtures/cli-process.js';
import { Workstation } from '../workstation.js';

let dir: string;
let csv: string;
let csvText: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nws-backtest-save-'));
  const rows = Array.from({ length: 300 }, (_, day) => {
    const close = 50 + 8 * Math.sin(day / 12) + day / 40;
    const date = new Date(Date.UTC(2020, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    return `${date},${(close - 0.2).toFixed(4)},${(close + 1).toFixed(4)},${(close - 1).toFixed(4)},${close.toFixed(4)},1000`;
  });
  csvText = ['Date,Open,High,Low,Close,Volume', ...rows, ''].join('\n');
  csv = join(dir, 'wave.csv');
  writeFileSync(csv, csvText);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('nws backtest --save', () => {
  it('stores the run in the data directory with the same result as the printed one', async () => {
    const home = join(dir, 'home');
    const args = ['backtest', '--data', csv, '--strategy', 'sma-cross', '--param', 'fast=5', '--param', 'slow=20', '--param', 'stake=10', '--cash', '5000', '--json', '--save', '--home', home];
    const result = await runNws(args);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { run_id: string; final_value: number; closed_trades: number };
    const expected = runBacktest({ strategy: 'sma-cross', params: { fast: 5, slow: 20, stake: 10 }, startingCash: 5000 }, [barSeriesFromCsv(csvText, 'WAVE.SIM')]);
    expect(printed.final_value).toBe(expected.statistics.finalValue);

    const workstation = await Workstation.start({ home, server: { port: 0 }, market: { demo: false }, workers: { maxThreads: 1 } });
    const client = workstation.connect();
    try {
      const stored = await client.call('backtest.get', { runId: printed.run_id });
      expect(stored.run).toMatchObject({ status: 'done', strategy: 'sma-cross', params: { fast: 5, slow: 20, stake: 10 }, cash: 5000 });
      expect(stored.run.statistics!.finalValue).toBe(expected.statistics.finalValue);
      expect(stored.trades.total).toBe(printed.closed_trades);
      expect(stored.equity.points).toBe(300);
      expect(stored.run.data).toMatchObject({ series: [{ instrumentId: 'WAVE.SIM', barType: '1d', bars: 300 }] });

      // With the Host holding the directory, --save refuses clearly and nothing more is stored.
      const refused = await runNws(args);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/cannot save into .*: a Host \(pid \d+\) holds it/);
      expect((await client.call('backtest.list')).runs).toHaveLength(1);
    } finally {
      client.close();
      await workstation.stop();
    }
  }, 90_000);

  it('stores a run over a quote file as a tick run: its data names the ticks, and its tear sheet needs two days', async () => {
    const home = join(dir, 'tick-home');
    const quotes = Array.from({ length: 2_000 }, (_, row) => {
      const mid = 40 + 2 * Math.sin(row / 100);
      return `${Date.UTC(2024, 0, 2, 14, 30) + row * 500},${(mid - 0.01).toFixed(2)},${(mid + 0.01).toFixed(2)},100,100`;
    });
    const file = join(dir, 'quotes.csv');
    writeFileSync(file, ['ts,bid,ask,bid_size,ask_size', ...quotes, ''].join('\n'));
    const result = await runNws(['backtest', '--data', file, '--strategy', 'sma-cross', '--param', 'stake=10', '--json', '--save', '--home', home]);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { run_id: string; final_value: number; ticks: number };
    expect(printed.ticks).toBe(2_000);
    const workstation = await Workstation.start({ home, server: { port: 0 }, market: { demo: false }, workers: { maxThreads: 1 } });
    const client = workstation.connect();
    try {
      const stored = await client.call('backtest.get', { runId: printed.run_id });
      expect(stored.run.statistics!.finalValue).toBe(printed.final_value);
      expect(stored.run.data).toMatchObject({ series: [{ instrumentId: 'QUOTES.SIM', ticks: 'quotes', count: 2_000 }] });
      await expect(client.call('backtest.tearSheet', { runId: printed.run_id })).rejects.toThrow(/stepped over ticks of one day: a tear sheet of a tick run needs at least two days/);
    } finally {
      client.close();
      await workstation.stop();
    }
  }, 90_000);
});
