// The hot path copies positions, accounts and orders with explicit literals: each copy must hold
// exactly what the earlier spread/assign copies held, and never write into the object it copied.
import { describe, expect, it } from 'vitest';
import { accountBalance, adjustBalance, applyFill, createAccount, createPosition, withBalanceTotal } from './index.js';
import { applyFillToOrder, initializeOrder, parseOrderRequest, transitionOrder, withOrderFields } from './order.js';
import type { AccountId, ClientOrderId, InstrumentId, PositionId, StrategyId, VenueOrderId } from './ids.js';
import type { Fill } from './fill.js';

const instrumentId = 'AAPL.XNAS' as InstrumentId;

function fill(side: 'BUY' | 'SELL', qty: number, price: number, ts: number, commission = 0): Fill {
  return { clientOrderId: 'O-1' as ClientOrderId, venueOrderId: 'V-1' as VenueOrderId, tradeId: `T-${ts}` as Fill['tradeId'], instrumentId, side, qty: qty as Fill['qty'], price: price as Fill['price'], commission, commissionCurrency: 'USD', liquidity: 'taker', ts };
}

describe('position copies', () => {
  it('leaves every earlier position as it was, commissions included', () => {
    const flat = createPosition({ id: 'P-1' as PositionId, instrumentId, currency: 'USD', strategyId: 'S-1' as StrategyId, ts: 0 });
    const long = applyFill(flat, fill('BUY', 10, 100, 1_000, 1.5));
    const closed = applyFill(long, fill('SELL', 10, 110, 2_000, 2));
    const again = applyFill(closed, fill('BUY', 5, 105, 3_000));
    expect(flat).toEqual({ id: 'P-1', instrumentId, currency: 'USD', multiplier: 1, netQty: 0, side: 'FLAT', avgOpenPrice: 0, realizedPnl: 0, commissions: {}, tsLast: 0, fillCount: 0, strategyId: 'S-1' });
    expect(long.commissions).toEqual({ USD: 1.5 });
    expect(closed.commissions).toEqual({ USD: 3.5 });
    expect(closed.realizedPnl).toBe(100 - 3.5);
    expect(again).toEqual({ ...closed, netQty: 5, side: 'LONG', avgOpenPrice: 105, openedTs: 3_000, tsLast: 3_000, fillCount: 3 });
    expect(Object.keys(again)).toEqual(['id', 'instrumentId', 'currency', 'multiplier', 'netQty', 'side', 'avgOpenPrice', 'realizedPnl', 'commissions', 'tsLast', 'fillCount', 'strategyId', 'openedTs', 'closedTs']);
  });
});

describe('account copies', () => {
  it('withBalanceTotal gives what the adjustBalance calls that led to that total give', () => {
    const start = createAccount({ id: 'A-1' as AccountId, type: 'cash', baseCurrency: 'USD', cash: { USD: 1_000, EUR: 5 }, ts: 0 });
    const stepped = adjustBalance(adjustBalance(start, 'USD', -250.25, 10), 'USD', 0.1, 20);
    expect(withBalanceTotal(start, 'USD', 1_000 - 250.25 + 0.1, 20)).toEqual(stepped);
    expect(Object.keys(stepped.balances)).toEqual(['USD', 'EUR']);
    expect(accountBalance(start).total).toBe(1_000);
    expect(() => withBalanceTotal(start, 'USD', -1, 30)).toThrowError(/cash account A-1: USD free balance would be -1/);
  });
});

describe('order copies', () => {
  it('carry every field of the order through each state change, optional ones included', () => {
    const request = parseOrderRequest({ instrumentId, type: 'LIMIT', side: 'SELL', quantity: 4, price: 101.5, postOnly: true, timeInForce: 'GTD', expireTime: 9_000, tags: ['exit'], strategyId: 'S-1' });
    const initialized = initializeOrder(request, { ts: 1_000, clientOrderId: 'O-9' as ClientOrderId });
    expect(initialized).toEqual({ ...request, clientOrderId: 'O-9', strategyId: 'S-1', status: 'INITIALIZED', contingency: 'none', reduceOnly: false, filledQty: 0, leavesQty: 4, tsInit: 1_000, tsLast: 1_000 });
    const submitted = transitionOrder(initialized, 'SUBMITTED', 1_001);
    const accepted = withOrderFields(transitionOrder(submitted, 'ACCEPTED', 1_002), { venueOrderId: 'SIM-1' as VenueOrderId });
    const partly = applyFillToOrder(accepted, { qty: 1, price: 101.5, ts: 1_003 });
    expect(partly).toEqual({ ...initialized, status: 'PARTIALLY_FILLED', venueOrderId: 'SIM-1', filledQty: 1, leavesQty: 3, avgFillPrice: 101.5, tsLast: 1_003 });
    // Earlier snapshots are untouched.
    expect(initialized.status).toBe('INITIALIZED');
    expect(submitted).toEqual({ ...initialized, status: 'SUBMITTED', tsLast: 1_001 });
    expect('venueOrderId' in submitted).toBe(false);
    const canceled = Object.assign(transitionOrder(partly, 'CANCELED', 1_004), { reason: 'by request' });
    expect(withOrderFields(canceled, { tsLast: 1_005 })).toEqual({ ...partly, status: 'CANCELED', reason: 'by request', tsLast: 1_005 });
  });
});
