import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_EQUITY_POINTS, useAccountStore } from './account-store.js';
import { MAX_BLOTTER_ROWS, useOrdersStore } from './orders-store.js';
import { brokerAlert } from './trading-feed.js';
import type { AccountView, FillView, OrderView } from './trading-types.js';

function order(id: string, status: string, tsLast: number, extra: Record<string, unknown> = {}): OrderView {
  return { clientOrderId: id, instrumentId: 'NOVA.SIM', strategyId: 'EXTERNAL', type: 'LIMIT', side: 'BUY', quantity: 5, status, filledQty: 0, tsInit: tsLast, tsLast, ...extra } as OrderView;
}

function fill(tradeId: string, ts: number): FillView {
  return { clientOrderId: 'P-1', tradeId, instrumentId: 'NOVA.SIM', side: 'BUY', qty: 1, price: 100, commission: 0, ts };
}

beforeEach(() => {
  useOrdersStore.setState({ byId: {}, working: [], all: [], fills: [], loaded: false });
  useAccountStore.setState({ account: null, kill: null, pnl: null, baseEquity: null, equity: [], equityVersion: 0 });
});

describe('orders store', () => {
  it('follows events in order, and a finished order never goes back to working', () => {
    const store = useOrdersStore.getState();
    store.applyOrders([order('A', 'SUBMITTED', 10), order('B', 'ACCEPTED', 11)]);
    // A fill's time is the quote's, which may be earlier than the submission: still applied.
    store.applyOrders([order('A', 'FILLED', 9)]);
    store.applyOrders([order('A', 'ACCEPTED', 12)]);
    const state = useOrdersStore.getState();
    expect(state.byId['A']!.status).toBe('FILLED');
    expect(state.working.map((each) => each.clientOrderId)).toEqual(['B']);
    expect(state.all.map((each) => each.clientOrderId)).toEqual(['B', 'A']);
  });

  it('lets events that overtook the list answer win, unless the list has the order finished', () => {
    useOrdersStore.getState().applyOrders([order('A', 'ACCEPTED', 10), order('B', 'PENDING_CANCEL', 10)]);
    useOrdersStore.getState().seed([order('A', 'SUBMITTED', 9), order('B', 'CANCELED', 11), order('C', 'ACCEPTED', 8)], []);
    const { byId, loaded } = useOrdersStore.getState();
    expect([byId['A']!.status, byId['B']!.status, byId['C']!.status]).toEqual(['ACCEPTED', 'CANCELED', 'ACCEPTED']);
    expect(loaded).toBe(true);
  });

  it('keeps fills newest first without duplicates, capped', () => {
    const store = useOrdersStore.getState();
    store.seed([], [fill('T1', 1), fill('T2', 2)]);
    store.addFills([fill('T2', 2), fill('T3', 3)]);
    expect(useOrdersStore.getState().fills.map((each) => each.tradeId)).toEqual(['T3', 'T2', 'T1']);
    store.addFills(Array.from({ length: MAX_BLOTTER_ROWS + 10 }, (_, index) => fill(`X${index}`, 100 + index)));
    expect(useOrdersStore.getState().fills).toHaveLength(MAX_BLOTTER_ROWS);
    expect(useOrdersStore.getState().fills[0]!.tradeId).toBe(`X${MAX_BLOTTER_ROWS + 9}`);
  });
});

describe('account store', () => {
  const account = { account: { id: 'PAPER-001', type: 'cash', baseCurrency: 'USD' }, equity: 100_250, cash: 90_000, realizedPnl: 50, unrealizedPnl: 200, tradingState: 'ACTIVE' } as AccountView;

  it('builds equity from the base and live P&L, one point a second, capped', () => {
    useAccountStore.getState().setAccount(account);
    expect(useAccountStore.getState().baseEquity).toBe(100_000);
    useAccountStore.getState().applyPnl({ realized: 50, unrealized: 300, total: 350, day: 120, ts: Date.now() + 1_000 });
    useAccountStore.getState().applyPnl({ realized: 50, unrealized: 310, total: 360, day: 130, ts: Date.now() + 1_100 });
    const points = useAccountStore.getState().equity;
    expect(points.at(-1)!.value).toBe(100_360);
    expect(useAccountStore.getState().equityVersion).toBe(3);
    expect(new Set(points.map((point) => point.time)).size).toBe(points.length);
    const start = Date.now() + 10_000;
    for (let second = 0; second < MAX_EQUITY_POINTS + 5; second++) useAccountStore.getState().applyPnl({ realized: 0, unrealized: second, total: second, day: 0, ts: start + second * 1000 });
    expect(useAccountStore.getState().equity).toHaveLength(MAX_EQUITY_POINTS);
    expect(useAccountStore.getState().equity.at(-1)!.value).toBe(100_000 + MAX_EQUITY_POINTS + 4);
  });
});

describe('broker alerts in the feed', () => {
  it('names the source and shows a critical broker alert as an error', () => {
    const lost = brokerAlert({ source: 'ibkr', severity: 'critical', kind: 'ib-1100', message: 'connectivity lost', ts: 1_700_000_000_000, code: 1100 });
    expect(lost).toEqual({ ts: 1_700_000_000_000, kind: 'broker', severity: 'error', message: 'IBKR: connectivity lost' });
    expect(brokerAlert({ source: 'ibkr', severity: 'warning', kind: 'ib-2103', message: 'farm down', ts: 5 }).severity).toBe('warning');
  });
});
