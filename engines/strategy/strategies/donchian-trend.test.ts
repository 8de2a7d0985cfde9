import { describe, expect, it } from 'vitest';
import { runBacktest } from '@nws/backtest';
import { dailySeries, flat } from '../test-fixtures/daily-series.js';

describe('donchian-trend', () => {
  it('buys a close above the prior channel high and exits below the prior channel low', () => {
    // Range 99..101 (highs up to 101.1 + 1); breakout closes 105, 108; then a slide.
    const closes = [...flat(12, 100, 0.1), 105, 108, 110, 109, 104, 97, 96];
    const result = runBacktest({ strategy: 'donchian-trend', params: { entry: 5, exit: 3, stake: 4 } }, [dailySeries('DC.SIM', closes)]);
    expect(result.fills.map((fill) => [fill.side, fill.qty])).toEqual([
      ['BUY', 4],
      ['SELL', 4],
    ]);
    // Breakout at index 12 (105 > prior high 101.1) → fills at index 13's open (105).
    expect(result.fills[0]!.price).toBe(105);
    // Index 16 closes 104, not below the prior 3-bar low (104); index 17 closes 97 < 103 (low of
    // indexes 14..16) → the close fills at index 18's open (97).
    expect(result.fills[1]!.price).toBe(97);
    expect(result.fills[1]!.ts).toBe(Date.UTC(2021, 0, 19));
    expect(result.trades[0]!.pnl).toBe(4 * (97 - 105));
  });
});
