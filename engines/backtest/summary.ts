/** The JSON a user sees from `nws backtest --json`: snake_case, stable field names. */
import type { BacktestResult } from './run-backtest.js';

export interface BacktestSummary {
  strategy: string;
  params: Record<string, number | boolean | string>;
  final_value: number;
  cash: number;
  orders: number;
  /** Orders denied by risk checks or rejected by the venue (e.g. not enough cash). */
  refused_orders: number;
  fills: number;
  closed_trades: number;
  open_trades: number;
  won_trades: number;
  lost_trades: number;
  total_return: number;
  max_drawdown: number;
  net_pnl: number;
  commissions: number;
  bars: number;
  /** Quote and trade ticks, present only for a tick-driven run. */
  ticks?: number;
  /** Why the first refused order was refused, when any was. */
  first_refusal?: string;
  /** Equity after each time step, oldest first. */
  equity: number[];
}

export function backtestSummary(result: BacktestResult, resolvedParams: Readonly<Record<string, number | boolean | string>> = result.spec.params): BacktestSummary {
  const stats = result.statistics;
  return {
    strategy: result.spec.strategy,
    params: { ...resolvedParams },
    final_value: stats.finalValue,
    cash: result.cash,
    orders: stats.orders,
    refused_orders: result.refusedOrders.count,
    ...(result.refusedOrders.firstReason === undefined ? {} : { first_refusal: result.refusedOrders.firstReason }),
    fills: stats.fills,
    closed_trades: stats.closedTrades,
    open_trades: stats.openTrades,
    won_trades: stats.wonTrades,
    lost_trades: stats.lostTrades,
    total_return: stats.totalReturn,
    max_drawdown: stats.maxDrawdown,
    net_pnl: stats.netPnl,
    commissions: stats.commissions,
    bars: stats.bars,
    ...(stats.ticks > 0 ? { ticks: stats.ticks } : {}),
    equity: Array.from(result.equity.equity),
  };
}

/** A short human-readable report for the terminal. */
export function formatBacktestSummary(summary: BacktestSummary): string {
  const percent = (value: number) => `${(value * 100).toFixed(2)}%`;
  const params = Object.entries(summary.params).map(([key, value]) => `${key}=${String(value)}`).join(' ');
  return [
    `strategy      ${summary.strategy}${params === '' ? '' : ` (${params})`}`,
    summary.ticks === undefined ? `bars          ${summary.bars}` : `ticks         ${summary.ticks}`,
    `final value   ${summary.final_value.toFixed(2)}`,
    `cash          ${summary.cash.toFixed(2)}`,
    `total return  ${percent(summary.total_return)}`,
    `max drawdown  ${percent(summary.max_drawdown)}`,
    `orders        ${summary.orders}${summary.refused_orders > 0 ? ` (${summary.refused_orders} refused; first: ${summary.first_refusal ?? 'no reason given'})` : ''}`,
    `closed trades ${summary.closed_trades} (won ${summary.won_trades}, lost ${summary.lost_trades}, open ${summary.open_trades})`,
    `commissions   ${summary.commissions.toFixed(2)}`,
  ].join('\n');
}
