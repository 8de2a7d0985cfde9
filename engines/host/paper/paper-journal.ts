// The order journal as paper trading writes it: the Host's StateStore, with what restart
// recovery needs on top. Recovery re-creates each open order in a fresh OrderManager; those
// re-creation events are already in the journal (as the order's history), so they are not
// written again, and the order's later events continue its journalled sequence and carry its
// journalled identity (venue order id, first event time, quantity and what had filled).
import type { ClientOrderId, Order, Quantity } from '@nws/core';
import type { OrderJournal, OrderJournalEvent } from '@nws/execution';
import type { Fill } from '@nws/core';

interface RestoredOrder {
  /** The order as the journal last held it. */
  journalled: Order;
  lastSequence: number;
  /** Events of the re-creation left unwritten. */
  silenced: number;
  /** Whether anything has happened to it since the restart. */
  changed: boolean;
}

export class PaperJournal implements OrderJournal {
  private readonly restored = new Map<ClientOrderId, RestoredOrder>();
  private silencing: ClientOrderId | undefined;

  constructor(private readonly store: OrderJournal) {}

  /**
   * Runs `recreate` (which re-submits `journalled` to the order manager) without writing its
   * events; from then on the order is shown and journalled as the continuation of `journalled`.
   */
  restore(journalled: Order, lastSequence: number, recreate: () => void): void {
    this.restored.set(journalled.clientOrderId, { journalled, lastSequence, silenced: 0, changed: false });
    this.silencing = journalled.clientOrderId;
    try {
      recreate();
    } finally {
      this.silencing = undefined;
    }
  }

  /** The order as users and the journal see it: a restored order's history merged back in. */
  present(order: Order): Order {
    const restored = this.restored.get(order.clientOrderId);
    if (restored === undefined) return order;
    const before = restored.journalled;
    const filledQty = before.filledQty + order.filledQty;
    const filledValue = before.filledQty * (before.avgFillPrice ?? 0) + order.filledQty * (order.avgFillPrice ?? 0);
    const merged: Order = {
      ...order,
      quantity: before.quantity,
      filledQty: filledQty as Quantity,
      tsInit: before.tsInit,
      // Re-creating it is not news: until its next event it is exactly the journalled order.
      tsLast: restored.changed ? order.tsLast : before.tsLast,
      status: order.status === 'ACCEPTED' && before.filledQty > 0 ? 'PARTIALLY_FILLED' : order.status,
    };
    if (filledQty > 0) merged.avgFillPrice = filledValue / filledQty;
    if (before.venueOrderId !== undefined) merged.venueOrderId = before.venueOrderId;
    return merged;
  }

  journalOrder(event: OrderJournalEvent): void {
    if (this.silenced(event)) return;
    this.store.journalOrder(this.continued(event));
  }

  journalFill(fill: Fill, orderEvent?: OrderJournalEvent): void {
    // A fill is never part of a re-creation: recovery re-submits only what was still working.
    this.store.journalFill(fill, orderEvent === undefined ? undefined : this.continued(orderEvent));
  }

  private silenced(event: OrderJournalEvent): boolean {
    if (this.silencing !== event.clientOrderId) return false;
    this.restored.get(event.clientOrderId)!.silenced += 1;
    return true;
  }

  private continued(event: OrderJournalEvent): OrderJournalEvent {
    const restored = this.restored.get(event.clientOrderId);
    if (restored === undefined) return event;
    restored.changed = true;
    return { ...event, sequence: event.sequence - restored.silenced + restored.lastSequence, order: this.present(event.order) };
  }
}
