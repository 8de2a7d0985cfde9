/**
 * Run statistics from the equity curve and the closed trades. Kept small and explicit so a
 * user can reproduce each number by hand (docs/backtest.md gives the formulas).
 */
import { emptyDrawdown, foldDrawdown } from '@nws/execution';
import type { EquitySummary } from '@nws/execution';
import type { ClosedTrade } from './trade-tracker.js';

export interface BacktestStatistics {
  startingCash: number;
  finalValue: number;
  /** final / starting - 1 (0.05 = +5%). */
  totalReturn: number;
  /** Largest fall from a running peak of equity, as a fraction of that peak (0.12 = 12%). */
  maxDrawdown: number;
  /** Same fall in money. */
  maxDrawdownMoney: number;
  /** Orders submitted (every order, including exits and any denied or rejected). */
  orders: number;
  fills: number;
  closedTrades: number;
  openTrades: number;
  wonTrades: number;
  lostTrades: number;
  /** won / closed; 0 with no closed trade. */
  winRate: number;
  grossProfit: number;
  grossLoss: number;
  /** grossProfit / |grossLoss|; Infinity when no trade lost and one won, 0 with no trades. */
  profitFactor: number;
  netPnl: number;
  commissions: number;
  bars: number;
  /** Quote and trade ticks of a tick-driven run (0 for bars). */
  ticks: number;
}

/** What the statistics need of the closed trades: counts and sums, added in trade order. */
export interface TradeTotals {
  closed: number;
  won: number;
  lost: number;
  grossProfit: number;
  grossLoss: number;
}

export function emptyTradeTotals(): TradeTotals {
  return { closed: 0, won: 0, lost: 0, grossProfit: 0, grossLoss: 0 };
}

/** Adds one closed trade's P&L (the same additions, in the same order, as a pass over the trades). */
export function addTradePnl(totals: TradeTotals, pnl: number): void {
  totals.closed += 1;
  if (pnl > 0) {
    totals.won += 1;
    totals.grossProfit += pnl;
  } else if (pnl < 0) {
    totals.lost += 1;
    totals.grossLoss += pnl;
  }
}

export interface StatisticsInput {
  startingCash: number;
  /** The equity curve; or `equitySummary` instead, when the run kept only that. */
  equity?: Float64Array;
  equitySummary?: EquitySummary;
  trades: readonly ClosedTrade[];
  /**
   * The trades' totals when the trades themselves were not kept (a summary run); when given,
   * `trades` is not read.
   */
  tradeTotals?: TradeTotals;
  orders: number;
  fills: number;
  openTrades: number;
  commissions: number;
  bars: number;
  ticks?: number;
}

export function maxDrawdownOf(equity: Float64Array): { fraction: number; money: number } {
  const { fraction, money } = foldDrawdown(emptyDrawdown(), equity);
  return { fraction, money };
}

function equitySummaryOf(input: StatisticsInput): { final: number; maxDrawdown: { fraction: number; money: number } } {
  if (input.equitySummary !== undefined) return input.equitySummary;
  const equity = input.equity ?? new Float64Array(0);
  return { final: equity.length > 0 ? equity[equity.length - 1]! : Number.NaN, maxDrawdown: maxDrawdownOf(equity) };
}

export function computeStatistics(input: StatisticsInput): BacktestStatistics {
  const summary = equitySummaryOf(input);
  const finalValue = Number.isNaN(summary.final) ? input.startingCash : summary.final;
  const drawdown = summary.maxDrawdown;
  let totals = input.tradeTotals;
  if (totals === undefined) {
    totals = emptyTradeTotals();
    for (const trade of input.trades) addTradePnl(totals, trade.pnl);
  }
  const { closed: closedTrades, won: wonTrades, lost: lostTrades, grossProfit, grossLoss } = totals;
  return {
    startingCash: input.startingCash,
    finalValue,
    totalReturn: input.startingCash > 0 ? finalValue / input.startingCash - 1 : 0,
    maxDrawdown: drawdown.fraction,
    maxDrawdownMoney: drawdown.money,
    orders: input.orders,
    fills: input.fills,
    closedTrades,
    openTrades: input.openTrades,
    wonTrades,
    lostTrades,
    winRate: closedTrades > 0 ? wonTrades / closedTrades : 0,
    grossProfit,
    grossLoss,
    profitFactor: grossLoss < 0 ? grossProfit / -grossLoss : grossProfit > 0 ? Number.POSITIVE_INFINITY : 0,
    netPnl: finalValue - input.startingCash,
    commissions: input.commissions,
    bars: input.bars,
    ticks: input.ticks ?? 0,
  };
}
