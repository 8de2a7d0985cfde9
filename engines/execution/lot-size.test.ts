import { describe, expect, it } from 'vitest';
import { defineInstrument } from '@nws/core';
import { orderReason } from './order-manager.js';
import { harness } from './test-support/harness.js';

const bitcoin = defineInstrument({ id: 'BTCUSD.SIM', symbol: 'BTCUSD', venue: 'SIM', assetClass: 'crypto', currency: 'USD', tickSize: 0.01, lotSize: 1e-8, multiplier: 1, pricePrecision: 2 });
const tenthLots = defineInstrument({ id: 'XYZ.SIM', symbol: 'XYZ', venue: 'SIM', assetClass: 'equity', currency: 'USD', tickSize: 0.0001, lotSize: 0.1, multiplier: 1, pricePrecision: 4 });

/** A market buy of `quantity` on a fresh venue, filled on the next bar. */
function buy(instrument: typeof bitcoin, quantity: number, price: number) {
  const h = harness({ startingCash: 1e9 }, { instrument });
  h.bar(price, price, price, price);
  const order = h.manager.submit({ instrumentId: instrument.id, type: 'MARKET', side: 'BUY', quantity });
  h.bar(price, price, price, price);
  return { h, order: h.manager.order(order.clientOrderId)! };
}

describe('lot sizes', () => {
  it('accepts and fills a whole number of lots exactly, even where dividing or multiplying by the lot rounds off it', () => {
    // 0.1447752 / 1e-8 is 14477519.999999998 and 1056753.2 / 0.1 is 10567531.999999998: both
    // were refused as "not a multiple of lot size" by a fixed 1e-9 tolerance.
    const cases: Array<[typeof bitcoin, number, number]> = [
      [bitcoin, 0.1447752, 60_000],
      [bitcoin, 0.00000001, 60_000],
      [bitcoin, 1.23456789, 60_000],
      [bitcoin, 21.5, 60_000],
      [tenthLots, 1_056_753.2, 1.5],
      [tenthLots, 1_983_420.4, 1.5],
      // 812984923 lots x 0.1 is 81298492.30000001: the fill overfilled its own order.
      [tenthLots, 81_298_492.3, 1.5],
    ];
    for (const [instrument, quantity, price] of cases) {
      const { h, order } = buy(instrument, quantity, price);
      expect([order.status, order.filledQty, order.leavesQty]).toEqual(['FILLED', quantity, 0]);
      expect(h.fills.map((fill) => fill.qty)).toEqual([quantity]);
      expect(h.venue.netQty(instrument.id)).toBe(quantity);
    }
  });

  it('completes an order of millions of units in fractional lots that fills in parts', () => {
    // Past 2^51 units of 1e-9 an order's leaves (quantity minus fills) are an ulp or two off:
    // the venue kept 0.099999994 of a 0.1 lot, which floored to no lot, or the manager's sum of
    // fills missed the quantity, and the order stayed PARTIALLY_FILLED for good.
    const cases: Array<[number, number]> = [
      [45_311_165, 9.3817263],
      [88_416_858.1, 2.345678],
      [70_610_700.5, 2.345678],
      [2_873_616.3, 2.345678],
      [9_944_664.1, 3.1415926],
    ];
    for (const [quantity, volumeFactor] of cases) {
      const h = harness({ startingCash: 1e12, volumeParticipation: 0.1 }, { instrument: tenthLots });
      h.bar(1.5, 1.5, 1.5, 1.5, 1e12);
      const order = h.manager.submit({ instrumentId: tenthLots.id, type: 'MARKET', side: 'BUY', quantity });
      // Each bar lets 10 % of its volume trade: a part of the order that is not a round number.
      for (let bar = 0; bar < 6; bar++) h.bar(1.5, 1.5, 1.5, 1.5, quantity * volumeFactor);
      const after = h.manager.order(order.clientOrderId)!;
      expect([quantity, after.status, after.filledQty, after.leavesQty]).toEqual([quantity, 'FILLED', quantity, 0]);
      expect(h.fills.length).toBeGreaterThan(1);
      expect(h.manager.openOrders()).toEqual([]);
    }
  });

  it('refuses a quantity that is not a whole number of lots', () => {
    const { h, order } = buy(bitcoin, 0.144775205, 60_000);
    expect(order.status).toBe('REJECTED');
    expect(orderReason(order)).toBe('quantity 0.144775205 is not a multiple of lot size 1e-8');
    expect(h.fills).toEqual([]);
  });
});
