import type { ClientOrderId, Fill, Order } from '@nws/core';

/** Nautilus order event names, as journalled and as passed to `onOrderUpdate` listeners. */
export const ORDER_EVENT_KINDS = [
  'OrderInitialized',
  'OrderDenied',
  'OrderSubmitted',
  'OrderAccepted',
  'OrderRejected',
  'OrderCanceled',
  'OrderExpired',
  'OrderTriggered',
  'OrderPendingUpdate',
  'OrderPendingCancel',
  'OrderUpdated',
  'OrderModifyRejected',
  'OrderFilled',
] as const;
export type OrderEventKind = (typeof ORDER_EVENT_KINDS)[number];

/**
 * One order event: its name and time, its place in the order's sequence (1, 2, 3... per client
 * order id, no gaps) and the order's full state AFTER the event. Same shape as the storage
 * engine's `OrderJournalEvent`, so its `StateStore` plugs in as an `OrderJournal` directly.
 */
export interface OrderJournalEvent {
  clientOrderId: ClientOrderId;
  sequence: number;
  kind: OrderEventKind;
  ts: number;
  order: Order;
}

/**
 * Where the order manager writes every order event and fill BEFORE acting on it (a crash then
 * loses nothing). A fill comes with the order event it causes, so both land in one write.
 * Implemented by `StateStore` (SQLite) for paper/live, `InMemoryOrderJournal` for backtests.
 */
export interface OrderJournal {
  journalOrder(event: OrderJournalEvent): unknown;
  journalFill(fill: Fill, orderEvent?: OrderJournalEvent): unknown;
}

/** Keeps the journal in arrays: backtests, tests, and a record to compare runs by. */
export class InMemoryOrderJournal implements OrderJournal {
  readonly events: OrderJournalEvent[] = [];
  readonly fills: Fill[] = [];

  journalOrder(event: OrderJournalEvent): void {
    this.events.push(event);
  }

  journalFill(fill: Fill, orderEvent?: OrderJournalEvent): void {
    this.fills.push(fill);
    if (orderEvent !== undefined) this.events.push(orderEvent);
  }
}

/** Discards everything: for sweeps where only the result counts and speed matters. */
export class NullOrderJournal implements OrderJournal {
  journalOrder(): void {}
  journalFill(): void {}
}
