// End to end on the paper venue: the execution engine's real OrderManager + SimulatedVenue,
// the risk engine as its risk hook, and the kill switch's state in a real SQLite state store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageBus, patterns, testkit } from '@nws/core';
import type { QuoteTick, RiskAlert } from '@nws/core';
import { OrderManager, SimulatedVenue, orderReason } from '@nws/execution';
import { StateStore } from '@nws/storage';
import { RiskAuditAction } from './audit.js';
import { KillSwitch } from './kill-switch.js';
import { RiskEngine } from './risk-engine.js';
import { RiskState } from './risk-state.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function paperTrading(stateFile: string) {
  const instrument = testkit.instruments.aapl();
  const venue = new SimulatedVenue({ instruments: [instrument] });
  const store = StateStore.open(stateFile);
  const state = new RiskState({ startingEquity: 100_000 });
  state.registerInstrument(instrument);
  const engine = new RiskEngine({ state, store, config: { limits: [{ type: 'max-order-quantity', maxQuantity: 1_000 }] } });
  const manager = new OrderManager({ venue, now: () => venue.now(), riskCheck: engine.riskCheck });
  manager.onFill((fill) => state.onFill(fill));
  manager.onOrderUpdate((order) => state.applyOrder(order));
  const bus = new MessageBus();
  const alerts: RiskAlert[] = [];
  bus.subscribe(patterns.riskAlerts(), (alert) => alerts.push(alert));
  const killSwitch = new KillSwitch({ engine, store, bus, target: manager });
  let ts = Date.UTC(2024, 0, 2, 14, 30);
  const quote = (bid: number, ask: number) => {
    const tick: QuoteTick = { instrumentId: instrument.id, bid, ask, bidSize: 10_000, askSize: 10_000, ts: (ts += 1000) };
    venue.processQuote(tick);
    state.onQuote(tick);
  };
  return { instrument, venue, store, state, engine, manager, killSwitch, quote, alerts };
}

describe('kill switch on the paper venue', () => {
  it('cancels open orders, flattens positions, blocks new orders until re-armed, and survives a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nws-kill-'));
    dirs.push(dir);
    const file = join(dir, 'state.sqlite');
    const paper = paperTrading(file);
    const { manager, quote, instrument, killSwitch, venue } = paper;
    quote(100, 100.02);
    const bought = manager.submit({ instrumentId: instrument.id, type: 'MARKET', side: 'BUY', quantity: 200 });
    quote(100, 100.02);
    expect(manager.order(bought.clientOrderId)?.status).toBe('FILLED');
    expect(paper.state.entry(instrument.id)?.position.netQty).toBe(200);
    const resting = manager.submit({ instrumentId: instrument.id, type: 'LIMIT', side: 'BUY', quantity: 50, price: 90 });
    expect(resting.status).toBe('ACCEPTED');
    expect(paper.state.openOrderCount).toBe(1);
    const tooBig = manager.submit({ instrumentId: instrument.id, type: 'MARKET', side: 'BUY', quantity: 5_000 });
    expect(tooBig.status).toBe('DENIED');
    expect(orderReason(tooBig)).toMatch(/max-order-quantity \(account\): order quantity of AAPL.XNAS 5000 exceeds limit 1000/);

    const report = killSwitch.engage({ reason: 'runaway strategy', flatten: true });
    expect(report.canceledOrders).toBe(1);
    expect(report.flattened).toEqual([instrument.id]);
    expect(manager.order(resting.clientOrderId)?.status).toBe('CANCELED');
    quote(99, 99.02);
    expect(venue.position(instrument.id)?.netQty ?? 0).toBe(0);
    expect(paper.state.entry(instrument.id)?.position.netQty).toBe(0);
    expect(paper.engine.tradingState).toBe('HALTED');
    const blocked = manager.submit({ instrumentId: instrument.id, type: 'MARKET', side: 'BUY', quantity: 1 });
    expect(blocked.status).toBe('DENIED');
    expect(orderReason(blocked)).toBe('trading is HALTED (kill switch: runaway strategy): no new orders until re-armed');
    expect(paper.alerts.map((alert) => [alert.rule, alert.level])).toEqual([['kill-switch', 'kill']]);
    paper.store.close();

    // A restart with the switch engaged comes back halted.
    const restarted = paperTrading(file);
    expect(restarted.killSwitch.status()).toMatchObject({ engaged: true, reason: 'runaway strategy', flatten: true });
    restarted.quote(100, 100.02);
    expect(restarted.manager.submit({ instrumentId: instrument.id, type: 'MARKET', side: 'BUY', quantity: 1 }).status).toBe('DENIED');
    expect(() => restarted.killSwitch.rearm(' ')).toThrow('rearm: say who re-arms the kill switch (by)');
    restarted.killSwitch.rearm('alice');
    expect(restarted.engine.tradingState).toBe('ACTIVE');
    expect(restarted.manager.submit({ instrumentId: instrument.id, type: 'MARKET', side: 'BUY', quantity: 1 }).status).not.toBe('DENIED');
    const actions = restarted.store.auditLog().map((entry) => entry.action);
    expect(actions).toContain(RiskAuditAction.KillSwitchEngaged);
    expect(actions).toContain(RiskAuditAction.EmergencyFlatten);
    expect(actions.at(-1)).toBe(RiskAuditAction.KillSwitchRearmed);
    restarted.store.close();
  });

  it('without flatten keeps positions but still cancels and halts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nws-kill-'));
    dirs.push(dir);
    const paper = paperTrading(join(dir, 'state.sqlite'));
    paper.quote(100, 100.02);
    paper.manager.submit({ instrumentId: paper.instrument.id, type: 'MARKET', side: 'BUY', quantity: 10 });
    paper.quote(100, 100.02);
    const report = paper.killSwitch.engage();
    expect(report).toMatchObject({ canceledOrders: 0, flattened: [], status: { engaged: true, reason: 'manual', flatten: false } });
    paper.quote(100, 100.02);
    expect(paper.venue.position(paper.instrument.id)?.netQty).toBe(10);
    expect(paper.engine.check(testkit.orders.market({ side: 'SELL', quantity: 10 })).approved).toBe(false);
    paper.store.close();
  });
});

