import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, NwsError, testkit } from '@nws/core';
import { StateStore } from '@nws/storage';
import { InMemoryRiskStore, RiskAuditAction } from './audit.js';
import { RiskEngine } from './risk-engine.js';
import { AAPL, buy, fill, riskState, sell } from './test-fixtures/risk-fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function sqliteStore(): { file: string; open(): StateStore } {
  const dir = mkdtempSync(join(tmpdir(), 'nws-risk-'));
  dirs.push(dir);
  const file = join(dir, 'state.sqlite');
  return { file, open: () => StateStore.open(file) };
}

describe('RiskEngine', () => {
  it('returns RiskApproved with the request untouched, or RiskRefused listing every failed limit', () => {
    const request = buy(2000);
    const engine = new RiskEngine({
      state: riskState(100_000),
      config: { limits: [{ type: 'max-order-quantity', maxQuantity: 1000 }, { type: 'max-leverage', maxLeverage: 1 }] },
    });
    expect(engine.check(buy(10))).toEqual({ approved: true, request: expect.objectContaining({ quantity: 10 }) });
    const refused = engine.check(request);
    expect(refused.approved).toBe(false);
    if (refused.approved) return;
    expect(refused.request).toBe(request);
    expect(refused.refusals.map((refusal) => [refusal.limitId, refusal.value, refusal.threshold])).toEqual([
      ['max-order-quantity:account', 2000, 1000],
      ['max-leverage:account', 2, 1],
    ]);
    expect(refused.reason).toBe(
      'max-order-quantity (account): order quantity of AAPL.XNAS 2000 exceeds limit 1000; max-leverage (account): leverage (gross / equity) after the order 2 exceeds limit 1',
    );
  });

  it('refuses an instrument it was never told about', () => {
    const engine = new RiskEngine({ state: riskState() });
    const decision = engine.check(buy(1, { instrumentId: 'TSLA.XNAS' }));
    expect(decision.approved ? '' : decision.reason).toBe('instrument TSLA.XNAS is not registered with the risk engine');
  });

  it('REDUCING lets only reducing orders through; HALTED none', () => {
    const state = riskState();
    fill(state, AAPL, 'BUY', 100, 100);
    const engine = new RiskEngine({ state });
    engine.setTradingState('REDUCING', 'daily loss');
    expect(engine.check(sell(50)).approved).toBe(true);
    expect(engine.check(sell(150)).approved).toBe(false);
    expect(engine.check(buy(1)).approved).toBe(false);
    engine.setTradingState('HALTED', 'test');
    const decision = engine.check(sell(50));
    expect(decision.approved ? '' : decision.reason).toBe('trading is HALTED (test): no new orders until re-armed');
  });

  it('stores limits, their changes and every refusal in the SQLite state store, and reloads the limits', () => {
    const db = sqliteStore();
    const store = db.open();
    const engine = new RiskEngine({ state: riskState(), store, config: { auditActor: 'risk-test' } });
    engine.setLimit({ type: 'max-order-quantity', maxQuantity: 5 });
    engine.setLimit({ type: 'max-order-quantity', maxQuantity: 50 }); // same id: replaces
    engine.setLimit({ type: 'short-sale', id: 'no-shorts' });
    expect(engine.check(buy(60)).approved).toBe(false);
    expect(engine.removeLimit('no-shorts')).toBe(true);
    expect(engine.removeLimit('no-shorts')).toBe(false);
    store.close();

    const reopened = db.open();
    const log = reopened.auditLog();
    expect(log.map((entry) => entry.action)).toEqual([
      RiskAuditAction.LimitSet,
      RiskAuditAction.LimitSet,
      RiskAuditAction.LimitSet,
      RiskAuditAction.OrderRefused,
      RiskAuditAction.LimitRemoved,
    ]);
    expect(log[3]).toMatchObject({ actor: 'risk-test', details: { instrumentId: AAPL, quantity: 60, refusals: [{ limitId: 'max-order-quantity:account', value: 60, threshold: 50 }] } });
    const restored = new RiskEngine({ state: riskState(), store: reopened });
    expect(restored.limits()).toEqual([expect.objectContaining({ type: 'max-order-quantity', maxQuantity: 50 })]);
    expect(restored.check(buy(51)).approved).toBe(false);
    reopened.close();
  });

  it('refuses a bad limit with one error naming every bad field, and changes nothing', () => {
    const store = new InMemoryRiskStore();
    const engine = new RiskEngine({ state: riskState(), store });
    let error: unknown;
    try {
      engine.setLimit({ type: 'max-order-notional', maxNotional: -1, warnAt: 2, bogus: true });
    } catch (thrown) {
      error = thrown;
    }
    expect(NwsError.is(error, ErrorCode.InvalidConfig)).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(/^invalid risk limit: /);
    for (const field of ['maxNotional: Too small', 'warnAt: Too big', 'Unrecognized key: "bogus"']) expect(message).toContain(field);
    expect(() => engine.setLimit({ type: 'max-leverage', maxLeverage: 2, scope: { kind: 'sector', sector: 'Energy' } })).toThrow(
      'invalid risk limit: scope.kind: max-leverage cannot be scoped to sector; use account',
    );
    expect(() => engine.setLimit({ type: 'max-everything' })).toThrow(/type: must be one of restricted-list, trading-hours/);
    expect(engine.limits()).toEqual([]);
    expect(store.auditLog()).toEqual([]);
  });

  it('config is frozen', () => {
    const engine = new RiskEngine({ state: riskState(), config: { limits: [{ type: 'daily-loss', maxLoss: 100 }] } });
    expect(Object.isFrozen(engine.config)).toBe(true);
    expect(Object.isFrozen(engine.config.limits[0])).toBe(true);
    expect(engine.config.limits[0]).toMatchObject({ action: 'notify', warnAt: 0.8, enabled: true, scope: { kind: 'account' } });
  });

  it('reads the time from the order manager’s view', () => {
    const engine = new RiskEngine({
      state: riskState(),
      config: { limits: [{ type: 'trading-hours', sessions: [{ open: '09:00', close: '10:00' }] }] },
      clock: { now: () => Date.parse('2024-06-04T09:30:00Z') },
    });
    const request = testkit.orders.market({ quantity: 1 });
    expect(engine.riskCheck(request, { action: 'submit', view: { now: () => Date.parse('2024-06-04T11:00:00Z') } }).approved).toBe(false);
    expect(engine.riskCheck(request).approved).toBe(true);
  });
});

describe('limit ids', () => {
  it('refuses two limits with the same id, and tells concentration per instrument and per sector apart', () => {
    expect(() => new RiskEngine({ state: riskState(), config: { limits: [{ type: 'daily-loss', maxLoss: 1 }, { type: 'daily-loss', maxLoss: 2 }] } })).toThrow(
      "invalid risk config: limits.1.id: duplicates the id 'daily-loss:account' of limits.0; give one an id",
    );
    const engine = new RiskEngine({
      state: riskState(),
      config: { limits: [{ type: 'concentration', maxPercentOfEquity: 10 }, { type: 'concentration', per: 'sector', maxPercentOfEquity: 30 }] },
    });
    expect(engine.limitChecks().map((check) => check.id)).toEqual(['concentration:account', 'concentration/sector:account']);
  });
});
