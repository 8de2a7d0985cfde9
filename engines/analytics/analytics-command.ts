/**
 * `nws analytics`: the logic behind the command, kept here so it is unit-testable without a
 * process. The CLI file only reads the files and maps errors to exit codes.
 */
import { ErrorCode, NwsError } from '@nws/core';
import { computePerformance, type PerformanceMetrics } from './performance.js';
import { alignToDates, parseReturnsCsv } from './returns-csv.js';

export interface AnalyticsCommandInput {
  returnsCsv: string;
  benchmarkCsv?: string;
  periodsPerYear?: number;
  /** Annual risk-free rate (0.02 = 2%); turned into a per-period rate by (1 + R)^(1/periodsPerYear) - 1. */
  riskFreeAnnual?: number;
}

export interface AnalyticsCommandResult {
  name: string;
  benchmarkName?: string;
  firstDate: string;
  lastDate: string;
  metrics: PerformanceMetrics;
}

export function runAnalyticsCommand(input: AnalyticsCommandInput): AnalyticsCommandResult {
  const periodsPerYear = input.periodsPerYear ?? 252;
  const riskFreeAnnual = input.riskFreeAnnual ?? 0;
  if (!Number.isFinite(riskFreeAnnual) || riskFreeAnnual <= -1) {
    throw new NwsError(ErrorCode.InvalidArgument, `--risk-free ${riskFreeAnnual} must be an annual rate above -1 (0.02 = 2%)`);
  }
  if (!Number.isFinite(periodsPerYear) || periodsPerYear <= 0) {
    throw new NwsError(ErrorCode.InvalidArgument, `--periods-per-year ${periodsPerYear} must be a positive number`);
  }
  const series = parseReturnsCsv(input.returnsCsv, '--returns');
  const benchmark = input.benchmarkCsv === undefined ? undefined : parseReturnsCsv(input.benchmarkCsv, '--benchmark');
  const metrics = computePerformance(
    {
      returns: series.returns,
      timestamps: series.timestamps,
      ...(benchmark === undefined ? {} : { benchmark: alignToDates(series.timestamps, benchmark) }),
    },
    { periodsPerYear, riskFree: Math.pow(1 + riskFreeAnnual, 1 / periodsPerYear) - 1 },
  );
  const result: AnalyticsCommandResult = {
    name: series.name,
    firstDate: new Date(series.timestamps[0]!).toISOString().slice(0, 10),
    lastDate: new Date(series.timestamps[series.timestamps.length - 1]!).toISOString().slice(0, 10),
    metrics,
  };
  if (benchmark !== undefined) result.benchmarkName = benchmark.name;
  return result;
}

/** JSON with NaN and ±Infinity written as null (JSON has no such numbers), two-space indented. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'number' && !Number.isFinite(item) ? null : item), 2);
}

const percent = (value: number) => (Number.isFinite(value) ? `${(value * 100).toFixed(2)}%` : 'n/a');
const plain = (value: number) => (Number.isFinite(value) ? value.toFixed(3) : 'n/a');

/** A short human-readable summary, for `nws analytics` without --json. */
export function formatAnalyticsText(result: AnalyticsCommandResult): string {
  const m = result.metrics;
  const rows: Array<[string, string]> = [
    ['Period', `${result.firstDate} .. ${result.lastDate} (${m.periods} periods)`],
    ['Total return', percent(m.totalReturn)],
    ['Annual return', percent(m.annualReturn)],
    ['Annual volatility', percent(m.annualVolatility)],
    ['Sharpe', plain(m.sharpe)],
    ['Sortino', plain(m.sortino)],
    ['Calmar', plain(m.calmar)],
    ['Omega', plain(m.omega)],
    ['Max drawdown', percent(m.maxDrawdown?.depth ?? 0)],
    ['Win rate', percent(m.winRate)],
    ['Profit factor', plain(m.profitFactor)],
    ['VaR / CVaR (5%)', `${percent(m.valueAtRisk)} / ${percent(m.conditionalValueAtRisk)}`],
  ];
  if (m.benchmark !== undefined) {
    rows.push(['Alpha / Beta', `${percent(m.benchmark.alpha)} / ${plain(m.benchmark.beta)}`]);
    rows.push(['Information ratio', plain(m.benchmark.informationRatio)]);
    rows.push(['Tracking error', percent(m.benchmark.trackingError)]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  return `${result.name}\n${rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n')}\n`;
}
