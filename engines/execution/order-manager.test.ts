import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode, NwsError, testkit } from '@nws/core';
import type { ClientOrderId, InstrumentId } from '@nws/core';
import { StateStore } from '@nws/storage';
import { OrderManager, orderReason } from './order-manager.js';
import type { OrderJournal } from './journal.js';
import type { RiskCheck, VenueOrderRequest } from './risk-gate.js';
import { SimulatedVenue } from './simulated-venue.js';
import { AAPL, harness } from './test-support/harness.js';

const aapl = AAPL as InstrumentId;

describe('OrderManager submit', () => {
  it('names every bad field of an invalid request and creates nothing', () => {
    const h = harness();
    const attempt = () => h.manager.submit({ instrumentId: 'AAPL', type: 'LIMIT', side: 'BUY', quantity: -1 });
    expect(attempt).toThrowError(NwsError);
    try {
      attempt();
    } catch (error) {
      expect(NwsError.is(error, ErrorCode.InvalidOrder)).toBe(true);
      expect((error as Error).message).toMatch(/instrumentId/);
      expect((error as Error).message).toMatch(/quantity/);
      expect((error as Error).message).toMatch(/price/);
    }
    expect(h.manager.orders()).toEqual([]);
    expect(h.journal.events).toEqual([]);
  });

  it('resubmitting a client order id with the same request returns the existing order', () => {
    const h = harness();
    h.bar(100, 101, 99, 100);
    const request = { instrumentId: AAPL, type: 'LIMIT', side: 'BUY', quantity: 10, price: 95, clientOrderId: 'MY-1' };
    const first = h.manager.submit(request);
    const again = h.manager.submit({ ...request });
    expect(again).toBe(first);
    expect(h.manager.orders()).toHaveLength(1);
    expect(() => h.manager.submit({ ...request, price: 96 })).toThrowError(expect.objectContaining({ code: ErrorCode.Conflict }));
    expect(h.manager.order('MY-1' as ClientOrderId)).toMatchObject({ price: 95 });
  });

  it('a denied order goes to DENIED with the reason and never reaches the venue', () => {
    const denyBig: RiskCheck = (request) => (request.quantity > 100 ? { approved: false, reason: `quantity ${request.quantity} above 100` } : { approved: true, request });
    const h = harness({}, { riskCheck: denyBig });
    h.bar(100, 101, 99, 100);
    const denied = h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 500 });
    expect(denied.status).toBe('DENIED');
    expect(orderReason(denied)).toBe('quantity 500 above 100');
    h.bar(100, 101, 99, 100);
    expect(h.fills).toEqual([]);
    expect(h.journal.events.map((event) => event.kind)).toEqual(['OrderInitialized', 'OrderDenied']);
  });

  it('the risk hook may shrink a request, and the venue works the approved one', () => {
    const cap: RiskCheck = (request) => ({ approved: true, request: { ...request, quantity: Math.min(request.quantity, 5) } as typeof request });
    const h = harness({}, { riskCheck: cap });
    h.bar(100, 101, 99, 100);
    h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 50 });
    h.bar(100, 101, 99, 100);
    expect(h.fills.map((fill) => fill.qty)).toEqual([5]);
  });

  it('a bracket with one denied leg is denied whole', () => {
    const noStops: RiskCheck = (request) => (request.type === 'STOP_MARKET' ? { approved: false, reason: 'no stops today' } : { approved: true, request });
    const h = harness({}, { riskCheck: noStops });
    h.bar(100, 101, 99, 100);
    const legs = h.manager.submitBracket({ instrumentId: aapl, side: 'BUY', quantity: 10, takeProfitPrice: 110, stopLossTriggerPrice: 90 });
    expect([legs.entry.status, legs.takeProfit.status, legs.stopLoss.status]).toEqual(['DENIED', 'DENIED', 'DENIED']);
    h.bar(100, 101, 99, 100);
    expect(h.fills).toEqual([]);
  });

  it('the venue accepts only risk-approved requests (checked by the compiler)', () => {
    const venue = new SimulatedVenue({ instruments: [testkit.instruments.aapl()] });
    const raw = { ...testkit.orders.market(), clientOrderId: 'X-1', strategyId: 'S' } as VenueOrderRequest;
    // @ts-expect-error a plain request has not passed the risk hook
    const sendUnchecked = () => venue.submit(raw);
    expect(typeof sendUnchecked).toBe('function');
  });
});

