import { beforeEach, describe, expect, it } from 'vitest';
import { ibAccountId, ibAccountOffered, ibAccountPhase, ibOrderLists, isIbkrOrderId, isIbkrPositionId, useIbkrAccountStore, type IbAccountView, type IbStatusView } from './ibkr-account-store.js';
import type { OrderView } from './trading-types.js';

function status(state: IbStatusView['state'], enabled: boolean, accounts: string[] = []): IbStatusView {
  return { state, enabled, host: '127.0.0.1', port: 4002, clientId: 1, platform: 'gateway', mode: 'paper', liveConfirmed: false, accounts, updatedAt: 1 };
}

function account(netLiquidation: number, ts: number): IbAccountView {
  return { account: 'DU1234567', currency: 'USD', netLiquidation, positions: [], ts };
}

function order(id: string, status: string, tsInit: number, tsLast = tsInit): OrderView {
  return { clientOrderId: id, instrumentId: 'AAPL.NASDAQ', strategyId: 'EXTERNAL', type: 'LIMIT', side: 'BUY', quantity: 5, status, filledQty: 0, tsInit, tsLast } as OrderView;
}

beforeEach(() => {
  useIbkrAccountStore.setState({ status: null, account: null, updatedAt: null, ordersById: {}, fills: [], problem: null });
});

describe('IB account phase', () => {
  it('is not configured until IB is switched on, connected while connected or degraded, else disconnected', () => {
    expect(ibAccountPhase({ status: null, account: null })).toBe('not-configured');
    expect(ibAccountPhase({ status: status('disconnected', false), account: null })).toBe('not-configured');
    expect(ibAccountOffered({ status: status('disconnected', false), account: null })).toBe(false);
    expect(ibAccountPhase({ status: status('connecting', true), account: null })).toBe('disconnected');
    expect(ibAccountPhase({ status: status('degraded', true, ['DU1']), account: null })).toBe('connected');
    // Switched off after values were shown: still offered, showing the last values as disconnected.
    expect(ibAccountPhase({ status: status('disconnected', false), account: account(1, 1) })).toBe('disconnected');
    expect(ibAccountId({ status: status('connected', true, ['DU9']), account: null })).toBe('DU9');
  });
});

describe('IB account store', () => {
  it('keeps the newest account values and when they were reported', () => {
    useIbkrAccountStore.getState().setAccount(account(1_000_500, 2_000));
    useIbkrAccountStore.getState().setAccount(account(999_000, 1_000)); // a late, older answer
    expect(useIbkrAccountStore.getState().account?.netLiquidation).toBe(1_000_500);
    expect(useIbkrAccountStore.getState().updatedAt).toBe(2_000);
  });

  it('never takes a finished order back to working, and lists working oldest first', () => {
    const store = useIbkrAccountStore.getState();
    store.applyOrders([order('IB-2', 'ACCEPTED', 20), order('IB-1', 'ACCEPTED', 10)]);
    store.applyOrders([order('IB-2', 'CANCELED', 20, 30)]);
    store.applyOrders([order('IB-2', 'ACCEPTED', 20)]);
    const { working, all } = ibOrderLists(useIbkrAccountStore.getState().ordersById);
    expect(working.map((each) => each.clientOrderId)).toEqual(['IB-1']);
    expect(all.map((each) => [each.clientOrderId, each.status])).toEqual([['IB-2', 'CANCELED'], ['IB-1', 'ACCEPTED']]);
  });

  it('tells IBKR orders and positions from paper ones', () => {
    expect(isIbkrOrderId('IB-20261124-1')).toBe(true);
    expect(isIbkrOrderId('P-20261124-1')).toBe(false);
    expect(isIbkrPositionId('ES.CME-IBKR')).toBe(true);
    expect(isIbkrPositionId('NOVA.SIM-P')).toBe(false);
    expect(isIbkrPositionId(undefined)).toBe(false);
  });
});
