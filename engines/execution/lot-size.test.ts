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

  it('refuses a quantity that is not a whole number of lots', () => {
    const { h, order } = buy(bitcoin, 0.144775205, 60_000);
    expect(order.status).toBe('REJECTED');
    expect(orderReason(order)).toBe('quantity 0.144775205 is not a multiple of lot size 1e-8');
    expect(h.fills).toEqual([]);
  });
});
