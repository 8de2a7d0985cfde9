import { z } from 'zod';
import { ErrorCode, NwsError } from '../errors.js';
import { accountIdSchema } from './ids.js';
import type { AccountId } from './ids.js';

/** `cash`: trades only what it holds. `margin`: may borrow against equity; tracks margin used. */
export const ACCOUNT_TYPES = ['cash', 'margin'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** Money in one currency. `free = total - locked`; locked is held by open orders. */
export interface Balance {
  currency: string;
  total: number;
  locked: number;
  free: number;
}

export interface Account {
  id: AccountId;
  type: AccountType;
  /** Currency equity and margin are reported in. */
  baseCurrency: string;
  balances: Record<string, Balance>;
  /** Initial margin held by open positions, in baseCurrency (0 for cash accounts). */
  marginUsed: number;
  ts: number;
}

function checkAmount(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new NwsError(ErrorCode.InvalidValue, `${name} ${value} is not a finite number`);
}

/** A balance with `free` derived; refuses NaN and negative locked amounts. */
export function balance(currency: string, total: number, locked = 0): Balance {
  checkAmount(`${currency} total`, total);
  checkAmount(`${currency} locked`, locked);
  if (locked < 0) throw new NwsError(ErrorCode.InvalidValue, `${currency} locked ${locked} is negative`);
  return { currency, total, locked, free: total - locked };
}

export interface NewAccount {
  id: AccountId;
  type: AccountType;
  baseCurrency: string;
  /** Starting cash per currency, e.g. `{ USD: 100_000 }`. */
  cash?: Record<string, number>;
  ts: number;
}

export function createAccount(spec: NewAccount): Account {
  const balances: Record<string, Balance> = {};
  for (const [currency, total] of Object.entries(spec.cash ?? {})) balances[currency] = balance(currency, total);
  const account: Account = { id: spec.id, type: spec.type, baseCurrency: spec.baseCurrency, balances, marginUsed: 0, ts: spec.ts };
  checkCashAccount(account);
  return account;
}

/** The balance in `currency` (default the base), zero when the account holds none. */
export function accountBalance(account: Account, currency: string = account.baseCurrency): Balance {
  return account.balances[currency] ?? balance(currency, 0);
}

function checkCashAccount(account: Account): void {
  if (account.type !== 'cash') return;
  for (const currency in account.balances) {
    const held = account.balances[currency]!;
    if (held.free < 0) {
      throw new NwsError(ErrorCode.InvalidValue, `cash account ${account.id}: ${held.currency} free balance would be ${held.free}`);
    }
  }
}

/**
 * The account with `next` in place of its balance in that currency. Explicit literals rather than
 * spreads (a spread with a computed key makes a slow dictionary object on Node 20, and a venue
 * books one on every fill); the balances keep their order, a new currency goes last.
 */
function withBalance(account: Account, next: Balance, ts: number): Account {
  const balances: Record<string, Balance> = {};
  for (const currency in account.balances) balances[currency] = account.balances[currency]!;
  balances[next.currency] = next;
  const updated: Account = { id: account.id, type: account.type, baseCurrency: account.baseCurrency, balances, marginUsed: account.marginUsed, ts };
  checkCashAccount(updated);
  return updated;
}

/** Adds `delta` (negative to debit) to the total in `currency`; a cash account cannot go below its locked amount. */
export function adjustBalance(account: Account, currency: string, delta: number, ts: number): Account {
  checkAmount('delta', delta);
  const current = accountBalance(account, currency);
  return withBalance(account, balance(currency, current.total + delta, current.locked), ts);
}

/**
 * The account with the total in `currency` set to `total` (locked unchanged), as a run of
 * `adjustBalance` calls that ended there would leave it: for a keeper that tracks the total
 * itself and builds the Account only when asked for it.
 */
export function withBalanceTotal(account: Account, currency: string, total: number, ts: number): Account {
  const current = accountBalance(account, currency);
  return withBalance(account, balance(currency, total, current.locked), ts);
}

/** Holds `amount` for an open order; a cash account refuses to lock more than is free. */
export function lockFunds(account: Account, currency: string, amount: number, ts: number): Account {
  checkAmount('amount', amount);
  if (amount < 0) throw new NwsError(ErrorCode.InvalidValue, `lock amount ${amount} is negative`);
  const current = accountBalance(account, currency);
  return withBalance(account, balance(currency, current.total, current.locked + amount), ts);
}

export function unlockFunds(account: Account, currency: string, amount: number, ts: number): Account {
  checkAmount('amount', amount);
  const current = accountBalance(account, currency);
  if (amount < 0 || amount > current.locked) {
    throw new NwsError(ErrorCode.InvalidValue, `unlock amount ${amount} must be between 0 and locked ${current.locked} ${currency}`);
  }
  return withBalance(account, balance(currency, current.total, current.locked - amount), ts);
}

export function withMarginUsed(account: Account, marginUsed: number, ts: number): Account {
  checkAmount('marginUsed', marginUsed);
  if (marginUsed < 0) throw new NwsError(ErrorCode.InvalidValue, `marginUsed ${marginUsed} is negative`);
  if (account.type === 'cash' && marginUsed !== 0) throw new NwsError(ErrorCode.InvalidValue, `cash account ${account.id} cannot use margin`);
  return { ...account, marginUsed, ts };
}

/**
 * Net liquidation value in the base currency: every balance's total converted with `rates`
 * (units of base per unit of that currency), plus unrealised P&L (already in base).
 * Throws when a held currency has no rate, rather than silently leaving it out.
 */
export function accountEquity(account: Account, unrealizedPnl = 0, rates: Record<string, number> = {}): number {
  checkAmount('unrealizedPnl', unrealizedPnl);
  let equity = unrealizedPnl;
  for (const held of Object.values(account.balances)) {
    const rate = held.currency === account.baseCurrency ? 1 : rates[held.currency];
    if (rate === undefined || !Number.isFinite(rate)) {
      throw new NwsError(ErrorCode.InvalidArgument, `no ${held.currency}->${account.baseCurrency} rate to value account ${account.id}`);
    }
    equity += held.total * rate;
  }
  return equity;
}

/** Equity not tied up as margin; what a margin account can still commit. */
export function freeMargin(account: Account, unrealizedPnl = 0, rates: Record<string, number> = {}): number {
  return accountEquity(account, unrealizedPnl, rates) - account.marginUsed;
}

const balanceSchema = z
  .strictObject({ currency: z.string().min(1), total: z.number(), locked: z.number().nonnegative(), free: z.number() })
  .refine((held) => Math.abs(held.free - (held.total - held.locked)) <= 1e-9 * Math.max(1, Math.abs(held.total)), {
    path: ['free'],
    message: 'must equal total - locked',
  });

export const accountSchema = z.strictObject({
  id: accountIdSchema,
  type: z.enum(ACCOUNT_TYPES),
  baseCurrency: z.string().min(1),
  balances: z.record(z.string(), balanceSchema),
  marginUsed: z.number().nonnegative(),
  ts: z.number().int(),
});
