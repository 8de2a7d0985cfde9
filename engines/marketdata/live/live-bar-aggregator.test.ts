import { describe, expect, it } from 'vitest';
import { MessageBus, SimulatedClock, instrumentId, topics, tradeId, type Bar, type TradeTick } from '@nws/core';
import { LiveBarAggregator } from './live-bar-aggregator.js';

const ACME = instrumentId('ACME', 'SIM');
const T0 = Date.UTC(2026, 10, 23, 14, 30); // a minute boundary

function trade(ts: number, price: number, size: number): TradeTick {
  return { instrumentId: ACME, price, size, aggressorSide: 'BUYER', tradeId: tradeId(`t${ts}`), ts };
}

function setUp(spec = '1m') {
  const bus = new MessageBus();
  const clock = new SimulatedClock(T0);
  const bars: Bar[] = [];
  bus.subscribe(topics.bars(ACME, spec), (bar) => void bars.push(bar));
  const aggregator = new LiveBarAggregator(bus, clock, [ACME], spec);
  aggregator.start();
  const send = (tick: TradeTick) => bus.publish(topics.trades(ACME), tick);
  return { bus, clock, bars, aggregator, send };
}

describe('LiveBarAggregator', () => {
  it('builds OHLCV from the trades of each period and publishes the bar when the period ends', () => {
    const { clock, bars, send } = setUp();
    send(trade(T0 + 1_000, 10, 100));
    send(trade(T0 + 20_000, 12, 50));
    send(trade(T0 + 40_000, 9, 25));
    send(trade(T0 + 59_999, 11, 10));
    expect(bars).toEqual([]); // the minute is not over
    clock.advanceTo(T0 + 60_000);
    expect(bars).toHaveLength(1);
    expect(bars[0]).toMatchObject({ ts: T0, open: 10, high: 12, low: 9, close: 11, volume: 185 });
    expect(bars[0]!.barType).toEqual({ instrumentId: ACME, step: 1, unit: 'm' });
  });

  it('closes a bar early when a trade of the next period arrives, skips empty periods and late trades', () => {
    const { clock, bars, send, aggregator } = setUp();
    send(trade(T0 + 5_000, 10, 1));
    send(trade(T0 + 125_000, 13, 2)); // third minute: the first bar closes now
    expect(bars.map((bar) => [bar.ts, bar.close])).toEqual([[T0, 10]]);
    send(trade(T0 + 59_000, 99, 1)); // belongs to a period already published: ignored
    clock.advanceTo(T0 + 180_000);
    expect(bars.map((bar) => [bar.ts, bar.open, bar.volume])).toEqual([
      [T0, 10, 1],
      [T0 + 120_000, 13, 2],
    ]);
    expect(aggregator.barsPublished).toBe(2);
  });

  it('ignores trades with a NaN price and stops cleanly', () => {
    const { clock, bars, send, aggregator } = setUp('1s');
    send(trade(T0 + 100, Number.NaN, 1));
    send(trade(T0 + 200, 5, 1));
    aggregator.stop();
    send(trade(T0 + 300, 6, 1));
    clock.advanceTo(T0 + 5_000);
    expect(bars).toEqual([]); // stopped before the second ended: nothing published, nothing leaks
  });

  it('refuses a step that is not intraday', () => {
    expect(() => new LiveBarAggregator(new MessageBus(), new SimulatedClock(T0), [ACME], '1d')).toThrow(/not an intraday step/);
  });
});
