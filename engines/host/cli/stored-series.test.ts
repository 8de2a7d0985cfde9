// `nws backtest --symbol` and `nws sweep --symbol` through runCli (the CLI's entry point, output
// captured) over a data directory's stored bars and ticks: offline (the CLI opens the store) and
// while a Host holds the directory (bars through its protocol).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBacktest } from '@nws/backtest';
import type { BarSeries, TickSeries } from '@nws/backtest';
import { Workstation } from '../workstation.js';
import { MINUTE_MS, simInstrument, swingBars, swingTicks, writeReplayData, writeReplayTicks } from '../paper/replay-fixtures.js';
import { runCli } from './index.js';

async function nws(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) });
  return { code, stdout, stderr };
}

const START = Date.UTC(2025, 2, 3, 14, 30);
const SMA = ['--strategy', 'sma-cross', '--param', 'fast=5', '--param', 'slow=20', '--param', 'stake=10'];
const params = { fast: 5, slow: 20, stake: 10 };

let home: string;
let bars: BarSeries;
let ticks: TickSeries[];

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'nws-cli-stored-'));
  bars = swingBars('WAVE.SIM', { start: START, count: 600, base: 100, seed: 4 });
  await writeReplayData(home, [simInstrument('WAVE')], [bars]);
  ticks = await writeReplayTicks(home, [simInstrument('TIKS')], [swingTicks('TIKS.SIM', { start: START, count: 3_000, base: 50, seed: 8 })]);
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

const summaryOf = (result: { stdout: string }) => JSON.parse(result.stdout) as { final_value: number; bars: number; ticks?: number; orders: number };

describe('nws backtest --symbol (stored data)', () => {
  it('runs over stored bars, a range of them, a resampled step and stored ticks, as runBacktest over the same data', async () => {
    const whole = await nws('backtest', '--home', home, '--symbol', 'WAVE', '--bar', '1m', ...SMA, '--json');
    expect(whole.stderr).toBe('');
    const expected = runBacktest({ strategy: 'sma-cross', params }, [bars]);
    expect(expected.statistics.orders).toBeGreaterThan(4);
    expect(summaryOf(whole)).toMatchObject({ final_value: expected.statistics.finalValue, bars: 600, orders: expected.statistics.orders });

    // --to is inclusive: minutes 100 to 399.
    const part = await nws('backtest', '--home', home, '--symbol', 'WAVE.SIM', '--bar', '1m', '--from', new Date(START + 100 * MINUTE_MS).toISOString(), '--to', new Date(START + 399 * MINUTE_MS).toISOString(), ...SMA, '--json');
    expect(summaryOf(part).bars).toBe(300);

    const fiveMinutes = await nws('backtest', '--home', home, '--symbol', 'WAVE', '--bar', '5m', '--strategy', 'buy-and-hold', '--json');
    expect(summaryOf(fiveMinutes).bars).toBe(120);

    const onTicks = await nws('backtest', '--home', home, '--symbol', 'TIKS', '--ticks', 'quotes,trades', ...SMA, '--json');
    expect(onTicks.stderr).toBe('');
    const expectedTicks = runBacktest({ strategy: 'sma-cross', params }, ticks);
    expect(summaryOf(onTicks)).toMatchObject({ final_value: expectedTicks.statistics.finalValue, ticks: 4_000 });
  });

  it('nws sweep --symbol sweeps stored bars', async () => {
    const result = await nws('sweep', '--home', home, '--symbol', 'WAVE', '--bar', '1m', '--strategy', 'sma-cross', '--range', 'fast=3:5:1', '--param', 'slow=20', '--threads', '0', '--json');
    expect(result.stderr).toBe('');
    const rows = JSON.parse(result.stdout) as { rows: Array<{ params: { fast: number }; final_value: number }> };
    expect(rows.rows.map((row) => row.params.fast).sort()).toEqual([3, 4, 5]);
    const five = rows.rows.find((row) => row.params.fast === 5)!;
    expect(five.final_value).toBe(runBacktest({ strategy: 'sma-cross', params: { fast: 5, slow: 20, stake: 1 } }, [bars]).statistics.finalValue);
  });

  it('refuses --data with --symbol, neither, --ticks without --symbol and an unknown symbol, each in one line', async () => {
    const cases: Array<[string[], number, string]> = [
      [['--data', 'x.csv', '--symbol', 'WAVE'], 2, 'give --data FILE[,FILE...] (CSV files) or --symbol S[,S...] (stored bars or ticks), not both or neither.'],
      [[], 2, 'give --data FILE[,FILE...] (CSV files) or --symbol S[,S...]'],
      [['--data', 'x.csv', '--ticks', 'quotes'], 2, '--ticks goes with --symbol (stored data); files are read whole.'],
      [['--symbol', 'NOPE'], 2, 'no bars stored for NOPE; `nws instruments` lists what is stored'],
      [['--symbol', 'WAVE', '--ticks', 'quotes'], 2, 'no ticks stored for WAVE'],
    ];
    for (const [args, code, message] of cases) {
      const result = await nws('backtest', '--home', home, ...args, ...SMA);
      expect([result.code, result.stderr.trim().split('\n').length]).toEqual([code, 1]);
      expect(result.stderr).toContain(message);
    }
  });

  it('--save stores the run; while a Host holds the directory, bars come through its protocol with the same result and ticks are refused', async () => {
    const saved = await nws('backtest', '--home', home, '--symbol', 'WAVE', '--bar', '1m', ...SMA, '--json', '--save');
    expect(saved.stderr).toBe('');
    const { run_id: runId } = JSON.parse(saved.stdout) as { run_id: string };
    const workstation = await Workstation.start({ home, workers: { maxThreads: 1 }, market: { demo: false } });
    try {
      const client = workstation.connect();
      const stored = await client.call('backtest.get', { runId });
      expect(stored.run.data).toMatchObject({ stored: '--symbol WAVE', series: [{ instrumentId: 'WAVE.SIM', barType: '1m', bars: 600 }] });
      client.close();
      const result = await nws('backtest', '--home', home, '--symbol', 'WAVE', '--bar', '1m', ...SMA, '--json');
      expect(result.stderr).toBe('');
      expect(summaryOf(result).final_value).toBe(runBacktest({ strategy: 'sma-cross', params }, [bars]).statistics.finalValue);
      const refused = await nws('backtest', '--home', home, '--symbol', 'TIKS', '--ticks', 'quotes', ...SMA);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/a Host \(pid \d+\) holds .*: stored ticks are read here only while no Host runs; run this backtest in the Host's Backtest Lab, or stop the Host/);
    } finally {
      await workstation.stop();
    }
  });
});
