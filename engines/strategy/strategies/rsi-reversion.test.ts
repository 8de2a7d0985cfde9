import { describe, expect, it } from 'vitest';
import { runBacktest } from '@nws/backtest';
import { dailySeries, flat } from '../test-fixtures/daily-series.js';

describe('rsi-reversion', () => {
  it('buys the sell-off and exits on the rebound', () => {
    const closes = [...flat(20, 100), 97, 94, 91, 88, 85, 82, 88, 95, 102, 109, 116, 123];
    const result = runBacktest({ strategy: 'rsi-reversion', params: { period: 5, lower: 30, upper: 70, stake: 2 } }, [dailySeries('RSI.SIM', closes)]);
    expect(result.fills.map((fill) => fill.side)).toEqual(['BUY', 'SELL']);
    const [buy, sell] = result.fills;
    // The first drop (close 97 after a flat 100) sends RSI(5) below 30: bought at the next open, 97.
    expect(buy!.price).toBe(97);
    expect(buy!.ts).toBe(Date.UTC(2021, 0, 22));
    expect(sell!.price).toBeGreaterThan(buy!.price);
    expect(result.trades[0]!.pnl).toBeGreaterThan(0);
  });

  it('does nothing while RSI stays between the bands', () => {
    const result = runBacktest({ strategy: 'rsi-reversion', params: { period: 5 } }, [dailySeries('RSI.SIM', flat(60, 50, 0.5))]);
    expect(result.orders).toHaveLength(0);
  });
});
