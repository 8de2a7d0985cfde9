import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ErrorCode, NwsError, applyFillToOrder, testkit, transitionOrder } from '@nws/core';
import type { Fill, Order } from '@nws/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderJournalEvent } from './order-journal.js';
import { StateStore } from './state-store.js';

const T0 = Date.UTC(2024, 0, 2, 14, 30);

let dir: string;
let file: string;
let store: StateStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nws-journal-'));
  file = join(dir, 'state.sqlite');
  store = StateStore.open(file, { now: () => T0 });
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Lifecycle {
  events: OrderJournalEvent[];
  fill: Fill;
}

/** An order's events INITIALIZED -> SUBMITTED -> ACCEPTED -> FILLED, and the fill behind the last. */
function lifecycle(clientOrderId: string): Lifecycle {
  const initialized = testkit.orders.inStatus(testkit.orders.limit({ clientOrderId }), 'INITIALIZED', { ts: T0 });
  const submitted = transitionOrder(initialized, 'SUBMITTED', T0 + 1);
  const accepted = transitionOrder(submitted, 'ACCEPTED', T0 + 2);
  const fill = testkit.fills.of(accepted, { ts: T0 + 3, tradeId: `T-${clientOrderId}` });
  const filled = applyFillToOrder(accepted, { qty: fill.qty, price: fill.price, ts: fill.ts, venueOrderId: fill.venueOrderId });
  const event = (sequence: number, kind: string, order: Order): OrderJournalEvent => ({ clientOrderId, sequence, kind, ts: order.tsLast, order });
  return {
    events: [event(1, 'OrderInitialized', initialized), event(2, 'OrderSubmitted', submitted), event(3, 'OrderAccepted', accepted), event(4, 'OrderFilled', filled)],
    fill,
  };
}

const { errorOf } = testkit;

