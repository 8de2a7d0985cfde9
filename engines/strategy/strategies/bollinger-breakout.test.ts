import { describe, expect, it } from 'vitest';
import { runBacktest } from '@nws/backtest';
import { dailySeries, flat } from '../test-fixtures/daily-series.js';

describe('bollinger-breakout', () => {
  it('buys the breakout above the upper band and exits below the middle band', () => {
    const closes = [...flat(25, 100, 0.5), 106, 110, 113, 115, 114, 109, 103, 98];
    const result = runBacktest({ strategy: 'bollinger-breakout', params: { period: 10, deviations: 2, stake: 1 } }, [dailySeries('BB.SIM', closes)]);
    expect(result.fills.map((fill) => fill.side)).toEqual(['BUY', 'SELL']);
    // The breakout bar is index 25 (close 106); the buy fills at the next open, 106.
    expect(result.fills[0]!.price).toBe(106);
    expect(result.fills[0]!.ts).toBe(Date.UTC(2021, 0, 27));
    expect(result.statistics.closedTrades).toBe(1);
  });
});
