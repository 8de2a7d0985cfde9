// Paper orders and fills as the blotter shows them: seeded by `orders.list` / `fills.list`, then
// kept current by the `orders.>` and `fills.>` subscriptions (coalesced per frame by the feed).
import { create } from 'zustand';
import type { FillView, OrderView } from './trading-types.js';

/** Rows kept per list: the blotter virtualises, but memory must not grow for ever. */
export const MAX_BLOTTER_ROWS = 5_000;

const TERMINAL = new Set(['FILLED', 'CANCELED', 'REJECTED', 'DENIED', 'EXPIRED']);

export function isWorking(order: OrderView): boolean {
  return !TERMINAL.has(order.status);
}

export interface OrdersState {
  /** Every known order by client order id. */
  byId: Record<string, OrderView>;
  /** Working orders, oldest first. */
  working: OrderView[];
  /** Every order, newest first (capped). */
  all: OrderView[];
  /** Fills, newest first (capped). */
  fills: FillView[];
  loaded: boolean;
  seed(orders: readonly OrderView[], fills: readonly FillView[]): void;
  applyOrders(updates: Iterable<OrderView>): void;
  addFills(fills: readonly FillView[]): void;
}

function derive(byId: Record<string, OrderView>): Pick<OrdersState, 'working' | 'all'> {
  const all = Object.values(byId).sort((a, b) => lastTs(b) - lastTs(a) || b.clientOrderId.localeCompare(a.clientOrderId));
  const kept = all.slice(0, MAX_BLOTTER_ROWS);
  const working = kept.filter(isWorking).sort((a, b) => initTs(a) - initTs(b));
  return { working, all: kept };
}

/** A listed order replaces a known one only when it is finished and the known one is not. */
function supersedes(listed: OrderView, known: OrderView): boolean {
  return !isWorking(listed) && isWorking(known);
}

function lastTs(order: OrderView): number {
  return typeof order['tsLast'] === 'number' ? order['tsLast'] : 0;
}

function initTs(order: OrderView): number {
  return typeof order['tsInit'] === 'number' ? order['tsInit'] : lastTs(order);
}

export const useOrdersStore = create<OrdersState>()((set, get) => ({
  byId: {},
  working: [],
  all: [],
  fills: [],
  loaded: false,

  seed(orders, fills) {
    const byId: Record<string, OrderView> = { ...get().byId };
    // Events that arrived while the list was asked for are newer than the list, unless the list
    // already has the order finished.
    for (const order of orders) if (byId[order.clientOrderId] === undefined || supersedes(order, byId[order.clientOrderId]!)) byId[order.clientOrderId] = order;
    const known = new Set(get().fills.map((fill) => fill.tradeId));
    const merged = [...get().fills, ...fills.filter((fill) => !known.has(fill.tradeId))].sort((a, b) => b.ts - a.ts).slice(0, MAX_BLOTTER_ROWS);
    set({ byId, ...derive(byId), fills: merged, loaded: true });
  },

  applyOrders(updates) {
    const byId = { ...get().byId };
    // Events arrive in order; only a finished order never goes back to working.
    for (const order of updates) {
      const before = byId[order.clientOrderId];
      if (before === undefined || isWorking(before) || !isWorking(order)) byId[order.clientOrderId] = order;
    }
    set({ byId, ...derive(byId) });
  },

  addFills(fills) {
    if (fills.length === 0) return;
    const known = new Set(get().fills.slice(0, 200).map((fill) => fill.tradeId));
    const fresh = fills.filter((fill) => !known.has(fill.tradeId)).sort((a, b) => b.ts - a.ts);
    set({ fills: [...fresh, ...get().fills].slice(0, MAX_BLOTTER_ROWS) });
  },
}));
