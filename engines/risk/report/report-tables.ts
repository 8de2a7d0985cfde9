// The report as tables: one definition of sections, columns and cell kinds that every tabular
// format (CSV, HTML, PDF, XLSX) renders, so they cannot drift apart. Cells hold the model's raw
// numbers; each format decides how a kind is shown (money with separators, ratio as a percent).
import type { RiskReport } from './report-model.js';

/**
 * text; money (2 decimals); number (as is); ratio (0.82 shown as 82.0 %); percent (already in
 * percent points: 12.5 shown as 12.50 %); timestamp (epoch ms, shown as ISO 8601 UTC);
 * auto (money when a number, else text).
 */
export type CellKind = 'text' | 'money' | 'number' | 'ratio' | 'percent' | 'timestamp' | 'auto';
export type Cell = string | number | null;

export interface ReportColumn {
  header: string;
  kind: CellKind;
}

export interface ReportTable {
  /** Stable section id: the CSV section marker and the XLSX sheet name. */
  name: string;
  title: string;
  columns: ReportColumn[];
  rows: Cell[][];
}

const text = (header: string): ReportColumn => ({ header, kind: 'text' });
const money = (header: string): ReportColumn => ({ header, kind: 'money' });
const number = (header: string): ReportColumn => ({ header, kind: 'number' });
const ratio = (header: string): ReportColumn => ({ header, kind: 'ratio' });
const percent = (header: string): ReportColumn => ({ header, kind: 'percent' });

export function reportTables(report: RiskReport): ReportTable[] {
  const { account, exposures } = report;
  return [
    {
      name: 'Summary',
      title: 'Summary',
      columns: [text('Item'), { header: 'Value', kind: 'auto' }],
      rows: [
        ['Account', report.accountId],
        ['Currency', report.currency],
        ['Generated (UTC)', new Date(report.generatedAt).toISOString()],
        ['Trading state', account.tradingState],
        ['Equity', account.equity],
        ['Day start equity', account.dayStartEquity],
        ['Peak equity', account.peakEquity],
        ['Day P&L', account.dayPnl],
        ['Realised P&L', account.realizedPnl],
        ['Unrealised P&L', account.unrealizedPnl],
        ['Gross exposure', exposures.gross],
        ['Net exposure', exposures.net],
        ['Long exposure', exposures.long],
        ['Short exposure', exposures.short],
        ['Leverage (gross / equity)', exposures.leverage],
      ],
    },
    {
      name: 'Limits',
      title: 'Limits and utilisation',
      columns: [text('Limit'), text('Type'), text('Scope'), text('Action'), number('Value'), number('Threshold'), ratio('Utilisation'), text('Level'), text('Subject'), ratio('Breach probability')],
      rows: report.limits.map((limit) => [limit.id, limit.type, limit.scope, limit.action, limit.value, limit.threshold, limit.utilisation, limit.level, limit.subject, limit.breachProbability]),
    },
    {
      name: 'Breaches',
      title: 'Breaches',
      columns: [{ header: 'Time (UTC)', kind: 'timestamp' }, text('Limit'), text('Type'), number('Value'), number('Threshold'), ratio('Utilisation'), text('Subject'), text('Action taken')],
      rows: report.breaches.map((breach) => [breach.ts, breach.limitId, breach.limitType, breach.value, breach.threshold, breach.utilisation, breach.subject, breach.actionTaken]),
    },
    {
      name: 'VaR',
      title: 'Value at risk',
      columns: [text('Method'), ratio('Confidence'), number('Horizon (days)'), money('VaR'), money('CVaR')],
      rows: report.valueAtRisk.map((row) => [row.method, row.confidence, row.horizonDays, row.var, row.cvar]),
    },
    {
      name: 'Exposures',
      title: 'Exposures by instrument',
      columns: [text('Instrument'), text('Sector'), number('Quantity'), money('Mark'), money('Exposure'), percent('% of equity')],
      rows: exposures.byInstrument.map((row) => [row.instrumentId, row.sector, row.quantity, row.mark, row.exposure, row.percentOfEquity]),
    },
    {
      name: 'Sectors',
      title: 'Exposures by sector',
      columns: [text('Sector'), money('Gross'), money('Net'), money('Long'), money('Short')],
      rows: exposures.bySector.map((row) => [row.sector, row.gross, row.net, row.long, row.short]),
    },
    {
      name: 'Stress',
      title: 'Stress scenarios',
      columns: [text('Scenario'), money('P&L'), percent('% of equity')],
      rows: report.stress.map((row) => [row.scenario, row.pnl, row.percentOfEquity]),
    },
    {
      name: 'Notes',
      title: 'Notes',
      columns: [text('Note')],
      rows: report.notes.map((note) => [note]),
    },
  ];
}

const moneyFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

/** How HTML and PDF show a cell: money with separators and 2 decimals, ratios as percents. */
export function displayCell(value: Cell, kind: CellKind): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  switch (kind) {
    case 'money':
    case 'auto':
      return moneyFormat.format(value);
    case 'number':
      return numberFormat.format(value);
    case 'ratio':
      return `${(value * 100).toFixed(1)}%`;
    case 'percent':
      return `${value.toFixed(2)}%`;
    case 'timestamp':
      return new Date(value).toISOString().replace('T', ' ').replace('.000Z', 'Z');
    case 'text':
      return String(value);
  }
}

export function formatMoney(value: number): string {
  return moneyFormat.format(value);
}
