// The Interactive Brokers account as the account, positions and blotter widgets show it when their
// account source is "IB": the connection (`ibkr.status`, refreshed on `engines.ibkr.status`), IB's
// account values and positions (`ibkr.account`, live on `pnl.account.<IB account id>`), and the
// IBKR orders and fills (`ibkr.orders.list`, `ibkr.fills.list`, then `orders.>` / `fills.>` events
// of IB client order ids).
// When the connection goes, the last values stay with the time they were last updated.
import { create } from 'zustand';
import { patterns, topics, type AccountId, type MethodResult } from '@nws/core';
import type { HostClient } from '../connection/host-client.js';
import type { FillView, OrderView } from './trading-types.js';

export type IbStatusView = MethodResult<'ibkr.status'>;
export type IbAccountView = MethodResult<'ibkr.account'>;
export type IbPositionView = IbAccountView['positions'][number];

/** What a widget can show for IB: nothing set up yet, live, or the last values while disconnected. */
export type IbAccountPhase = 'not-configured' | 'connected' | 'disconnected';

/** IbkrTrading's client order ids (`IB-…`): the IBKR account's orders and fills on the shared topics. */
export const IBKR_ORDER_PREFIX = 'IB-';
/** IbkrVenue's position ids end so (`ES.CME-IBKR`). */
const IBKR_POSITION_SUFFIX = '-IBKR';

export function isIbkrOrderId(clientOrderId: string): boolean {
  return clientOrderId.startsWith(IBKR_ORDER_PREFIX);
}

export function isIbkrPositionId(positionId: unknown): boolean {
  return typeof positionId === 'string' && positionId.endsWith(IBKR_POSITION_SUFFIX);
}

const TERMINAL = new Set(['FILLED', 'CANCELED', 'REJECTED', 'DENIED', 'EXPIRED']);
const MAX_ROWS = 2_000;

export interface IbkrAccountState {
  status: IbStatusView | null;
  account: IbAccountView | null;
  /** When IB last reported the account (epoch ms); shown when the values are stale. */
  updatedAt: number | null;
  ordersById: Record<string, OrderView>;
  fills: FillView[];
  problem: string | null;
  setStatus(status: IbStatusView): void;
  setAccount(account: IbAccountView): void;
  applyOrders(orders: Iterable<OrderView>): void;
  addFills(fills: readonly FillView[]): void;
  cancel(clientOrderId: string): Promise<void>;
  modify(clientOrderId: string, changes: OrderChanges): Promise<void>;
}

/** What the blotter's Modify row may change on a working order. */
export interface OrderChanges {
  quantity?: number;
  price?: number;
  triggerPrice?: number;
}

let client: HostClient | null = null;

export const useIbkrAccountStore = create<IbkrAccountState>()((set, get) => ({
  status: null,
  account: null,
  updatedAt: null,
  ordersById: {},
  fills: [],
  problem: null,

  setStatus: (status) => set({ status }),

  setAccount(account) {
    const before = get().updatedAt;
    if (before !== null && account.ts < before) return; // an older answer must not replace newer values
    set({ account, updatedAt: account.ts });
  },

  applyOrders(orders) {
    const ordersById = { ...get().ordersById };
    // A finished order never goes back to working (a late list answer must not revive it).
    for (const order of orders) {
      const known = ordersById[order.clientOrderId];
      if (known === undefined || !TERMINAL.has(known.status) || TERMINAL.has(order.status)) ordersById[order.clientOrderId] = order;
    }
    set({ ordersById });
  },

  addFills(fills) {
    const known = new Set(get().fills.map((fill) => fill.tradeId));
    const fresh = fills.filter((fill) => !known.has(fill.tradeId));
    if (fresh.length > 0) set({ fills: [...fresh, ...get().fills].sort((a, b) => b.ts - a.ts).slice(0, MAX_ROWS) });
  },

  async cancel(clientOrderId) {
    if (client === null) return;
    set({ problem: null });
    try {
      get().applyOrders([await client.call('ibkr.orders.cancel', { clientOrderId })]);
    } catch (error) {
      set({ problem: (error as Error).message });
      throw error;
    }
  },

  async modify(clientOrderId, changes) {
    if (client === null) return;
    set({ problem: null });
    try {
      get().applyOrders([await client.call('ibkr.orders.modify', { clientOrderId, ...changes })]);
    } catch (error) {
      set({ problem: (error as Error).message });
      throw error;
    }
  },
}));

