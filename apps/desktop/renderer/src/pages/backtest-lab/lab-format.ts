// Number and date formats of the Backtest Lab: statistics by kind (fractions as percent, money,
// ratios, counts), so every table shows a statistic the same way.
import { formatMoney } from '../../widgets/format-price.js';

const PERCENT_STATISTICS = new Set(['totalReturn', 'maxDrawdown', 'winRate', 'annualReturn', 'annualVolatility', 'valueAtRisk', 'conditionalValueAtRisk']);
const MONEY_STATISTICS = new Set(['startingCash', 'finalValue', 'maxDrawdownMoney', 'grossProfit', 'grossLoss', 'netPnl', 'commissions']);
const COUNT_STATISTICS = new Set(['orders', 'fills', 'closedTrades', 'openTrades', 'wonTrades', 'lostTrades', 'bars', 'ticks']);

/** Statistics shown in the run view, in order, with their labels. */
export const STATISTIC_LABELS: ReadonlyArray<readonly [string, string]> = [
  ['finalValue', 'Final value'],
  ['totalReturn', 'Total return'],
  ['annualReturn', 'Annual return'],
  ['maxDrawdown', 'Max drawdown'],
  ['sharpe', 'Sharpe'],
  ['sortino', 'Sortino'],
  ['calmar', 'Calmar'],
  ['annualVolatility', 'Volatility'],
  ['closedTrades', 'Closed trades'],
  ['winRate', 'Win rate'],
  ['profitFactor', 'Profit factor'],
  ['netPnl', 'Net P&L'],
  ['commissions', 'Commissions'],
  ['orders', 'Orders'],
  ['openTrades', 'Open trades'],
  ['bars', 'Bars'],
  ['ticks', 'Ticks'],
];

/** The statistics table of a run: Bars for a run over bars, Ticks for a run over ticks. */
export function statisticRows(statistics: Readonly<Record<string, number | null>>): ReadonlyArray<readonly [string, string]> {
  const overTicks = (statistics['ticks'] ?? 0) > 0;
  return STATISTIC_LABELS.filter(([name]) => (name === 'bars' ? !overTicks : name === 'ticks' ? overTicks : true));
}

export function statisticLabel(name: string): string {
  return STATISTIC_LABELS.find(([key]) => key === name)?.[1] ?? name.replace(/([A-Z])/g, ' $1').replace(/^./, (first) => first.toUpperCase());
}

export function formatStatistic(name: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return name === 'profitFactor' ? '∞' : '—';
  if (PERCENT_STATISTICS.has(name)) return `${(value * 100).toFixed(2)}%`;
  if (MONEY_STATISTICS.has(name)) return formatMoney(value);
  if (COUNT_STATISTICS.has(name)) return value.toLocaleString('en-US');
  return value.toFixed(2);
}

/** Good or bad colour for a statistic whose sign means something. */
export function statisticTone(name: string, value: number | null | undefined): '' | 'pos' | 'neg' {
  if (value === null || value === undefined || value === 0) return '';
  if (name === 'totalReturn' || name === 'netPnl' || name === 'annualReturn') return value > 0 ? 'pos' : 'neg';
  if (name === 'maxDrawdown') return 'neg';
  return '';
}

// Money as everywhere else in the app: `12,345.67`.
export { formatMoney };

export function formatDate(ts: number): string {
  return new Date(ts).toISOString().slice(0, 10);
}

export function formatDateTime(ts: number): string {
  return new Date(ts).toISOString().slice(0, 16).replace('T', ' ');
}

export function formatParams(params: Readonly<Record<string, number | boolean | string>>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(' ');
}

/** `ACME.SIM 1d` (or `ES.XCME quotes` for ticks) for each series a run stored in its data description. */
export function describeData(data: unknown): string {
  const series = (data as { series?: Array<{ instrumentId: string; barType?: string; ticks?: string }> } | null)?.series ?? [];
  return series.map((one) => `${one.instrumentId} ${one.barType ?? one.ticks ?? ''}`.trimEnd()).join(', ');
}