describe('OrderManager cancel, modify, close', () => {
  it('cancel goes through PENDING_CANCEL to CANCELED; canceling again is refused', () => {
    const h = harness();
    h.bar(100, 101, 99, 100);
    const order = h.manager.submit({ instrumentId: AAPL, type: 'LIMIT', side: 'BUY', quantity: 10, price: 90 });
    expect(h.manager.cancel(order.clientOrderId).status).toBe('CANCELED');
    expect(h.updates.map(([, kind]) => kind)).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderAccepted', 'OrderPendingCancel', 'OrderCanceled']);
    expect(() => h.manager.cancel(order.clientOrderId)).toThrowError(expect.objectContaining({ code: ErrorCode.IllegalTransition }));
    expect(() => h.manager.cancel('NOPE' as ClientOrderId)).toThrowError(expect.objectContaining({ code: ErrorCode.NotFound }));
  });

  it('modify refuses fields the order does not have and leaves it unchanged', () => {
    const h = harness();
    h.bar(100, 101, 99, 100);
    const order = h.manager.submit({ instrumentId: AAPL, type: 'LIMIT', side: 'BUY', quantity: 10, price: 90 });
    expect(() => h.manager.modify(order.clientOrderId, { triggerPrice: 95 })).toThrowError(/triggerPrice: a LIMIT order has no trigger price/);
    expect(h.manager.order(order.clientOrderId)).toMatchObject({ status: 'ACCEPTED', price: 90 });
    const bigger = h.manager.modify(order.clientOrderId, { quantity: 20 });
    expect(bigger).toMatchObject({ status: 'ACCEPTED', quantity: 20, leavesQty: 20 });
  });

  it('closePosition flattens with a reduce-only market order', () => {
    const h = harness();
    h.bar(100, 101, 99, 100);
    h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 10 });
    h.bar(100, 101, 99, 100);
    const close = h.manager.closePosition(aapl);
    expect(close).toMatchObject({ side: 'SELL', quantity: 10, reduceOnly: true, status: 'ACCEPTED' });
    h.bar(102, 103, 101, 102);
    expect(h.venue.position(aapl)).toMatchObject({ netQty: 0, realizedPnl: 20 });
    expect(h.manager.closePosition(aapl)).toBeUndefined();
  });
});

describe('journal and events', () => {
  it('journals every event in sequence and each fill before listeners hear of it', () => {
    const h = harness();
    const seenAtFill: number[] = [];
    h.manager.onFill(() => seenAtFill.push(h.journal.fills.length));
    h.bar(100, 101, 99, 100);
    const order = h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 10 });
    h.bar(100, 101, 99, 100);
    expect(seenAtFill).toEqual([1]);
    expect(h.journal.events.map((event) => [event.sequence, event.kind, event.order.status])).toEqual([
      [1, 'OrderInitialized', 'INITIALIZED'],
      [2, 'OrderSubmitted', 'SUBMITTED'],
      [3, 'OrderAccepted', 'ACCEPTED'],
      [4, 'OrderFilled', 'FILLED'],
    ]);
    expect(h.journal.fills[0]).toMatchObject({ clientOrderId: order.clientOrderId, qty: 10, price: 100 });
  });

  it('a listener that submits during a fill sees a consistent venue (events are delivered after the bar)', () => {
    const h = harness();
    h.manager.onFill((fill) => {
      if (fill.side === 'BUY') h.manager.submit({ instrumentId: AAPL, type: 'LIMIT', side: 'SELL', quantity: fill.qty, price: 105 });
    });
    h.bar(100, 101, 99, 100);
    h.manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 10 });
    h.bar(100, 106, 99, 104); // the exit is placed after this bar, so it cannot fill on it
    expect(h.fills.map((fill) => fill.side)).toEqual(['BUY']);
    h.bar(104, 106, 103, 105);
    expect(h.fills.map((fill) => [fill.side, fill.price])).toEqual([['BUY', 100], ['SELL', 105]]);
  });

  it('the storage StateStore plugs in as the journal (real SQLite file)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nws-exec-journal-'));
    const store = StateStore.open(join(dir, 'state.db'));
    try {
      const journal: OrderJournal = store;
      const venue = new SimulatedVenue({ instruments: [testkit.instruments.aapl()] });
      let n = 0;
      const manager = new OrderManager({ venue, now: () => venue.now(), journal, nextClientOrderId: () => `O-J-${++n}` as ClientOrderId });
      const bar = (ts: number, price: number) => venue.processBar({ barType: { instrumentId: aapl, step: 1, unit: 'm' }, ts, open: price, high: price, low: price, close: price, volume: 1000 });
      bar(Date.UTC(2024, 0, 2, 14, 30), 100);
      const filled = manager.submit({ instrumentId: AAPL, type: 'MARKET', side: 'BUY', quantity: 10 });
      bar(Date.UTC(2024, 0, 2, 14, 31), 101);
      const resting = manager.submit({ instrumentId: AAPL, type: 'LIMIT', side: 'SELL', quantity: 10, price: 120 });
      expect(store.getOrder(filled.clientOrderId)).toMatchObject({ status: 'FILLED', filledQty: 10 });
      expect(store.openOrders().map((order) => [order.clientOrderId, order.status])).toEqual([[resting.clientOrderId, 'ACCEPTED']]);
      expect(store.orderEvents(filled.clientOrderId).map((event) => event.kind)).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderAccepted', 'OrderFilled']);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