/** Where a widget set to "IB" stands: not configured (never set up), connected, or disconnected with the last values. */
export function ibAccountPhase(state: Pick<IbkrAccountState, 'status' | 'account'>): IbAccountPhase {
  const { status, account } = state;
  if (status !== null && (status.state === 'connected' || status.state === 'degraded')) return 'connected';
  if (account !== null || (status !== null && status.enabled)) return 'disconnected';
  return 'not-configured';
}

/** Whether the widgets offer "IB" as an account source: IB is switched on, or was during this session. */
export function ibAccountOffered(state: Pick<IbkrAccountState, 'status' | 'account'>): boolean {
  return ibAccountPhase(state) !== 'not-configured';
}

/** The IB account id to show: IB's own once known, else the first managed account. */
export function ibAccountId(state: Pick<IbkrAccountState, 'status' | 'account'>): string | undefined {
  return state.account?.account || state.status?.accounts[0] || undefined;
}

/** Working orders oldest first, every order newest first. */
export function ibOrderLists(ordersById: Record<string, OrderView>): { working: OrderView[]; all: OrderView[] } {
  const ts = (order: OrderView, field: 'tsInit' | 'tsLast') => (typeof order[field] === 'number' ? (order[field] as number) : 0);
  const all = Object.values(ordersById).sort((a, b) => ts(b, 'tsLast') - ts(a, 'tsLast') || b.clientOrderId.localeCompare(a.clientOrderId));
  const working = all.filter((order) => !TERMINAL.has(order.status)).sort((a, b) => ts(a, 'tsInit') - ts(b, 'tsInit'));
  return { working, all };
}

let started: Promise<void> | null = null;

/** Idempotent: the first widget showing IB starts it; later callers share it. */
export function startIbkrAccountFeed(host: HostClient): Promise<void> {
  started ??= start(host).catch((error: unknown) => {
    started = null;
    useIbkrAccountStore.setState({ problem: `IB account unavailable: ${(error as Error).message}` });
  });
  return started;
}

async function start(host: HostClient): Promise<void> {
  client = host;
  const store = useIbkrAccountStore.getState;
  let followedAccount: string | undefined;

  const refresh = async (): Promise<void> => {
    const status = await host.call('ibkr.status', {});
    store().setStatus(status);
    // The journal answers orders even while disconnected; the account needs a session.
    const [orders, fills] = await Promise.all([host.call('ibkr.orders.list', { recent: 200 }), host.call('ibkr.fills.list', { limit: 500 })]);
    store().applyOrders([...orders.open, ...orders.recent]);
    store().addFills(fills.fills);
    if (status.state !== 'connected' && status.state !== 'degraded') return;
    // Follow the live updates before reading the account, so no update falls between the two.
    const id = status.accounts[0];
    if (id !== undefined && id !== followedAccount) {
      followedAccount = id;
      await host.subscribe(topics.pnlAccount<IbAccountView>(id as AccountId), ({ data }) => store().setAccount(data as IbAccountView));
    }
    const account = await host.call('ibkr.account', {}).catch(() => undefined);
    if (account !== undefined) store().setAccount(account);
  };
  const refreshSoon = coalesced(() => refresh().catch((error: unknown) => useIbkrAccountStore.setState({ problem: (error as Error).message })), 200);

  await Promise.all([
    host.subscribe(topics.engineStatus('ibkr'), () => refreshSoon()),
    host.subscribe(patterns.orders(), ({ data }) => {
      const order = data as OrderView;
      if (isIbkrOrderId(order.clientOrderId)) store().applyOrders([order]);
    }),
    host.subscribe(patterns.fills(), ({ data }) => {
      const fill = data as FillView;
      if (!isIbkrOrderId(fill.clientOrderId)) return;
      store().addFills([fill]);
      refreshSoon(); // IB's position and account values move with a fill
    }),
  ]);
  await refresh();
}

/** Runs `run` at most once per `ms`, however many calls arrive in between. */
function coalesced(run: () => unknown, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return () => {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      run();
    }, ms);
  };
}
