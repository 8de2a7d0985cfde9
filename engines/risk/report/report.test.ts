// The risk report of a real book: built from a risk engine with positions, a monitor that stored
// breach events, and return history; every format is opened and its content checked.
import { describe, expect, it, beforeAll } from 'vitest';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import { NwsError, SimulatedClock } from '@nws/core';
import { InMemoryRiskStore } from '../audit.js';
import { RiskEngine } from '../risk-engine.js';
import { RiskMonitor } from '../monitor.js';
import { AAPL, MSFT, XOM, fill, riskState } from '../test-fixtures/risk-fixtures.js';
import { Xoshiro128 } from '../var/rng.js';
import { historicalVar } from '../var/historical.js';
import { buildRiskReport } from './build-report.js';
import { riskReportSchema } from './report-model.js';
import type { RiskReport } from './report-model.js';
import { renderRiskReport, riskReportFileName } from './render.js';
import { formatMoney } from './report-tables.js';

const NOW = Date.UTC(2024, 5, 4, 16, 45); // 12:45 New York: half the session left

function history(seed: number) {
  const rng = new Xoshiro128(seed);
  const ids = [AAPL, MSFT, XOM];
  return { instrumentIds: ids, returns: ids.map((_, index) => Float64Array.from({ length: 250 }, () => rng.nextNormal() * (0.01 + index * 0.005))) };
}

/** AAPL long 100 @ 100 (now 90), MSFT short 50 @ 200, XOM long 200 @ 50; a daily-loss limit breached. */
function bookWithBreach() {
  const clock = new SimulatedClock(NOW - 60_000);
  const store = new InMemoryRiskStore(() => clock.now());
  const state = riskState(100_000);
  const engine = new RiskEngine({
    state,
    store,
    clock,
    config: {
      limits: [
        { type: 'max-order-quantity', maxQuantity: 1_000 },
        { type: 'max-gross-exposure', maxGross: 40_000 },
        { type: 'daily-loss', maxLoss: 2_000, action: 'notify' },
        { type: 'max-position-quantity', maxQuantity: 150, scope: { kind: 'strategy', strategyId: 'S-TEST' } },
      ],
    },
  });
  fill(state, AAPL, 'BUY', 100, 100);
  fill(state, MSFT, 'SELL', 50, 200);
  fill(state, XOM, 'BUY', 200, 50);
  state.setMark(AAPL, 100);
  state.setMark(MSFT, 200);
  state.setMark(XOM, 50);
  const monitor = new RiskMonitor({ engine, clock });
  monitor.evaluate();
  state.setMark(AAPL, 78); // -2,200 today: the daily loss limit breaches
  monitor.evaluate();
  state.setMark(AAPL, 90); // back to -1,000
  clock.advanceTo(NOW);
  return { engine, store, state };
}

