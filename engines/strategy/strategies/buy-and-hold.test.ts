import { describe, expect, it } from 'vitest';
import { runBacktest } from '@nws/backtest';
import { dailySeries } from '../test-fixtures/daily-series.js';

describe('buy-and-hold', () => {
  it('invests a fraction of cash on the first bar and holds to the end', () => {
    const closes = [50, 52, 51, 55, 60];
    const result = runBacktest({ strategy: 'buy-and-hold', params: { fraction: 0.5 }, startingCash: 10_000 }, [dailySeries('BH.SIM', closes)]);
    // floor(5000 / 50) = 100 units, filled at the second bar's open (50).
    expect(result.fills.map((fill) => [fill.side, fill.qty, fill.price])).toEqual([['BUY', 100, 50]]);
    expect(result.statistics.finalValue).toBe(10_000 - 100 * 50 + 100 * 60);
    expect(result.statistics.closedTrades).toBe(0);
    expect(result.statistics.openTrades).toBe(1);
  });
});
