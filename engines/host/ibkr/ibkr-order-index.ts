// Every client order id sent to IBKR, in submission order, kept in the state store (setting
// `ibkr.orderIds`). The journal answers "open orders" and "fills of one order" for every account;
// this list says which of them are IBKR's, so a restart rebuilds only IBKR's orders and positions.
import type { ClientOrderId } from '@nws/core';
import type { SettingsStore } from './ibkr-settings.js';

export const IBKR_ORDER_INDEX_KEY = 'ibkr.orderIds';

export class IbkrOrderIndex {
  private readonly ids: ClientOrderId[];
  private readonly known: Set<string>;

  constructor(private readonly store: SettingsStore) {
    const stored = store.getSetting(IBKR_ORDER_INDEX_KEY);
    this.ids = Array.isArray(stored) ? stored.filter((id): id is ClientOrderId => typeof id === 'string') : [];
    this.known = new Set(this.ids);
  }

  /** Records `id` before the order is journalled or sent, so a crash never loses it. */
  add(id: ClientOrderId): void {
    if (this.known.has(id)) return;
    this.known.add(id);
    this.ids.push(id);
    this.store.setSetting(IBKR_ORDER_INDEX_KEY, this.ids);
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