describe('buildRiskReport', () => {
  let report: RiskReport;
  beforeAll(() => {
    const { engine, store } = bookWithBreach();
    report = buildRiskReport({ engine, store, history: history(3), ts: NOW, accountId: 'PAPER-001', currency: 'USD' });
  });

  it('matches its schema and carries the account', () => {
    expect(riskReportSchema.parse(report)).toEqual(report);
    expect(report.account).toMatchObject({ equity: 99_000, dayStartEquity: 100_000, dayPnl: -1_000, tradingState: 'ACTIVE' });
  });

  it('lists every limit with its utilisation and the daily-loss breach probability', () => {
    const byId = new Map(report.limits.map((limit) => [limit.id, limit]));
    expect(byId.get('max-order-quantity:account')).toMatchObject({ utilisation: null, level: null, breachProbability: null });
    // gross: 9,000 + 10,000 + 10,000
    expect(byId.get('max-gross-exposure:account')).toMatchObject({ value: 29_000, threshold: 40_000, utilisation: 29_000 / 40_000, level: 'ok' });
    const daily = byId.get('daily-loss:account')!;
    expect(daily).toMatchObject({ value: 1_000, threshold: 2_000, utilisation: 0.5, level: 'ok' });
    expect(daily.breachProbability).toBeGreaterThan(0);
    expect(daily.breachProbability).toBeLessThan(1);
    expect(byId.get('max-position-quantity:strategy=S-TEST')).toMatchObject({ scope: 'strategy S-TEST', value: 200, level: 'breach', subject: XOM });
  });

  it('reads the breach events the monitor stored, newest first', () => {
    const breaches = report.breaches.filter((breach) => breach.limitId === 'daily-loss:account');
    expect(breaches).toHaveLength(1);
    expect(breaches[0]).toMatchObject({ limitType: 'daily-loss', value: 2_200, threshold: 2_000, utilisation: 1.1, actionTaken: 'notify' });
  });

  it('computes VaR at 95 and 99 % by three methods, equal to the functions on the same inputs', () => {
    expect(report.valueAtRisk.map((row) => `${row.method}@${row.confidence}`).sort()).toEqual(
      ['historical@0.95', 'historical@0.99', 'monte-carlo@0.95', 'monte-carlo@0.99', 'parametric@0.95', 'parametric@0.99'],
    );
    const returns = history(3).returns;
    const expected = historicalVar(returns, [9_000, -10_000, 10_000], { confidence: 0.99 });
    const historical = report.valueAtRisk.find((row) => row.method === 'historical' && row.confidence === 0.99)!;
    expect(historical.var).toBeCloseTo(expected.var, 9);
    expect(historical.cvar).toBeCloseTo(expected.cvar, 9);
    for (const row of report.valueAtRisk) expect(row.cvar).toBeGreaterThanOrEqual(row.var * 0.999);
  });

  it('sums exposures long, short, by instrument and by sector', () => {
    expect(report.exposures).toMatchObject({ gross: 29_000, net: 9_000, long: 19_000, short: -10_000, leverage: 29_000 / 99_000 });
    expect(report.exposures.byInstrument.map((row) => [row.instrumentId, row.exposure])).toEqual([[MSFT, -10_000], [XOM, 10_000], [AAPL, 9_000]]);
    expect(report.exposures.bySector).toEqual([
      { sector: 'Technology', gross: 19_000, net: -1_000, long: 9_000, short: -10_000 },
      { sector: 'Energy', gross: 10_000, net: 10_000, long: 10_000, short: 0 },
    ]);
  });

  it('runs the default stress scenarios', () => {
    const byName = new Map(report.stress.map((row) => [row.scenario, row]));
    expect(byName.get('Equity market -10%')!.pnl).toBeCloseTo(-900, 9); // -0.1 x net 9,000
    expect(byName.get('Energy price collapse')!.pnl).toBeCloseTo(-0.02 * 9_000 - 0.25 * 10_000, 9);
    expect(report.stress.length).toBe(6);
  });

  it('says what is left out when there is no history', () => {
    const { engine } = bookWithBreach();
    const bare = buildRiskReport({ engine, ts: NOW, accountId: 'PAPER-001', currency: 'USD' });
    expect(bare.valueAtRisk).toEqual([]);
    expect(bare.notes).toContain('VaR not available: no daily return history.');
    expect(bare.breaches).toEqual([]);
  });
});

