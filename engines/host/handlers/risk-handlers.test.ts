// risk.report and the breach forecast through a real Workstation: SQLite and DuckDB files in a
// temp dir, daily bars stored before start (the return history loads when paper trading comes
// up), a position bought on the paper venue from a quote on the bus, then every report format
// fetched over the in-process protocol and opened.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import { defineInstrument, topics, type InstrumentId, type ProtocolClient } from '@nws/core';
import { riskReportSchema } from '@nws/risk';
import { StateStore, TimeSeriesStore } from '@nws/storage';
import { DataDirFiles } from '../data-dir.js';
import { Workstation } from '../workstation.js';
import { loadDailyReturnHistory } from './risk-returns.js';

const AAA = 'AAA.SIM' as InstrumentId;
const BBB = 'BBB.SIM' as InstrumentId;
const DAY_US = 86_400_000_000n;
const FIRST_DAY_US = BigInt(Date.UTC(2024, 0, 1)) * 1000n;
const DAYS = 300;

/** A seeded random walk of closes: daily returns about +-1.5 %. */
function dailyBars(seed: number, days = DAYS, firstDay = 0) {
  let state = seed;
  const next = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.05;
  const close = new Float64Array(days);
  let price = 100;
  for (let day = 0; day < days; day++) close[day] = price *= 1 + next();
  return {
    tsUs: BigInt64Array.from({ length: days }, (_, day) => FIRST_DAY_US + BigInt(firstDay + day) * DAY_US),
    open: close.slice(),
    high: close.map((value) => value * 1.01),
    low: close.map((value) => value * 0.99),
    close,
    volume: new Float64Array(days).fill(1_000),
  };
}

let home: string;
let workstation: Workstation;
let client: ProtocolClient;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'nws-risk-report-'));
  const state = StateStore.open(join(home, DataDirFiles.state));
  for (const [symbol, sector] of [['AAA', 'Technology'], ['BBB', 'Energy']] as const) {
    state.upsertInstrument(defineInstrument({ id: `${symbol}.SIM`, symbol, venue: 'SIM', assetClass: 'equity', currency: 'USD', tickSize: 0.01, lotSize: 1, multiplier: 1, pricePrecision: 2, sector }));
  }
  state.close();
  const timeSeries = await TimeSeriesStore.open(join(home, DataDirFiles.timeSeries));
  await timeSeries.ingestBars({ instrumentId: AAA, barType: '1d' }, dailyBars(7));
  await timeSeries.ingestBars({ instrumentId: BBB, barType: '1d' }, dailyBars(11, DAYS - 20, 20)); // starts 20 days later: aligned on common days
  await timeSeries.close();
  workstation = await Workstation.start({ home, server: { port: 0 }, market: { demo: false }, workers: { maxThreads: 1 } });
  client = workstation.connect();
  const paper = await workstation.paperTrading();
  workstation.bus.publish(topics.quotes(AAA), { instrumentId: AAA, bid: 99.9, ask: 100.1, bidSize: 500, askSize: 500, ts: Date.now() });
  await client.call('orders.submit', { instrumentId: AAA, type: 'MARKET', side: 'BUY', quantity: 200 });
  // The history loads in the background once paper trading is running.
  for (let wait = 0; wait < 100 && paper.returnHistory === undefined; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
}, 60_000);

afterAll(async () => {
  client?.close();
  await workstation?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('daily return history', () => {
  it('aligns instruments on the days all of them have and skips instruments without daily bars', async () => {
    const history = await loadDailyReturnHistory(workstation.timeSeries, [AAA, BBB, 'CCC.SIM']);
    expect(history!.instrumentIds).toEqual([AAA, BBB]);
    expect(history!.returns.map((column) => column.length)).toEqual([DAYS - 21, DAYS - 21]);
    const bars = dailyBars(7);
    expect(history!.returns[0]![0]).toBeCloseTo(bars.close[21]! / bars.close[20]! - 1, 12);
    expect((await workstation.paperTrading()).returnHistory!.instrumentIds).toEqual([AAA, BBB]);
  });
});

describe('risk.limits', () => {
  it('shows the breach probability next to the daily loss limit', async () => {
    const { limits } = await client.call('risk.limits', {});
    const daily = limits.find((limit) => limit.type === 'daily-loss')!;
    expect(daily.breachProbability).toBeGreaterThanOrEqual(0);
    expect(daily.breachProbability).toBeLessThanOrEqual(1);
    expect(limits.find((limit) => limit.type === 'max-order-notional')!.breachProbability).toBeUndefined();
  });
});

describe('risk.report', () => {
  const fetch = async (format: 'json' | 'csv' | 'html' | 'pdf' | 'xlsx') => {
    const result = await client.call('risk.report', { format });
    return { ...result, bytes: Buffer.from(result.contentBase64, 'base64') };
  };

  it('json: the schema, the paper position and VaR from the stored bars', async () => {
    const json = await fetch('json');
    expect(json.mime).toBe('application/json');
    expect(json.fileName).toMatch(/^risk-report-PAPER-001-\d{8}-\d{4}\.json$/);
    const report = riskReportSchema.parse(JSON.parse(json.bytes.toString('utf8')));
    expect(report.accountId).toBe('PAPER-001');
    expect(report.exposures.byInstrument.map((row) => [row.instrumentId, row.quantity])).toEqual([[AAA, 200]]);
    expect(report.valueAtRisk.filter((row) => row.var > 0).length).toBe(6);
    expect(report.limits.find((limit) => limit.type === 'daily-loss')!.breachProbability).not.toBeNull();
  });

  it('csv, html, pdf and xlsx open and carry the same numbers', async () => {
    const report = riskReportSchema.parse(JSON.parse((await fetch('json')).bytes.toString('utf8')));
    const var99 = report.valueAtRisk.find((row) => row.method === 'historical' && row.confidence === 0.99)!;
    const csv = (await fetch('csv')).bytes.toString('utf8');
    expect(csv).toContain(`historical,0.99,1,${var99.var},${var99.cvar}`);
    const html = (await fetch('html')).bytes.toString('utf8');
    expect(html).toContain('AAA.SIM');
    const pdf = await fetch('pdf');
    expect(pdf.mime).toBe('application/pdf');
    const { text } = await new PDFParse({ data: new Uint8Array(pdf.bytes) }).getText();
    expect(text).toContain('daily-loss:account');
    expect(text).toContain('AAA.SIM');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await fetch('xlsx')).bytes as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('Exposures')!.getRow(2).getCell(3).value).toBe(200);
  });

  it('refuses an unknown format with the method table error', async () => {
    await expect(client.call('risk.report', { format: 'docx' } as never)).rejects.toThrow(/format/);
  });
});
