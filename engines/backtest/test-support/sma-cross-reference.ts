/**
 * sma-cross computed by hand: a plain loop over the bars with no engine code, for checking the
 * backtest's numbers. Market orders fill at the next bar's open (or this bar's close), a
 * percentage commission is charged on each fill's value, and an order sent on the last bar
 * never fills.
 */
import type { BarSeries } from '../data/bar-series.js';

export interface SmaCrossReference {
  final_value: number;
  cash: number;
  orders: number;
  closed_trades: number;
  total_return: number;
  max_drawdown: number;
  equity: number[];
}

function smaAt(values: Float64Array, end: number, period: number): number {
  let sum = 0;
  for (let index = end - period + 1; index <= end; index++) sum += values[index]!;
  return sum / period;
}

export function smaCrossReference(
  bars: BarSeries,
  options: { fast: number; slow: number; stake: number; cash: number; commissionPct?: number; fill?: 'next-open' | 'close' },
): SmaCrossReference {
  const commissionRate = (options.commissionPct ?? 0) / 100;
  let cash = options.cash;
  let position = 0;
  let pending: 'buy' | 'sell' | undefined;
  let orders = 0;
  let closedTrades = 0;
  let lastSign = 0;
  const equity: number[] = [];
  const execute = (side: 'buy' | 'sell', price: number) => {
    const quantity = side === 'buy' ? options.stake : position;
    const value = quantity * price;
    cash += side === 'buy' ? -value : value;
    cash -= value * commissionRate;
    position += side === 'buy' ? quantity : -quantity;
    if (side === 'sell') closedTrades += 1;
  };
  for (let index = 0; index < bars.close.length; index++) {
    if (pending !== undefined) {
      execute(pending, bars.open[index]!);
      pending = undefined;
    }
    if (index >= options.slow - 1 && index >= options.fast - 1) {
      const difference = smaAt(bars.close, index, options.fast) - smaAt(bars.close, index, options.slow);
      let crossing: 'up' | 'down' | undefined;
      if (difference !== 0) {
        const sign = difference > 0 ? 1 : -1;
        if (lastSign === -1 && sign === 1) crossing = 'up';
        if (lastSign === 1 && sign === -1) crossing = 'down';
        lastSign = sign;
      }
      const signal = position === 0 && crossing === 'up' ? 'buy' : position > 0 && crossing === 'down' ? 'sell' : undefined;
      if (signal !== undefined) {
        orders += 1;
        if (options.fill === 'close') execute(signal, bars.close[index]!);
        else pending = signal;
      }
    }
    equity.push(cash + position * bars.close[index]!);
  }
  let peak = Number.NEGATIVE_INFINITY;
  let maxDrawdown = 0;
  for (const value of equity) {
    peak = Math.max(peak, value);
    maxDrawdown = Math.max(maxDrawdown, (peak - value) / peak);
  }
  const finalValue = cash + position * bars.close[bars.close.length - 1]!;
  return { final_value: finalValue, cash, orders, closed_trades: closedTrades, total_return: finalValue / options.cash - 1, max_drawdown: maxDrawdown, equity };
}
