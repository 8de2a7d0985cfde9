// Every client order id an account has used, in submission order, kept in the state store under
// one settings key per account. The journal answers "open orders" and "fills of one order" for
// every account; this list says which of them are this account's, so a restart rebuilds only its
// orders and positions, finds every order that ever filled, and shows recent orders.
import type { ClientOrderId } from '@nws/core';

/** Settings key of the paper account's list (a JSON array of client order ids, oldest first). */
export const PAPER_ORDER_INDEX_KEY = 'paper.orderIds';

export interface SettingsStore {
  getSetting(key: string): unknown;
  setSetting(key: string, value: unknown): void;
}

export class AccountOrderIndex {
  private readonly ids: ClientOrderId[];
  private readonly known: Set<string>;

  constructor(
    private readonly store: SettingsStore,
    private readonly key: string,
  ) {
    const stored = store.getSetting(key);
    this.ids = Array.isArray(stored) ? stored.filter((id): id is ClientOrderId => typeof id === 'string') : [];
    this.known = new Set(this.ids);
  }

  /** Records `id` (written before the order is journalled or sent, so a crash never loses it). */
  add(id: ClientOrderId): void {
    if (this.known.has(id)) return;
    this.known.add(id);
    this.ids.push(id);
    this.store.setSetting(this.key, this.ids);
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

/** The paper account's orders. */
export class PaperOrderIndex extends AccountOrderIndex {
  constructor(store: SettingsStore) {
    super(store, PAPER_ORDER_INDEX_KEY);
  }
}
