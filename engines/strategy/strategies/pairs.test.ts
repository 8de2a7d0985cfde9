import { describe, expect, it } from 'vitest';
import { runBacktest } from '@nws/backtest';
import { dailySeries } from '../test-fixtures/daily-series.js';

describe('pairs', () => {
  it('shorts the rich leg, buys the cheap one and flattens both when the ratio reverts', () => {
    const legB = Array.from({ length: 40 }, (_, index) => 50 + (index % 3));
    // A tracks 2 x B, jumps 10% rich at index 25 for three bars, then reverts.
    const legA = legB.map((value, index) => 2 * value * (index >= 25 && index < 28 ? 1.1 : 1) + (index % 2 === 0 ? 0.2 : -0.2));
    const result = runBacktest(
      { strategy: 'pairs', params: { period: 10, entry: 2, exit: 0.5, stake: 10 }, accountType: 'margin' },
      [dailySeries('AAA.SIM', legA), dailySeries('BBB.SIM', legB)],
    );
    const sides = result.fills.map((fill) => `${fill.instrumentId} ${fill.side}`);
    expect(sides.slice(0, 2)).toEqual(['AAA.SIM SELL', 'BBB.SIM BUY']);
    expect(sides.slice(2, 4).sort()).toEqual(['AAA.SIM BUY', 'BBB.SIM SELL']);
    expect(result.statistics.closedTrades).toBe(2);
    expect(result.statistics.netPnl).toBeGreaterThan(0);
  });

  it('refuses a run with one instrument', () => {
    expect(() => runBacktest({ strategy: 'pairs' }, [dailySeries('AAA.SIM', [1, 2, 3])])).toThrow(/trades 2 instrument/);
  });
});