describe('report formats', () => {
  let report: RiskReport;
  beforeAll(() => {
    const { engine, store } = bookWithBreach();
    report = buildRiskReport({ engine, store, history: history(5), ts: NOW, accountId: 'PAPER-001', currency: 'USD' });
  });
  const var99 = () => report.valueAtRisk.find((row) => row.method === 'historical' && row.confidence === 0.99)!;

  it('JSON parses back to the same report', async () => {
    const rendered = await renderRiskReport(report, 'json');
    expect(rendered).toMatchObject({ fileName: 'risk-report-PAPER-001-20240604-1645.json', mime: 'application/json' });
    expect(riskReportSchema.parse(JSON.parse(new TextDecoder().decode(rendered.bytes)))).toEqual(report);
  });

  it('CSV has one marked section per table with raw numbers', async () => {
    const text = new TextDecoder().decode((await renderRiskReport(report, 'csv')).bytes);
    const sections = text.split('\r\n\r\n').filter(Boolean).map((block) => block.split('\r\n'));
    expect(sections.map((lines) => lines[0])).toEqual(['# Summary', '# Limits', '# Breaches', '# VaR', '# Exposures', '# Sectors', '# Stress', '# Notes']);
    const limits = sections[1]!;
    expect(limits[1]).toBe('Limit,Type,Scope,Action,Value,Threshold,Utilisation,Level,Subject,Breach probability');
    expect(limits).toContain('max-gross-exposure:account,max-gross-exposure,account,notify,29000,40000,0.725,ok,,');
    const varSection = sections[3]!;
    expect(varSection).toContain(`historical,0.99,1,${var99().var},${var99().cvar}`);
    const breach = sections[2]!.find((line) => line.includes('daily-loss:account'))!;
    expect(breach.split(',')[0]).toBe(new Date(report.breaches[0]!.ts).toISOString());
    expect(sections[4]!.length).toBe(2 + report.exposures.byInstrument.length);
  });

  it('HTML is one self-contained page with the numbers and SVG utilisation bars', async () => {
    const html = new TextDecoder().decode((await renderRiskReport(report, 'html')).bytes);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(html).toContain(formatMoney(var99().var));
    expect(html).toContain('29,000');
    expect(html).toContain('72.5%');
    expect(html.match(/<svg class="bar"/g)!.length).toBe(report.limits.filter((limit) => limit.utilisation !== null).length);
    expect(html).toContain('class="level-breach"');
    expect(html).toContain('Equity market -10%');
  });

  it('PDF text has the limit names, the VaR values and page numbers', async () => {
    const rendered = await renderRiskReport(report, 'pdf');
    expect(rendered.mime).toBe('application/pdf');
    expect(Buffer.from(rendered.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const { text } = await new PDFParse({ data: rendered.bytes }).getText();
    for (const limit of report.limits) expect(text).toContain(limit.id);
    expect(text).toContain(formatMoney(var99().var));
    expect(text).toContain(formatMoney(var99().cvar));
    expect(text).toContain('Value at risk');
    expect(text).toMatch(/Page 1 of \d+/);
  });

  it('XLSX has a sheet per section with numbers stored as numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderRiskReport(report, 'xlsx')).bytes.buffer as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Summary', 'Limits', 'Breaches', 'VaR', 'Exposures', 'Sectors', 'Stress', 'Notes']);
    const varSheet = workbook.getWorksheet('VaR')!;
    expect([1, 2, 3, 4, 5].map((column) => varSheet.getRow(1).getCell(column).value)).toEqual(['Method', 'Confidence', 'Horizon (days)', 'VaR', 'CVaR']);
    report.valueAtRisk.forEach((row, index) => {
      const cells = varSheet.getRow(index + 2);
      expect(cells.getCell(1).value).toBe(row.method);
      expect(cells.getCell(2).value).toBe(row.confidence);
      expect(cells.getCell(4).value).toBe(row.var);
      expect(cells.getCell(5).value).toBe(row.cvar);
      expect(cells.getCell(4).numFmt).toBe('#,##0.00');
    });
    const limits = workbook.getWorksheet('Limits')!;
    const gross = limits.getRow(1 + report.limits.findIndex((limit) => limit.id === 'max-gross-exposure:account') + 1);
    expect(gross.getCell(5).value).toBe(29_000);
    expect(gross.getCell(7).value).toBe(0.725);
    expect(gross.getCell(7).numFmt).toBe('0.0%');
    const breaches = workbook.getWorksheet('Breaches')!;
    expect((breaches.getRow(2).getCell(1).value as Date).getTime()).toBe(report.breaches[0]!.ts);
    const summary = workbook.getWorksheet('Summary')!;
    expect(summary.getRow(6).getCell(1).value).toBe('Equity');
    expect(summary.getRow(6).getCell(2).value).toBe(99_000);
  });

  it('refuses an unknown format and names it', async () => {
    await expect(renderRiskReport(report, 'docx' as never)).rejects.toThrow(NwsError);
    await expect(renderRiskReport(report, 'docx' as never)).rejects.toThrow('report format must be one of json, csv, html, pdf, xlsx, got docx');
    expect(riskReportFileName(report, 'pdf')).toBe('risk-report-PAPER-001-20240604-1645.pdf');
  });
});
