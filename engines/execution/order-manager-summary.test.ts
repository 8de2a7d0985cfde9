// The order manager without finished orders (`keepFinishedOrders: false`, what summary backtests
// and sweeps use): the same states and totals as with them, open orders still fully usable, and
// every question about a finished order answered with an error, never a silent "no such order".
import { describe, expect, it } from 'vitest';
import { ErrorCode, barType, testkit } from '@nws/core';
import type { ClientOrderId, InstrumentId, Order } from '@nws/core';
import { OrderManager } from './order-manager.js';
import type { RiskCheck } from './risk-gate.js';
import { SimulatedVenue } from './simulated-venue.js';
import { AAPL } from './test-support/harness.js';

const AAPL_ID = AAPL as InstrumentId;
const denyAbove100: RiskCheck = (request) => (request.quantity > 100 ? { approved: false, reason: `quantity ${request.quantity} above 100` } : { approved: true, request });

/** One scripted session: three filled market orders, a denied one, a resting limit. */
function session(keepFinishedOrders: boolean) {
  const instrument = testkit.instruments.aapl();
  const venue = new SimulatedVenue({ instruments: [instrument] });
  let id = 0;
  const manager = new OrderManager({ venue, now: () => venue.now(), riskCheck: denyAbove100, nextClientOrderId: () => `O-${++id}` as ClientOrderId, keepFinishedOrders });
  const updates: Array<[string, Order['status']]> = [];
  manager.onOrderUpdate((order) => updates.push([order.clientOrderId, order.status]));
  let ts = Date.UTC(2024, 0, 2, 14, 30);
  const bar = (price: number) => venue.processBar({ barType: barType(instrument.id, '1m'), ts: (ts += 60_000), open: price, high: price + 1, low: price - 1, close: price, volume: 1_000_000 });
  bar(100);
  for (const side of ['BUY', 'SELL', 'BUY'] as const) {
    manager.submit({ instrumentId: AAPL, type: 'MARKET', side, quantity: 10 });
    bar(100);
  }
  manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 500 });
  const resting = manager.submit({ instrumentId: AAPL, type: 'LIMIT', side: 'BUY', quantity: 5, price: 90, clientOrderId: 'MY-LIMIT' });
  bar(100);
  return { manager, updates, resting, venue };
}

describe('OrderManager keeping only open orders', () => {
  it('goes through the same states, positions and totals as one that keeps every order', () => {
    const kept = session(true);
    const lean = session(false);
    expect(lean.updates).toEqual(kept.updates);
    expect(lean.venue.position(AAPL_ID)?.netQty).toBe(10);
    expect(lean.venue.account()).toEqual(kept.venue.account());
    const totals = { orders: 5, refused: 1, firstRefusalReason: 'quantity 500 above 100' };
    expect(kept.manager.orderTotals()).toEqual(totals);
    expect(lean.manager.orderTotals()).toEqual(totals);
    expect(kept.manager.orders()).toHaveLength(5);
    expect(lean.manager.orders().map((order) => order.clientOrderId)).toEqual(['MY-LIMIT']);
  });

  it('still finds, modifies and cancels an open order, and resubmitting it returns it', () => {
    const { manager, resting } = session(false);
    const id = resting.clientOrderId;
    expect(manager.order(id)?.status).toBe('ACCEPTED');
    expect(manager.submit({ instrumentId: AAPL, type: 'LIMIT', side: 'BUY', quantity: 5, price: 90, clientOrderId: 'MY-LIMIT' }).clientOrderId).toBe(id);
    manager.modify(id, { price: 91 });
    expect(manager.order(id)).toMatchObject({ price: 91 });
    manager.cancel(id);
    expect(manager.openOrders()).toEqual([]);
    expect(manager.orderTotals().orders).toBe(5);
  });

  it('answers every question about a finished order with an error naming it', () => {
    const { manager } = session(false);
    const finished = 'O-1' as ClientOrderId;
    const explains = expect.objectContaining({ code: ErrorCode.IllegalTransition, message: expect.stringMatching(/^order O-1 has finished, and this run keeps only open orders .*detail "full"$/) });
    expect(() => manager.order(finished)).toThrowError(explains);
    expect(() => manager.cancel(finished)).toThrowError(explains);
    expect(() => manager.modify(finished, { quantity: 20 })).toThrowError(explains);
    expect(() => manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 10, clientOrderId: 'O-2' })).toThrowError(
      expect.objectContaining({ code: ErrorCode.Conflict, message: 'client order id O-2 was used by an order that has finished (this run keeps only open orders)' }),
    );
    expect(manager.order('NEVER-SENT' as ClientOrderId)).toBeUndefined();
    expect(manager.orderTotals().orders).toBe(5);
  });
});
