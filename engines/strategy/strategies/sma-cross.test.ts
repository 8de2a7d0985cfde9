import { describe, expect, it } from 'vitest';
import { runBacktest } from '@nws/backtest';

import { dailySeries } from '../test-fixtures/daily-series.js';

describe('sma-cross', () => {
  it('buys on the cross up and closes on the cross down', () => {
    // Falls, rises (fast SMA crosses above slow), then falls again (crosses below).
    const closes = [20, 19, 18, 17, 16, 15, 16, 18, 20, 22, 24, 26, 25, 22, 19, 16, 13, 10];
    const result = runBacktest({ strategy: 'sma-cross', params: { fast: 2, slow: 4, stake: 5 } }, [dailySeries('UPDN.SIM', closes)]);
    expect(result.fills.map((fill) => [fill.side, fill.qty])).toEqual([
      ['BUY', 5],
      ['SELL', 5],
    ]);
    const [buy, sell] = result.fills;
    // fast(2) > slow(4) first at index 7 (17 > 16.25 after 16 < 16.25 at index 6); fills at index 8's open.
    expect(buy!.price).toBe(18);
    expect(buy!.ts).toBe(Date.UTC(2021, 0, 9));
    // fast < slow first at index 13 (23.5 < 24.25); fills at index 14's open = 22.
    expect(sell!.price).toBe(22);
    expect(result.statistics.closedTrades).toBe(1);
    expect(result.trades[0]!.pnl).toBe(5 * (22 - 18));
  });

  it('stays flat without a crossing', () => {
    const rising = Array.from({ length: 40 }, (_, index) => 10 + index);
    const result = runBacktest({ strategy: 'sma-cross', params: { fast: 3, slow: 10 } }, [dailySeries('UP.SIM', rising)]);
    expect(result.orders).toHaveLength(0);
  });

  it('trades several instruments each on its own SMAs', () => {
    const up = [20, 19, 18, 17, 16, 15, 16, 18, 20, 22, 24, 26, 25, 22, 19, 16, 13, 10];
    const down = up.map((value) => 40 - value);
    const params = { fast: 2, slow: 4, stake: 1 };
    const both = runBacktest({ strategy: 'sma-cross', params }, [dailySeries('UP.SIM', up), dailySeries('DN.SIM', down)]);
    const upAlone = runBacktest({ strategy: 'sma-cross', params }, [dailySeries('UP.SIM', up)]);
    const downAlone = runBacktest({ strategy: 'sma-cross', params }, [dailySeries('DN.SIM', down)]);
    const strip = (fills: typeof both.fills) => fills.map(({ side, qty, price, ts }) => ({ side, qty, price, ts }));
    expect(strip(both.fills.filter((fill) => fill.instrumentId === 'UP.SIM'))).toEqual(strip(upAlone.fills));
    expect(strip(both.fills.filter((fill) => fill.instrumentId === 'DN.SIM'))).toEqual(strip(downAlone.fills));
    expect(downAlone.fills.length).toBeGreaterThan(0);
  });
});
