// `nws import`, `nws export` and `nws instruments` end to end on a real data directory (DuckDB and
// SQLite files in a temp folder), through commander as the CLI runs them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NwsError } from '@nws/core';
import type { CliOutput } from '../index.js';
import * as exportCommand from './export.js';
import * as importCommand from './import.js';
import * as instrumentsCommand from './instruments.js';
import * as statusCommand from './status.js';

let dir: string;
let home: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nws-cli-md-'));
  home = join(dir, 'home');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function nws(...args: string[]): Promise<{ out: string; err: string; error?: unknown }> {
  let out = '';
  let err = '';
  const output: CliOutput = { out: (text) => void (out += text), err: (text) => void (err += text) };
  const program = new Command('nws').exitOverride().configureOutput({ writeOut: output.out, writeErr: output.err });
  for (const module of [importCommand, exportCommand, instrumentsCommand, statusCommand]) module.register(program, output);
  try {
    await program.parseAsync([...args, '--home', home], { from: 'user' });
    return { out, err };
  } catch (error) {
    return { out, err, error };
  }
}

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const daily = 'Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,10,12,8,11,5.5,100\n2024-01-03,11,13,10,12,6,200\n2024-01-04,12,14,11,13,6.5,300\n';

describe('nws import', () => {
  it('imports files (plain and gzipped) and says what it stored', async () => {
    const result = await nws('import', file('acme-2024.csv', daily), file('minutes.csv.gz', gzipSync('time,open,high,low,close,volume\n1704205800000,1,2,0.5,1.5,10\n1704205860000,1.5,2,1,1.8,20\n')), '--venue', 'XNYS', '--no-progress');
    expect(result.error).toBeUndefined();
    expect(result.out).toContain('OK       ' + join(dir, 'acme-2024.csv') + ' → ACME.XNYS 1d: 3 bars (yahoo, csv)');
    expect(result.out).toContain('→ MINUTES.XNYS 1m: 2 bars (epoch, csv.gz)');
    expect(result.out).toContain('note: Adj Close stored beside the prices, not applied to them');
    expect(result.out).toMatch(/2 imported, 0 rejected, 0 failed\n$/);
  });

  it('rejects a bad file with its report and exit code 1, and repairs it with --repair', async () => {
    const bad = file('bad.csv', 'Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,1,0.4,0.5,1.5,10\n');
    const rejected = await nws('import', bad, '--symbol', 'BAD', '--no-progress');
    expect(rejected.out).toContain('REJECTED');
    expect(rejected.out).toContain('row 3, High: "0.4" high-below-low (error)');
    expect(NwsError.is(rejected.error)).toBe(true);
    expect((rejected.error as Error).message).toBe('1 of 1 file(s) not imported');
    const repaired = await nws('import', bad, '--symbol', 'BAD', '--repair', '--no-progress');
    expect(repaired.error).toBeUndefined();
    expect(repaired.out).toContain('row 3: high-below-low fixed (high and low swapped (high 0.5, low 0.4))');
  });

  it('gives a usage error for bad options', async () => {
    const badBar = await nws('import', 'x.csv', '--bar', 'daily');
    expect(badBar.err).toContain("option '--bar <spec>' argument 'daily' is invalid");
    const badZone = await nws('import', file('z.csv', daily), '--tz', 'Mars/Base', '--no-progress');
    expect(badZone.err).toContain('not a known IANA zone');
    expect((badZone.error as { exitCode?: number }).exitCode).toBe(2);
  });
});

describe('nws export and nws instruments', () => {
  it('prints stored bars exactly, resamples on the fly, writes files', async () => {
    const csv = await nws('export', '--symbol', 'acme', '--bar', '1d');
    expect(csv.out).toBe('Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,10,12,8,11,5.5,100\n2024-01-03,11,13,10,12,6,200\n2024-01-04,12,14,11,13,6.5,300\n');
    const weekly = await nws('export', '--symbol', 'ACME.XNYS', '--bar', '1w', '--format', 'json');
    expect(JSON.parse(weekly.out)).toEqual([{ ts: Date.UTC(2024, 0, 1), time: '2024-01-01T00:00:00Z', open: 10, high: 14, low: 8, close: 13, volume: 600, adjClose: 6.5 }]);
    const ranged = await nws('export', '--symbol', 'ACME', '--bar', '1d', '--from', '2024-01-03', '--to', '2024-01-03', '--out', join(dir, 'one.csv'));
    expect(ranged.err).toContain('wrote 1 1d bars to');
    expect(readFileSync(join(dir, 'one.csv'), 'utf8')).toBe('Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-03,11,13,10,12,6,200\n');
    const parquet = await nws('export', '--symbol', 'ACME', '--bar', '1w', '--format', 'parquet', '--out', join(dir, 'w.parquet'));
    expect(parquet.err).toContain('wrote 1 1w bars (resampled from 1d)');
  });

  it('explains what is missing', async () => {
    expect(((await nws('export', '--symbol', 'NOPE', '--bar', '1d')).error as Error).message).toMatch(/no bars stored for NOPE/);
    expect(((await nws('export', '--symbol', 'ACME', '--bar', '1m')).error as Error).message).toMatch(/no 1m bars for ACME\.XNYS .*stored: 1d/);
    expect((await nws('export', '--symbol', 'ACME', '--bar', '1d', '--format', 'parquet')).err).toContain('--format parquet needs --out FILE');
  });

  it('lists instruments with row counts', async () => {
    const table = await nws('instruments');
    expect(table.out).toContain('INSTRUMENT');
    expect(table.out).toMatch(/ACME\.XNYS\s+ACME\s+1d\s+3\s+2024-01-02 → 2024-01-04/);
    expect(table.out).toMatch(/MINUTES\.XNYS\s+MINUTES\s+1m\s+2\s+2024-01-02 14:30Z → 2024-01-02 14:31Z/);
    const json = JSON.parse((await nws('instruments', '--json')).out) as Array<{ instrumentId: string; totalRows: number }>;
    expect(json.map((entry) => [entry.instrumentId, entry.totalRows])).toEqual([
      ['ACME.XNYS', 3],
      ['BAD.LOCAL', 2],
      ['MINUTES.XNYS', 2],
    ]);
  });

  it('imports a trade tick file and lists its ticks beside the bars', async () => {
    const result = await nws('import', file('cl-prints.csv', 'ts,price,size\n1704205800000,71.05,3\n1704205800250,71.06,1\n1704205800250,71.04,2\n'), '--symbol', 'CL.XNYM', '--no-progress');
    expect(result.error).toBeUndefined();
    expect(result.out).toContain(`OK       ${join(dir, 'cl-prints.csv')} → CL.XNYM trades: 3 ticks (trades, csv)`);
    const table = await nws('instruments');
    expect(table.out).toMatch(/CL\.XNYM\s+CL\s+trades\s+3\s+2024-01-02 14:30Z → 2024-01-02 14:30Z/);
    expect(table.out).toMatch(/4 instruments, 7 bars, 3 ticks\n$/);
    const status = JSON.parse((await nws('status', '--json')).out) as { timeSeries: Record<string, unknown> };
    expect(status.timeSeries).toMatchObject({ series: 3, bars: 7, tickSeries: 1, ticks: 3 });
    expect((await nws('status')).out).toMatch(/tick series\s+1 \(3 ticks\)/);
  });
});
