import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, applyFill, createPosition, formatBarType, orderRequestSchema, positionId, validateBar } from '../domain/index.js';
import * as testkit from './index.js';

describe('testkit.instruments', () => {
  it('builds valid, frozen instruments with overrides', () => {
    expect(testkit.instruments.aapl()).toMatchObject({ id: 'AAPL.XNAS', assetClass: 'equity', tickSize: 0.01, multiplier: 1 });
    expect(testkit.instruments.esz24()).toMatchObject({ id: 'ESZ24.XCME', assetClass: 'future', tickSize: 0.25, multiplier: 50, expiry: Date.UTC(2024, 11, 20, 14, 30) });
    expect(testkit.instruments.eurusd()).toMatchObject({ id: 'EUR/USD.IDEALPRO', assetClass: 'forex', pricePrecision: 5 });
    expect(testkit.instruments.aapl({ tickSize: 0.001, pricePrecision: 3 }).tickSize).toBe(0.001);
    expect(Object.isFrozen(testkit.instruments.aapl())).toBe(true);
    expect(() => testkit.instruments.aapl({ tickSize: -1 })).toThrowError('tickSize');
  });
});

describe('testkit.bars.series', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(testkit.bars.series({ seed: 7, count: 50 })).toEqual(testkit.bars.series({ seed: 7, count: 50 }));
    expect(testkit.bars.series({ seed: 7, count: 50 })).not.toEqual(testkit.bars.series({ seed: 8, count: 50 }));
  });

  it('makes sound, contiguous bars on the tick grid', () => {
    const bars = testkit.bars.series({ instrumentId: 'ESZ24.XCME', spec: '5m', count: 500, startPrice: 4500, tickSize: 0.25, startTs: 0 });
    expect(bars).toHaveLength(500);
    expect(formatBarType(bars[0]!.barType)).toBe('ESZ24.XCME-5m');
    bars.forEach((bar, index) => {
      expect(validateBar(bar)).toEqual([]);
      expect(bar.ts).toBe(index * 300_000);
      for (const value of [bar.open, bar.high, bar.low, bar.close]) expect((value / 0.25) % 1).toBe(0);
      if (index > 0) expect(bar.open).toBe(bars[index - 1]!.close);
    });
  });
});

describe('testkit.orders', () => {
  it('builds requests that pass the schema, each with its own id', () => {
    const market = testkit.orders.market();
    const limit = testkit.orders.limit({ side: 'SELL', price: 151.5, quantity: 10 });
    expect(market).toMatchObject({ type: 'MARKET', instrumentId: 'AAPL.XNAS', side: 'BUY', quantity: 100 });
    expect(limit).toMatchObject({ type: 'LIMIT', side: 'SELL', price: 151.5, quantity: 10 });
    expect(market.clientOrderId).not.toBe(limit.clientOrderId);
    expect(orderRequestSchema.safeParse(limit).success).toBe(true);
    expect(testkit.orders.request({ type: 'STOP_MARKET', triggerPrice: 140 }).type).toBe('STOP_MARKET');
    expect(() => testkit.orders.limit({ price: NaN })).toThrowError('price: must be a finite number, got NaN');
  });

  it.each(ORDER_STATUSES)('reaches %s through legal transitions', (status) => {
    const order = testkit.orders.inStatus(testkit.orders.limit({ price: 150 }), status);
    expect(order.status).toBe(status);
    if (status === 'PARTIALLY_FILLED') expect(order).toMatchObject({ filledQty: 50, leavesQty: 50, avgFillPrice: 150 });
    if (status === 'FILLED') expect(order).toMatchObject({ filledQty: 100, leavesQty: 0 });
  });
});

describe('testkit.fills', () => {
  it('fills the remaining quantity at the order price by default', () => {
    const order = testkit.orders.inStatus(testkit.orders.limit({ price: 150, quantity: 100 }), 'PARTIALLY_FILLED');
    const fill = testkit.fills.of(order, { commission: 1 });
    expect(fill).toMatchObject({ clientOrderId: order.clientOrderId, instrumentId: 'AAPL.XNAS', side: 'BUY', qty: 50, price: 150, commission: 1, liquidity: 'taker' });
    expect(testkit.fills.of(order).tradeId).not.toBe(fill.tradeId);
  });

  it('feeds a position', () => {
    const buy = testkit.fills.of(testkit.orders.market({ quantity: 10 }), { price: 100 });
    const sell = testkit.fills.of(testkit.orders.market({ side: 'SELL', quantity: 10 }), { price: 103 });
    const flat = createPosition({ id: positionId('P-1'), instrumentId: buy.instrumentId, currency: 'USD', ts: 0 });
    expect([buy, sell].reduce((position, fill) => applyFill(position, fill), flat)).toMatchObject({ netQty: 0, realizedPnl: 30 });
  });
});