describe('order journal', () => {
  it('keeps each order\u2019s current state and its events in sequence', () => {
    const { events } = lifecycle('O-1');
    for (const event of events.slice(0, 3)) expect(store.journalOrder(event)).toBe('journaled');
    expect(store.getOrder('O-1')).toMatchObject({ clientOrderId: 'O-1', status: 'ACCEPTED', tsLast: T0 + 2 });
    expect(store.orderEvents('O-1').map((event) => [event.sequence, event.kind, event.order.status])).toEqual([
      [1, 'OrderInitialized', 'INITIALIZED'],
      [2, 'OrderSubmitted', 'SUBMITTED'],
      [3, 'OrderAccepted', 'ACCEPTED'],
    ]);
    expect(store.getOrder('O-UNKNOWN')).toBeUndefined();
  });

  it('a write has committed when the call returns: another connection sees it at once', () => {
    store.journalOrder(lifecycle('O-1').events[0]!);
    const other = new Database(file, { readonly: true });
    try {
      expect(other.prepare("SELECT status FROM orders WHERE client_order_id = 'O-1'").get()).toEqual({ status: 'INITIALIZED' });
    } finally {
      other.close();
    }
  });

  it('lists every order not in a terminal status, oldest first, as open', () => {
    const first = lifecycle('O-1');
    const second = lifecycle('O-2');
    const third = lifecycle('O-3');
    for (const event of first.events.slice(0, 3)) store.journalOrder(event); // ACCEPTED
    store.journalOrder(second.events[0]!); // INITIALIZED: may have reached the venue before a crash
    for (const event of third.events.slice(0, 3)) store.journalOrder(event);
    store.journalFill(third.fill, third.events[3]); // FILLED
    const canceled = transitionOrder(first.events[2]!.order, 'CANCELED', T0 + 9);
    store.journalOrder({ clientOrderId: 'O-1', sequence: 4, kind: 'OrderCanceled', ts: T0 + 9, order: canceled });
    expect(store.openOrders().map((order) => [order.clientOrderId, order.status])).toEqual([['O-2', 'INITIALIZED']]);
  });

  it('treats a replayed event as a no-op and a different event under the same sequence as CONFLICT', () => {
    const { events } = lifecycle('O-1');
    store.journalOrder(events[0]!);
    store.journalOrder(events[1]!);
    expect(store.journalOrder(events[1]!)).toBe('duplicate');
    // The same event with its keys in another order is the same event.
    const reordered = Object.fromEntries(Object.entries({ ...events[0]!, order: Object.fromEntries(Object.entries(events[0]!.order).reverse()) }).reverse());
    expect(store.journalOrder(reordered as unknown as OrderJournalEvent)).toBe('duplicate');
    expect(store.orderEvents('O-1')).toHaveLength(2);

    const rewritten = { ...events[1]!, ts: events[1]!.ts + 5 };
    const conflict = errorOf(() => store.journalOrder(rewritten));
    expect(conflict.code).toBe(ErrorCode.Conflict);
    expect(conflict.message).toBe('order O-1 event 2 is already journalled with different content; events are never rewritten');
    expect(store.orderEvents('O-1')[1]!.ts).toBe(events[1]!.ts);
  });

  it('refuses a gap in the sequence and writes nothing', () => {
    const { events } = lifecycle('O-1');
    store.journalOrder(events[0]!);
    const gap = errorOf(() => store.journalOrder(events[2]!));
    expect(gap.code).toBe(ErrorCode.Conflict);
    expect(gap.message).toContain('the journal holds events 1..1, the next must be 2');
    expect(store.getOrder('O-1')?.status).toBe('INITIALIZED');
    expect(errorOf(() => store.journalOrder(lifecycle('O-9').events[1]!)).message).toContain('the next must be 1');
    expect(store.getOrder('O-9')).toBeUndefined();
  });

  it('journals a fill with the event it caused in one transaction, idempotently', () => {
    const { events, fill } = lifecycle('O-1');
    for (const event of events.slice(0, 3)) store.journalOrder(event);
    expect(store.journalFill(fill, events[3])).toEqual({ fill: 'journaled', orderEvent: 'journaled' });
    expect(store.journalFill(fill, events[3])).toEqual({ fill: 'duplicate', orderEvent: 'duplicate' });
    expect(store.fillsFor('O-1')).toEqual([fill]);
    expect(store.getOrder('O-1')).toMatchObject({ status: 'FILLED', filledQty: 100, leavesQty: 0 });
  });

  it('rolls back the order event when its fill is refused', () => {
    const { events, fill } = lifecycle('O-1');
    for (const event of events.slice(0, 3)) store.journalOrder(event);
    store.journalFill(fill);
    const conflicting = { ...fill, price: fill.price + 1 } as Fill;
    const error = errorOf(() => store.journalFill(conflicting, events[3]));
    expect(error.code).toBe(ErrorCode.Conflict);
    expect(error.message).toBe('fill T-O-1 of order O-1 is already journalled with different content');
    expect(store.orderEvents('O-1')).toHaveLength(3);
    expect(store.getOrder('O-1')?.status).toBe('ACCEPTED');
    expect(store.fillsFor('O-1')).toEqual([fill]);
  });

  it('refuses a fill of an order it has never journalled', () => {
    const { fill } = lifecycle('O-404');
    const error = errorOf(() => store.journalFill(fill));
    expect(error.code).toBe(ErrorCode.NotFound);
    expect(error.message).toBe('order O-404 is not journalled; journal the order before its fills');
    expect(store.fillsFor('O-404')).toEqual([]);
  });

  it('refuses malformed events and fills naming the bad fields', () => {
    const { events, fill } = lifecycle('O-1');
    const badKind = errorOf(() => store.journalOrder({ ...events[0]!, kind: 'accepted' }));
    expect(badKind.code).toBe(ErrorCode.InvalidArgument);
    expect(badKind.message).toContain('kind: must be a Nautilus order event name');
    const otherOrder = errorOf(() => store.journalOrder({ ...events[0]!, clientOrderId: 'O-2' }));
    expect(otherOrder.message).toContain("order.clientOrderId: must be the event's clientOrderId 'O-2'");
    const badStatus = errorOf(() => store.journalOrder({ ...events[0]!, order: { ...events[0]!.order, status: 'DONE' as Order['status'] } }));
    expect(badStatus.message).toContain('order.status');
    const nanPrice = errorOf(() => store.journalOrder({ ...events[0]!, order: { ...events[0]!.order, avgFillPrice: NaN } }));
    expect(nanPrice.message).toBe('order event.order.avgFillPrice: NaN is not a finite number');
    const badFill = errorOf(() => store.journalFill({ ...fill, side: 'LONG' as Fill['side'] }));
    expect(badFill.message).toContain('side');
    expect(store.getOrder('O-1')).toBeUndefined();
  });

  it('keeps order events and fills append-only, even with raw SQL', () => {
    const { events, fill } = lifecycle('O-1');
    for (const event of events.slice(0, 3)) store.journalOrder(event);
    store.journalFill(fill, events[3]);
    const raw = new Database(file);
    try {
      expect(() => raw.prepare('UPDATE order_events SET kind = ?').run('OrderDenied')).toThrow('order_events is append-only: UPDATE refused');
      expect(() => raw.prepare('DELETE FROM order_events').run()).toThrow('order_events is append-only: DELETE refused');
      expect(() => raw.prepare('UPDATE fills SET price = 1').run()).toThrow('fills is append-only: UPDATE refused');
      expect(() => raw.prepare('DELETE FROM fills').run()).toThrow('fills is append-only: DELETE refused');
    } finally {
      raw.close();
    }
  });
});
