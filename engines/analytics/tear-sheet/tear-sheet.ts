/**
 * A self-contained HTML tear sheet of a backtest or live period: headline metrics, equity and
 * drawdown charts, a monthly heatmap, the yearly and drawdown tables. Inline CSS and SVG only, so
 * it opens offline, prints, and can be mailed as one file.
 */
import { ErrorCode, NwsError } from '@nws/core';
import { drawdownSeries } from '../metrics/drawdown.js';
import { cumulativeReturns } from '../metrics/returns.js';
import type { Numbers } from '../metrics/stats.js';
import { computePerformance, type PerformanceMetrics, type PerformanceOptionsInput } from '../performance.js';
import { lineChart, monthlyHeatmap } from './svg-charts.js';

export interface TearSheetInput {
  title: string;
  returns: Numbers;
  /** Epoch ms of each period (required: the charts and calendar need dates). */
  timestamps: Numbers;
  benchmark?: Numbers;
  /** Starting equity for the equity chart (default 1 = growth of one unit). */
  startingEquity?: number;
  options?: PerformanceOptionsInput;
}

export interface TearSheet {
  html: string;
  metrics: PerformanceMetrics;
}

const CSS = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:960px;color:#1d2330;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #dde2ea;padding-bottom:4px}
.sub{color:#5b6475;margin:0 0 16px}
.metrics{display:grid;grid-template-columns:repeat(4,1fr);gap:8px}
.metric{background:#f4f6fa;border-radius:6px;padding:8px 10px}.metric .name{color:#5b6475;font-size:12px}.metric .value{font-size:18px;font-weight:600}
table{border-collapse:collapse;width:100%}th,td{padding:4px 8px;text-align:right;border-bottom:1px solid #eef1f5}th:first-child,td:first-child{text-align:left}
.equity{fill:none;stroke:#2563eb;stroke-width:1.5}.drawdown{fill:none;stroke:#dc2626;stroke-width:1}.drawdown-area{fill:#fecaca}
.axis{stroke:#9aa3b2}.label{font-size:11px;fill:#5b6475;text-anchor:end}.tick{font-size:11px;fill:#5b6475}
.month{font-size:11px;fill:#5b6475;text-anchor:middle}.cell-text{font-size:11px;fill:#1d2330;text-anchor:middle}
.neg{color:#b91c1c}.pos{color:#15803d}
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export const formatPercent = (value: number | undefined): string =>
  value === undefined || !Number.isFinite(value) ? 'n/a' : `${(value * 100).toFixed(2)}%`;
export const formatRatio = (value: number | undefined): string =>
  value === undefined || Number.isNaN(value) ? 'n/a' : Number.isFinite(value) ? value.toFixed(2) : value > 0 ? '∞' : '−∞';
const isoDate = (ts: number | null | undefined): string => (ts === undefined || ts === null ? '—' : new Date(ts).toISOString().slice(0, 10));

function metricCards(m: PerformanceMetrics): string {
  const cards: Array<[string, string]> = [
    ['Total return', formatPercent(m.totalReturn)],
    ['Annual return (CAGR)', formatPercent(m.annualReturn)],
    ['Annual volatility', formatPercent(m.annualVolatility)],
    ['Sharpe', formatRatio(m.sharpe)],
    ['Sortino', formatRatio(m.sortino)],
    ['Calmar', formatRatio(m.calmar)],
    ['Omega', formatRatio(m.omega)],
    ['Max drawdown', formatPercent(m.maxDrawdown?.depth ?? 0)],
    ['Win rate', formatPercent(m.winRate)],
    ['Profit factor', formatRatio(m.profitFactor)],
    ['Expectancy', formatPercent(m.expectancy)],
    ['Avg win / loss', `${formatPercent(m.averageWin)} / ${formatPercent(m.averageLoss)}`],
    ['Tail ratio', formatRatio(m.tailRatio)],
    ['Skew / kurtosis', `${formatRatio(m.skew)} / ${formatRatio(m.kurtosis)}`],
    ['VaR (historical)', formatPercent(m.valueAtRisk)],
    ['CVaR (historical)', formatPercent(m.conditionalValueAtRisk)],
  ];
  if (m.benchmark !== undefined) {
    cards.push(
      ['Alpha', formatPercent(m.benchmark.alpha)],
      ['Beta', formatRatio(m.benchmark.beta)],
      ['Information ratio', formatRatio(m.benchmark.informationRatio)],
      ['Tracking error', formatPercent(m.benchmark.trackingError)],
    );
  }
  return `<div class="metrics">${cards.map(([name, value]) => `<div class="metric"><div class="name">${name}</div><div class="value">${escapeHtml(value)}</div></div>`).join('')}</div>`;
}

function drawdownTable(m: PerformanceMetrics): string {
  const rows = m.drawdowns
    .map(
      (d, i) =>
        `<tr><td>${i + 1}</td><td class="neg">${formatPercent(d.depth)}</td><td>${isoDate(d.startTs)}</td><td>${isoDate(d.troughTs)}</td><td>${d.recoveryTs === null ? 'not recovered' : isoDate(d.recoveryTs)}</td><td>${d.durationPeriods}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>#</th><th>Depth</th><th>Start</th><th>Trough</th><th>Recovery</th><th>Periods</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function yearlyTable(m: PerformanceMetrics): string {
  const rows = (m.yearly ?? [])
    .map((row) => `<tr><td>${row.year}</td><td class="${row.return < 0 ? 'neg' : 'pos'}">${formatPercent(row.return)}</td></tr>`)
    .join('');
  return `<table><thead><tr><th>Year</th><th>Return</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function renderTearSheet(input: TearSheetInput): TearSheet {
  if (input.timestamps === undefined || input.timestamps.length !== input.returns.length || input.returns.length === 0) {
    throw new NwsError(ErrorCode.InvalidArgument, 'a tear sheet needs a non-empty returns series with one timestamp per return');
  }
  const metrics = computePerformance(
    { returns: input.returns, timestamps: input.timestamps, ...(input.benchmark === undefined ? {} : { benchmark: input.benchmark }) },
    input.options,
  );
  const startingEquity = input.startingEquity ?? 1;
  const equity = cumulativeReturns(input.returns, startingEquity);
  const underwater = drawdownSeries(input.returns);
  const first = isoDate(input.timestamps[0]!);
  const last = isoDate(input.timestamps[input.timestamps.length - 1]!);
  const money = (value: number) => (startingEquity === 1 ? value.toFixed(2) : Math.round(value).toLocaleString('en-US'));
  const html = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(input.title)}</title>`,
    `<style>${CSS}</style></head><body>`,
    `<h1>${escapeHtml(input.title)}</h1>`,
    `<p class="sub">${first} to ${last} · ${metrics.periods} periods · ${metrics.periodsPerYear} periods a year</p>`,
    metricCards(metrics),
    '<h2>Equity</h2>',
    lineChart(equity, input.timestamps, { width: 936, height: 240 }, { className: 'equity', format: money, label: 'Equity curve' }),
    '<h2>Drawdown</h2>',
    lineChart(underwater, input.timestamps, { width: 936, height: 160 }, { className: 'drawdown', format: formatPercent, fillToZero: true, label: 'Drawdown' }),
    '<h2>Monthly returns (%)</h2>',
    monthlyHeatmap(metrics.monthly ?? []),
    '<h2>Yearly returns</h2>',
    yearlyTable(metrics),
    '<h2>Worst drawdowns</h2>',
    drawdownTable(metrics),
    '</body></html>',
  ].join('\n');
  return { html, metrics };
}
