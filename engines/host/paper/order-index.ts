// Every client order id paper trading has used, in submission order, kept in the state store.
// The journal answers "open orders" and "fills of one order"; this list is what lets a restart
// find every order that ever filled (to rebuild positions) and show recent orders.
import type { ClientOrderId } from '@nws/core';

/** Settings key of the list (a JSON array of client order ids, oldest first). */
export const PAPER_ORDER_INDEX_KEY = 'paper.orderIds';

export interface SettingsStore {
  getSetting(key: string): unknown;
  setSetting(key: string, value: unknown): void;
}

export class PaperOrderIndex {
  private readonly ids: ClientOrderId[];
  private readonly known: Set<string>;

  constructor(private readonly store: SettingsStore) {
    const stored = store.getSetting(PAPER_ORDER_INDEX_KEY);
    this.ids = Array.isArray(stored) ? stored.filter((id): id is ClientOrderId => typeof id === 'string') : [];
    this.known = new Set(this.ids);
  }

  /** Records `id` (written before the order is journalled, so a crash never loses it). */
  add(id: ClientOrderId): void {
    if (this.known.has(id)) return;
    this.known.add(id);
    this.ids.push(id);
    this.store.setSetting(PAPER_ORDER_INDEX_KEY, this.ids);
  }

  has(id: string): boolean {
    return this.known.has(id);
  }

  /** Oldest first. */
  all(): readonly ClientOrderId[] {
    return this.ids;
  }

  /** The last `count` ids, newest first. */
  latest(count: number): ClientOrderId[] {
    return this.ids.slice(Math.max(0, this.ids.length - count)).reverse();
  }
}