describe('kill switch without a running Host', () => {
  it('engaging in the store makes the next Host start halted; re-arming in the store lets it trade', async () => {
    const { engageStoredKillSwitch, readStoredKillSwitch, rearmStoredKillSwitch } = await import('./kill-switch.js');
    const dir = mkdtempSync(join(tmpdir(), 'nws-kill-'));
    dirs.push(dir);
    const file = join(dir, 'state.sqlite');
    const store = StateStore.open(file);
    expect(readStoredKillSwitch(store)).toEqual({ engaged: false });
    engageStoredKillSwitch(store, { reason: 'from the CLI', flatten: true, ts: 5 });
    store.close();
    const host = paperTrading(file);
    expect(host.engine.tradingState).toBe('HALTED');
    expect(host.killSwitch.status()).toEqual({ engaged: true, reason: 'from the CLI', engagedAt: 5, flatten: true });
    host.store.close();
    const again = StateStore.open(file);
    rearmStoredKillSwitch(again, 'bob', 9);
    again.close();
    const next = paperTrading(file);
    expect(next.engine.tradingState).toBe('ACTIVE');
    // engaged (CLI), HALTED on the restart that found it engaged, re-armed (CLI)
    expect(next.store.auditLog().map((entry) => entry.action)).toEqual([RiskAuditAction.KillSwitchEngaged, RiskAuditAction.TradingStateChanged, RiskAuditAction.KillSwitchRearmed]);
    next.store.close();
  });
});

describe('kill switch protocol handlers', () => {
  it('validate params with the schemas the Host adds to the method table, and drive the switch', async () => {
    const { killSwitchHandlers, killSwitchMethodSchemas } = await import('./kill-switch-protocol.js');
    const dir = mkdtempSync(join(tmpdir(), 'nws-kill-'));
    dirs.push(dir);
    const paper = paperTrading(join(dir, 'state.sqlite'));
    const handlers = killSwitchHandlers(paper.killSwitch);
    const params = killSwitchMethodSchemas['risk.kill'].params.parse({ reason: 'ui button' });
    const report = handlers['risk.kill'](params);
    expect(killSwitchMethodSchemas['risk.kill'].result.parse(report)).toMatchObject({ status: { engaged: true, reason: 'ui button', flatten: false }, canceledOrders: 0 });
    expect(handlers['risk.killStatus']({}).engaged).toBe(true);
    expect(killSwitchMethodSchemas['risk.rearm'].params.safeParse({ by: '  ' }).success).toBe(false);
    expect(handlers['risk.rearm']({ by: 'carol' })).toMatchObject({ engaged: false, rearmedBy: 'carol' });
    paper.store.close();
  });
});
