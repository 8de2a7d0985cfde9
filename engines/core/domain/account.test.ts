import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors.js';
import { accountBalance, accountEquity, accountSchema, adjustBalance, balance, createAccount, freeMargin, lockFunds, unlockFunds, withMarginUsed } from './account.js';
import { accountId } from './ids.js';

const cash = () => createAccount({ id: accountId('SIM-001'), type: 'cash', baseCurrency: 'USD', cash: { USD: 100_000 }, ts: 0 });
const margin = () => createAccount({ id: accountId('IB-U123'), type: 'margin', baseCurrency: 'USD', cash: { USD: 50_000, EUR: 10_000 }, ts: 0 });

describe('Account', () => {
  it('starts with free = total and zero margin', () => {
    expect(accountBalance(cash())).toEqual({ currency: 'USD', total: 100_000, locked: 0, free: 100_000 });
    expect(accountBalance(cash(), 'JPY')).toEqual({ currency: 'JPY', total: 0, locked: 0, free: 0 });
    expect(cash().marginUsed).toBe(0);
  });

  it('locks and unlocks funds for open orders', () => {
    const locked = lockFunds(cash(), 'USD', 15_000, 1);
    expect(accountBalance(locked)).toEqual({ currency: 'USD', total: 100_000, locked: 15_000, free: 85_000 });
    expect(accountBalance(unlockFunds(locked, 'USD', 5_000, 2)).free).toBe(90_000);
    expect(() => unlockFunds(locked, 'USD', 20_000, 2)).toThrowError('unlock amount 20000 must be between 0 and locked 15000 USD');
  });

  it('keeps a cash account from spending what it does not have', () => {
    const locked = lockFunds(cash(), 'USD', 90_000, 1);
    expect(() => adjustBalance(locked, 'USD', -20_000, 2)).toThrowError('cash account SIM-001: USD free balance would be -10000');
    expect(() => lockFunds(cash(), 'USD', 100_001, 1)).toThrowError(expect.objectContaining({ code: ErrorCode.InvalidValue }));
    expect(() => withMarginUsed(cash(), 100, 1)).toThrowError('cash account SIM-001 cannot use margin');
  });

  it('lets a margin account borrow and reports equity and free margin', () => {
    const borrowed = withMarginUsed(adjustBalance(margin(), 'USD', -60_000, 1), 20_000, 1);
    expect(accountBalance(borrowed).total).toBe(-10_000);
    // -10 000 USD + 10 000 EUR x 1.1 + 2 500 unrealised = 3 500
    expect(accountEquity(borrowed, 2_500, { EUR: 1.1 })).toBeCloseTo(3_500, 9);
    expect(freeMargin(borrowed, 2_500, { EUR: 1.1 })).toBeCloseTo(-16_500, 9);
  });

  it('refuses to value a currency it has no rate for', () => {
    expect(() => accountEquity(margin())).toThrowError('no EUR->USD rate to value account IB-U123');
  });

  it('refuses NaN amounts and negative locks', () => {
    expect(() => balance('USD', NaN)).toThrowError('USD total NaN is not a finite number');
    expect(() => balance('USD', 10, -1)).toThrowError('USD locked -1 is negative');
    expect(() => adjustBalance(cash(), 'USD', Infinity, 1)).toThrowError('delta Infinity is not a finite number');
  });

  it('is immutable and round-trips through its schema', () => {
    const before = cash();
    const after = adjustBalance(before, 'USD', -1_000, 5);
    expect(accountBalance(before).total).toBe(100_000);
    expect(after.ts).toBe(5);
    expect(accountSchema.parse(JSON.parse(JSON.stringify(after)))).toEqual(after);
    expect(accountSchema.safeParse({ ...after, balances: { USD: { currency: 'USD', total: 10, locked: 1, free: 10 } } }).success).toBe(false);
  });
});
