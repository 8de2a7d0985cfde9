// `nws risk report` end to end on a real data directory: through a running Host, then from the
// stored state once the Host has stopped; each output file is opened and read back.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineInstrument, topics, type InstrumentId } from '@nws/core';
import { riskReportSchema } from '@nws/risk';
import { StateStore, TimeSeriesStore } from '@nws/storage';
import { DataDirFiles } from '../../data-dir.js';
import { Workstation } from '../../workstation.js';
import { register } from './risk.js';

const AAA = 'AAA.SIM' as InstrumentId;
const DAYS = 120;
const FIRST_DAY_US = BigInt(Date.UTC(2024, 0, 1)) * 1000n;
const closes = Float64Array.from({ length: DAYS }, (_, day) => 100 + 5 * Math.sin(day / 7) + day / 20);

let home: string;
let outDir: string;

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const output = { out: (text: string) => void (out += text), err: (text: string) => void (err += text) };
  const program = new Command('nws')
    .configureOutput({ writeOut: output.out, writeErr: output.err, outputError: (message, write) => write(`nws: ${message.trimEnd()}\n`) })
    .exitOverride();
  register(program, output);
  try {
    await program.parseAsync(args, { from: 'user' });
    return { code: 0, out, err };
  } catch (error) {
    // Errors thrown in an action (InvalidArgumentError) reach the caller; cli/index.ts prints them.
    if (error instanceof CommanderError) return { code: error.exitCode === 0 ? 0 : 2, out, err: err + error.message };
    return { code: 1, out, err: err + String(error) };
  }
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'nws-risk-cli-'));
  outDir = mkdtempSync(join(tmpdir(), 'nws-risk-cli-out-'));
  const state = StateStore.open(join(home, DataDirFiles.state));
  state.upsertInstrument(defineInstrument({ id: AAA, symbol: 'AAA', venue: 'SIM', assetClass: 'equity', currency: 'USD', tickSize: 0.01, lotSize: 1, multiplier: 1, pricePrecision: 2, sector: 'Technology' }));
  state.close();
  const timeSeries = await TimeSeriesStore.open(join(home, DataDirFiles.timeSeries));
  await timeSeries.ingestBars(
    { instrumentId: AAA, barType: '1d' },
    { tsUs: BigInt64Array.from({ length: DAYS }, (_, day) => FIRST_DAY_US + BigInt(day) * 86_400_000_000n), open: closes, high: closes.map((c) => c + 1), low: closes.map((c) => c - 1), close: closes, volume: new Float64Array(DAYS).fill(1) },
  );
  await timeSeries.close();
}, 30_000);

afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

describe('nws risk report', () => {
  it('through a running Host writes the live book; then from the stored state without one', async () => {
    const workstation = await Workstation.start({ home, server: { port: 0 }, market: { demo: false }, workers: { maxThreads: 1 } });
    try {
      await workstation.paperTrading();
      workstation.bus.publish(topics.quotes(AAA), { instrumentId: AAA, bid: 109.9, ask: 110.1, bidSize: 500, askSize: 500, ts: Date.now() });
      const client = workstation.connect();
      await client.call('orders.submit', { instrumentId: AAA, type: 'MARKET', side: 'BUY', quantity: 50 });
      client.close();
      const jsonPath = join(outDir, 'live.json');
      const live = await run(['risk', 'report', '--format', 'json', '--out', jsonPath, '--home', home]);
      expect(live.err).toBe('');
      expect(live.out).toMatch(/risk report \(json, \d+ bytes, from the running Host\) written to .*live\.json/);
      const report = riskReportSchema.parse(JSON.parse(readFileSync(jsonPath, 'utf8')));
      expect(report.exposures.byInstrument).toEqual([expect.objectContaining({ instrumentId: AAA, quantity: 50, mark: 110 })]);
    } finally {
      await workstation.stop();
    }

    const xlsxPath = join(outDir, 'stored.xlsx');
    const stored = await run(['risk', 'report', '--format', 'xlsx', '--out', xlsxPath, '--home', home]);
    expect(stored.out).toMatch(/from the stored state: no Host running\) written to .*stored\.xlsx/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(xlsxPath) as unknown as ArrayBuffer);
    const exposures = workbook.getWorksheet('Exposures')!.getRow(2);
    expect(exposures.getCell(1).value).toBe(AAA);
    expect(exposures.getCell(3).value).toBe(50);
    // Marked at the last stored daily close.
    expect(exposures.getCell(4).value).toBe(closes[DAYS - 1]);
    expect(workbook.getWorksheet('VaR')!.rowCount).toBe(7);
    const notes = workbook.getWorksheet('Notes')!.getColumn(1).values.join(' ');
    expect(notes).toContain('without a running Host');
  }, 60_000);

  it('prints a text format to stdout with --out -', async () => {
    const result = await run(['risk', 'report', '--format', 'csv', '--out', '-', '--home', home]);
    expect(result.code).toBe(0);
    expect(result.out.split('\r\n')[0]).toBe('# Summary');
    expect(result.out).toContain(`${AAA},Technology,50,`);
  }, 30_000);

  it('refuses a bad format or a binary format on stdout (usage, exit 2)', async () => {
    const bad = await run(['risk', 'report', '--format', 'docx', '--home', home]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("argument 'docx' is invalid. Allowed choices are json, csv, html, pdf, xlsx.");
    const binary = await run(['risk', 'report', '--format', 'pdf', '--out', '-', '--home', home]);
    expect(binary.code).toBe(2);
    expect(binary.err).toContain('pdf is binary');
  });

  it('says there is no paper account in an empty directory', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'nws-risk-empty-'));
    try {
      const result = await run(['risk', 'report', '--format', 'json', '--home', empty]);
      expect(result.code).toBe(1);
      expect(result.err).toContain(`no paper account in ${empty}`);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
