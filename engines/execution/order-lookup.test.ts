// The order manager finds open orders through a small open set and finished ones through an
// index it builds only when asked: lookups, listing and open orders must be exactly as if every
// order sat in one map, however many orders came and went.
import { describe, expect, it } from 'vitest';
import type { ClientOrderId } from '@nws/core';
import { AAPL, harness } from './test-support/harness.js';

describe('OrderManager lookups over many orders', () => {
  it('finds filled, canceled and working orders by id and lists them in submission order', () => {
    const h = harness({ accountType: 'margin', leverage: 4 });
    h.bar(100, 101, 99, 100);
    const filled: ClientOrderId[] = [];
    // 150 market orders, each filled at the next bar's open: more than the open set keeps as empty slots.
    for (let round = 0; round < 150; round++) {
      filled.push(h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: round % 2 === 0 ? 'BUY' : 'SELL', quantity: 1 }).clientOrderId);
      h.bar(100, 101, 99, 100);
    }
    const resting = h.manager.submit({ instrumentId: AAPL, type: 'LIMIT', side: 'BUY', quantity: 1, price: 50 }).clientOrderId;
    const canceled = h.manager.submit({ instrumentId: AAPL, type: 'LIMIT', side: 'BUY', quantity: 2, price: 51 }).clientOrderId;
    h.manager.cancel(canceled);

    expect(h.manager.order(filled[0]!)?.status).toBe('FILLED');
    expect(h.manager.order(filled[149]!)?.status).toBe('FILLED');
    expect(h.manager.order(filled[149]!)?.avgFillPrice).toBe(100);
    expect(h.manager.order(canceled)?.status).toBe('CANCELED');
    expect(h.manager.order(resting)?.status).toBe('ACCEPTED');
    expect(h.manager.order('NO-SUCH' as ClientOrderId)).toBeUndefined();
    expect(h.manager.orders().map((order) => order.clientOrderId)).toEqual([...filled, resting, canceled]);
    expect(h.manager.openOrders().map((order) => order.clientOrderId)).toEqual([resting]);
    expect(() => h.manager.cancel(filled[3]!)).toThrowError(/is FILLED and cannot be canceled/);
  });

  it('keeps open orders in submission order while others finish between them', () => {
    const h = harness({ accountType: 'margin', leverage: 4 });
    h.bar(100, 101, 99, 100);
    const limits = [90, 91, 92, 93, 94].map((price) => h.manager.submit({ instrumentId: AAPL, type: 'LIMIT', side: 'BUY', quantity: 1, price }).clientOrderId);
    for (let round = 0; round < 100; round++) {
      h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 1 });
      h.bar(100, 101, 99, 100);
    }
    h.manager.cancel(limits[1]!);
    h.manager.cancel(limits[3]!);
    expect(h.manager.openOrders().map((order) => order.clientOrderId)).toEqual([limits[0], limits[2], limits[4]]);
    // A resubmission of a finished order's id is answered from the index: the same order back.
    const first = h.manager.orders()[5]!;
    expect(h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 1, clientOrderId: first.clientOrderId })).toBe(first);
  });
});
