// `nws import` and `nws export` while a Host holds the data directory: they must go through the
// running Workstation (real DuckDB/SQLite files, real WebSocket) instead of refusing with LOCKED,
// with the same report, exit codes and output bytes as when they open the files themselves.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { NwsError, type ProtocolClient } from '@nws/core';
import { Workstation } from '../../workstation.js';
import type { CliOutput } from '../index.js';
import * as exportCommand from './export.js';
import * as importCommand from './import.js';

let dir: string;
let home: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nws-cli-host-'));
  home = join(dir, 'home');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface CliRun {
  out: string;
  err: string;
  error?: unknown;
}

async function nws(...args: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const output: CliOutput = { out: (text) => void (out += text), err: (text) => void (err += text) };
  const program = new Command('nws').exitOverride().configureOutput({ writeOut: output.out, writeErr: output.err });
  for (const module of [importCommand, exportCommand]) module.register(program, output);
  try {
    await program.parseAsync([...args, '--home', home], { from: 'user' });
    return { out, err };
  } catch (error) {
    return { out, err, error };
  }
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** 12,000 one-minute bars (more than one `marketdata.bars` page) with open interest on some. */
function minuteFile(): string {
  const lines = ['Datetime,Open,High,Low,Close,Volume,OpenInterest'];
  const start = Date.parse('2024-03-04T00:00:00Z');
  for (let minute = 0; minute < 12_000; minute++) {
    const time = new Date(start + minute * 60_000).toISOString().slice(0, 19) + 'Z';
    const base = 100 + (minute % 97) / 7;
    lines.push(`${time},${base},${base + 0.1},${base - 0.3},${base + 1 / 3 - 0.3},${minute % 50},${minute % 3 ? '' : minute}`);
  }
  return `${lines.join('\n')}\n`;
}

const yahoo =
  'Date,Open,High,Low,Close,Adj Close,Volume\n' +
  '2024-01-02,187.15,188.44,183.89,185.64,184.938217,82488700\n' +
  '2024-01-03,184.22,185.88,183.43,184.25,183.553467,58414500\n' +
  '2024-01-04,182.15,183.09,180.88,181.91,181.222336,71983600\n';
const bad = 'Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,1,0.4,0.5,1.5,10\n';

/** Export invocations compared offline and through the Host. */
const exports: Array<{ name: string; args: string[] }> = [
  { name: 'minutes csv (3 pages)', args: ['--symbol', 'MIN', '--bar', '1m'] },
  { name: 'minutes json, ranged', args: ['--symbol', 'MIN.XNAS', '--bar', '1m', '--format', 'json', '--from', '2024-03-05T10:00:00Z', '--to', '2024-03-06'] },
  { name: 'hours resampled', args: ['--symbol', 'MIN', '--bar', '1h', '--from', '2024-03-04T05:00:00Z', '--to', '2024-03-10T05:00:00Z'] },
  { name: 'futures days from 18:00 New York', args: ['--symbol', 'MIN', '--bar', '1d', '--tz', 'America/New_York', '--day-starts', '18:00'] },
  { name: 'yahoo with adj close', args: ['--symbol', 'AAPL', '--bar', '1d'] },
];

describe('nws import and nws export through a running Host', () => {
  const offline = new Map<string, CliRun>();
  let badOffline: CliRun;
  let workstation: Workstation | undefined;
  let client: ProtocolClient;

  beforeAll(async () => {
    // Offline first: the reference output of every command.
    expect((await nws('import', file('min.csv', minuteFile()), '--symbol', 'MIN.XNAS', '--no-progress')).error).toBeUndefined();
    expect((await nws('import', file('aapl.csv', yahoo), '--symbol', 'AAPL', '--venue', 'XNAS', '--no-progress')).error).toBeUndefined();
    for (const run of exports) offline.set(run.name, await nws('export', ...run.args));
    offline.set('parquet', await nws('export', '--symbol', 'AAPL', '--bar', '1d', '--format', 'parquet', '--out', join(dir, 'offline.parquet')));
    badOffline = await nws('import', file('bad.csv', bad), '--symbol', 'BAD', '--no-progress');
    workstation = await Workstation.start({ home, server: { port: 0 }, market: { demo: false } });
    client = workstation.connect();
  }, 60_000);

  afterAll(async () => {
    client?.close();
    await workstation?.stop();
  });

  it('exports the same bytes as the offline path, paging, resampling and all', async () => {
    for (const run of exports) {
      const reference = offline.get(run.name)!;
      expect(reference.error, run.name).toBeUndefined();
      const through = await nws('export', ...run.args);
      expect(through.error, run.name).toBeUndefined();
      expect(through.out.length, run.name).toBeGreaterThan(100);
      expect(through.out, run.name).toBe(reference.out);
    }
    expect(offline.get('minutes csv (3 pages)')!.out.split('\n')).toHaveLength(12_002); // header, 12,000 bars, final newline
  });

  it('writes Parquet with the same rows and columns as the offline path', async () => {
    const through = await nws('export', '--symbol', 'AAPL', '--bar', '1d', '--format', 'parquet', '--out', join(dir, 'host.parquet'));
    expect(through.error).toBeUndefined();
    expect(through.err).toBe(offline.get('parquet')!.err.replace('offline.parquet', 'host.parquet'));
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const rows = async (name: string) => (await connection.runAndReadAll(`SELECT * FROM read_parquet('${join(dir, name)}') ORDER BY ts`)).getRowObjectsJson();
      const offlineRows = await rows('offline.parquet');
      expect(offlineRows).toHaveLength(3);
      expect(offlineRows[0]).toMatchObject({ close: 185.64, adj_close: 184.938217 });
      expect(await rows('host.parquet')).toEqual(offlineRows);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('imports through the Host: the bars land in its store and the report is the same', async () => {
    const result = await nws('import', file('acme-2024.csv', yahoo), '--venue', 'XNYS', '--no-progress');
    expect(result.error).toBeUndefined();
    expect(result.out).toBe(
      `OK       ${join(dir, 'acme-2024.csv')} → ACME.XNYS 1d: 3 bars (yahoo, csv)\n` +
        '  note: Adj Close stored beside the prices, not applied to them (use --adjust to adjust open, high, low and close)\n' +
        '1 imported, 0 rejected, 0 failed\n',
    );
    const bars = await client.call('marketdata.bars', { instrumentId: 'ACME.XNYS', barType: '1d' });
    expect(bars.close).toEqual([185.64, 184.25, 181.91]);
    expect(bars.adjClose).toEqual([184.938217, 183.553467, 181.222336]);
  });

  it('draws the Host\'s progress events as the progress bar on a terminal', async () => {
    const wasTty = process.stderr.isTTY;
    process.stderr.isTTY = true;
    try {
      const result = await nws('import', file('prog-2024.csv', yahoo), '--venue', 'XNYS');
      expect(result.error).toBeUndefined();
      // The first event (0%) and the job's end (100%) are always drawn; the bar is cleared after.
      expect(result.err).toContain('\r[..............................]   0%  importing 1 file(s)');
      expect(result.err).toContain('\r[##############################] 100%  imported 1, rejected 0, failed 0');
      expect(result.err.endsWith('\r\x1b[K')).toBe(true);
    } finally {
      process.stderr.isTTY = wasTty;
    }
  });

  it('rejects a bad file through the Host with the same report and exit, writing nothing', async () => {
    const through = await nws('import', join(dir, 'bad.csv'), '--symbol', 'BAD', '--no-progress');
    expect(badOffline.out).toContain('row 3, High: "0.4" high-below-low (error)');
    expect(through.out).toBe(badOffline.out);
    expect(NwsError.is(through.error)).toBe(true);
    expect((through.error as Error).message).toBe('1 of 1 file(s) not imported');
    await expect(client.call('marketdata.bars', { instrumentId: 'BAD.LOCAL', barType: '1d' })).rejects.toThrow(/no 1d bars for BAD\.LOCAL/);
  });

  it('passes --adjust, --on-overlap and bad options through with the offline exit codes', async () => {
    const adjusted = await nws('import', join(dir, 'aapl.csv'), '--symbol', 'AAPLADJ.XNAS', '--adjust', '--no-progress');
    expect(adjusted.out).toContain('note: --adjust: open, high, low and close scaled by Adj Close / Close; Adj Close stored as read');
    const overlap = await nws('import', join(dir, 'aapl.csv'), '--symbol', 'AAPLADJ.XNAS', '--on-overlap', 'reject', '--no-progress');
    expect(overlap.out).toMatch(/FAILED .*already has 3 bars/);
    expect((overlap.error as Error).message).toBe('1 of 1 file(s) not imported');
    const badZone = await nws('import', join(dir, 'aapl.csv'), '--tz', 'Mars/Base', '--no-progress');
    expect(badZone.err).toContain('not a known IANA zone');
    expect((badZone.error as { exitCode?: number }).exitCode).toBe(2);
  });
});
