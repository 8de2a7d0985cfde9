// `nws replay` and `nws strategies` through runCli (the CLI's entry point, output captured) against
// a running Host: a Workstation holding the data directory, found through host.lock and reached
// over its WebSocket, as a separate `nws` process would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workstation } from '../../workstation.js';
import { simInstrument, swingBars, swingTicks, writeReplayData, writeReplayTicks } from '../../paper/replay-fixtures.js';
import { runCli } from '../index.js';

async function runNws(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (text) => void (stdout += text), err: (text) => void (stderr += text) });
  return { code, stdout, stderr };
}

const START = Date.UTC(2025, 2, 3, 14, 30);

let home: string;
let workstation: Workstation;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'nws-cli-replay-'));
  await writeReplayData(home, [simInstrument('AAA')], [swingBars('AAA.SIM', { start: START, count: 120, base: 100, seed: 5 })]);
  // 300 quotes and 100 trades of AAA too.
  await writeReplayTicks(home, [simInstrument('AAA')], [swingTicks('AAA.SIM', { start: START, count: 300, base: 100, seed: 9 })]);
  workstation = await Workstation.start({ home, workers: { maxThreads: 1 }, market: { demo: false } });
});

afterAll(async () => {
  await workstation.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('nws replay and nws strategies', () => {
  it('nws replay --wait plays the range to the end; --to is inclusive', async () => {
    const result = await runNws(['replay', '--home', home, '--symbol', 'AAA', '--bar', '1m', '--from', new Date(START + 60_000).toISOString(), '--to', new Date(START + 10 * 60_000).toISOString(), '--speed', 'max', '--wait', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const final = JSON.parse(result.stdout) as { state: string; published: number; total: number; instrumentIds: string[]; currentTs: number };
    expect(final).toMatchObject({ state: 'done', published: 10, total: 10, instrumentIds: ['AAA.SIM'], currentTs: START + 10 * 60_000 });
    const status = await runNws(['replay', '--home', home, '--status']);
    expect(status.stdout).toMatch(/^replay-\S+: done, AAA\.SIM 1m at max speed, 10\/10 bars/);
  });

  it('refuses a speed out of range with exit 1 and one line naming it', async () => {
    const result = await runNws(['replay', '--home', home, '--symbol', 'AAA', '--bar', '1m', '--speed', '5000']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('speed: must be from 1 to 1000');
  });

  it('nws strategies start --replay runs sma-cross; nws strategies lists it finished', async () => {
    const started = await runNws(['strategies', 'start', 'sma-cross', '--home', home, '--symbol', 'AAA', '--bar', '1m', '--replay', '--speed', 'max', '--param', 'fast=3', '--param', 'slow=8', '--param', 'stake=5', '--json']);
    expect(started.stderr).toBe('');
    const { strategyRunId } = JSON.parse(started.stdout) as { strategyRunId: string };
    let runs: Array<{ strategyRunId: string; status: string; bars: number; orders: number; params: Record<string, unknown> }> = [];
    for (let attempt = 0; attempt < 200 && runs[0]?.status !== 'finished'; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      runs = JSON.parse((await runNws(['strategies', '--home', home, '--json'])).stdout);
    }
    expect(runs[0]).toMatchObject({ strategyRunId, status: 'finished', bars: 120, params: { fast: 3, slow: 8, stake: 5 } });
    expect(runs[0]!.orders).toBeGreaterThan(0);
    const table = await runNws(['strategies', '--home', home]);
    expect(table.stdout).toMatch(new RegExp(`^RUN\\s+STRATEGY\\s+INSTRUMENTS.*\\n${strategyRunId}\\s+sma-cross\\s+AAA\\.SIM\\s+1m\\s+replay\\s+finished\\s+120`));
  });

  it('nws replay --ticks plays stored quotes and trades; nws strategies start --replay --ticks trades on them', async () => {
    const replayed = await runNws(['replay', '--home', home, '--symbol', 'AAA', '--ticks', 'quotes,trades', '--speed', 'max', '--wait']);
    expect(replayed.stderr).toBe('');
    expect(replayed.stdout).toMatch(/^replay-\S+: done, AAA\.SIM quotes and trades at max speed, 400\/400 ticks, at 2025-03-03T14:3\d/);

    const started = await runNws(['strategies', 'start', 'sma-cross', '--home', home, '--symbol', 'AAA', '--ticks', 'quotes', '--replay', '--speed', 'max', '--param', 'fast=3', '--param', 'slow=12', '--json']);
    expect(started.stderr).toBe('');
    const { strategyRunId } = JSON.parse(started.stdout) as { strategyRunId: string };
    let runs: Array<{ strategyRunId: string; status: string; barType: string; ticks?: string[]; ticksSeen?: number; bars: number; orders: number }> = [];
    for (let attempt = 0; attempt < 200 && runs[0]?.status !== 'finished'; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      runs = JSON.parse((await runNws(['strategies', '--home', home, '--json'])).stdout);
    }
    expect(runs[0]).toMatchObject({ strategyRunId, status: 'finished', barType: 'ticks', ticks: ['quotes'], ticksSeen: 300, bars: 0 });
    expect(runs[0]!.orders).toBeGreaterThan(0);
    const table = await runNws(['strategies', '--home', home]);
    expect(table.stdout).toMatch(new RegExp(`\n${strategyRunId}\\s+sma-cross\\s+AAA\\.SIM\\s+quotes\\s+replay\\s+finished\\s+300\\s`));
  });

  it('refuses --bar with --ticks, an unknown tick kind and --ticks on a live run, each as a usage error (exit 2) in one line', async () => {
    const cases: Array<[string[], string]> = [
      [['replay', '--symbol', 'AAA', '--bar', '1m', '--ticks', 'quotes'], 'give --bar (stored bars, e.g. --bar 1m) or --ticks'],
      [['replay', '--symbol', 'AAA'], 'give --bar (stored bars, e.g. --bar 1m) or --ticks'],
      [['replay', '--symbol', 'AAA', '--ticks', 'bids'], '--ticks takes quotes, trades or quotes,trades; got "bids"'],
      [['strategies', 'start', 'sma-cross', '--symbol', 'AAA', '--ticks', 'quotes'], '--ticks trades a replay of stored ticks: add --replay'],
    ];
    for (const [args, message] of cases) {
      const result = await runNws([...args, '--home', home]);
      expect(result.code).toBe(2); // a usage error, refused before any Host is asked
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(message);
    }
  });

  it('needs a running Host', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'nws-cli-replay-empty-'));
    try {
      const result = await runNws(['strategies', '--home', empty]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('no Host is running on');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
