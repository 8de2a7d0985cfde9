import { describe, expect, it } from 'vitest';
import { MessageBus, SimulatedClock, patterns } from '@nws/core';
import type { InstrumentId, RiskAlert } from '@nws/core';
import { InMemoryRiskStore, RiskAuditAction } from './audit.js';
import { KillSwitch } from './kill-switch.js';
import { RiskMonitor } from './monitor.js';
import type { BreachEvent } from './monitor.js';
import { RiskEngine } from './risk-engine.js';
import { AAPL, XOM, buy, fill, riskState } from './test-fixtures/risk-fixtures.js';

function setup(limits: Record<string, unknown>[]) {
  const clock = new SimulatedClock(Date.UTC(2024, 5, 4, 14));
  const store = new InMemoryRiskStore(() => clock.now());
  const state = riskState(100_000);
  const engine = new RiskEngine({ state, store, config: { limits }, clock });
  const bus = new MessageBus();
  const alerts: RiskAlert[] = [];
  bus.subscribe(patterns.riskAlerts(), (alert) => alerts.push(alert));
  const events: BreachEvent[] = [];
  const closed: InstrumentId[] = [];
  const killSwitch = new KillSwitch({ engine, store, bus, clock, target: { cancelAll: () => 0, closePosition: (id) => (closed.push(id), 'closing') } });
  const monitor = new RiskMonitor({ engine, clock, bus, killSwitch, onEvent: (event) => events.push(event) });
  return { clock, store, state, engine, bus, alerts, events, monitor, closed };
}

describe('RiskMonitor', () => {
  it('warns at 80 % and breaches at 100 % on P&L changes, stores and publishes each change once', () => {
    const { state, monitor, events, alerts, store } = setup([{ type: 'daily-loss', maxLoss: 1_000 }]);
    fill(state, AAPL, 'BUY', 100, 100);
    state.startDay();
    monitor.start();
    state.setMark(AAPL, 92.5); // loss 750: 75 %
    expect(events).toEqual([]);
    state.setMark(AAPL, 92); // 800: warning
    state.setMark(AAPL, 91.5); // 850: still warning, no new event
    state.setMark(AAPL, 90); // 1000: breach
    state.setMark(AAPL, 95); // 500: back to ok
    expect(events.map((event) => [event.previousLevel, event.level, event.severity, event.value])).toEqual([
      ['ok', 'warning', 'warning', 800],
      ['warning', 'breach', 'breach', 1000],
      ['breach', 'ok', 'info', 500],
    ]);
    expect(alerts.map((alert) => alert.level)).toEqual(['warning', 'breach', 'info']);
    expect(alerts[1]).toMatchObject({ rule: 'daily-loss:account', value: 1000, limit: 1000, message: 'daily-loss:account: breach at 100% (1000 of 1000)' });
    expect(store.auditLog().map((entry) => entry.action)).toEqual([RiskAuditAction.LimitWarning, RiskAuditAction.LimitBreach, RiskAuditAction.LimitCleared]);
    monitor.stop();
  });

  it('re-evaluates on its timer at least every 5 seconds', () => {
    const { clock, state, engine, monitor, events } = setup([{ type: 'var-limit', maxVar: 1_000 }]);
    monitor.start();
    state.setValueAtRisk(1_200); // no P&L event: only the timer sees it
    expect(events).toEqual([]);
    clock.advanceTo(clock.now() + 5_000);
    expect(events.map((event) => event.level)).toEqual(['breach']);
    monitor.stop();
    expect(clock.timerNames()).toEqual([]);
    expect(engine.tradingState).toBe('ACTIVE'); // notify only
  });

  it('block halts new orders; reduce-only lets only reducing orders through', () => {
    const blocked = setup([{ type: 'max-gross-exposure', maxGross: 10_000, action: 'block' }]);
    blocked.monitor.start();
    fill(blocked.state, AAPL, 'BUY', 100, 100);
    expect(blocked.events.at(-1)).toMatchObject({ level: 'breach', actionTaken: 'block' });
    expect(blocked.engine.tradingState).toBe('HALTED');
    expect(blocked.engine.check(buy(1, { instrumentId: XOM })).approved).toBe(false);

    const reducing = setup([{ type: 'max-position-quantity', maxQuantity: 100, action: 'reduce-only' }]);
    reducing.monitor.start();
    fill(reducing.state, AAPL, 'BUY', 100, 100);
    expect(reducing.engine.tradingState).toBe('REDUCING');
    expect(reducing.events.at(-1)).toMatchObject({ subject: AAPL, value: 100, threshold: 100 });
    expect(reducing.alerts.at(-1)).toMatchObject({ instrumentId: AAPL, level: 'breach' });
    expect(reducing.engine.check(buy(1, { instrumentId: XOM })).approved).toBe(false);
    expect(reducing.engine.check(buy(1, { instrumentId: XOM, side: 'SELL' })).approved).toBe(false);
    expect(reducing.engine.check(buy(10, { side: 'SELL' })).approved).toBe(true);
  });

  it('flatten engages the kill switch with flattening', () => {
    const { state, monitor, engine, closed, alerts } = setup([{ type: 'max-drawdown', maxDrawdownPercent: 5, action: 'flatten' }]);
    fill(state, AAPL, 'BUY', 100, 100);
    fill(state, XOM, 'SELL', 100, 50);
    monitor.start();
    state.setMark(AAPL, 50); // equity 95,000: 5 % down
    expect(closed).toEqual([AAPL, XOM]);
    expect(engine.tradingState).toBe('HALTED');
    expect(alerts.map((alert) => alert.level)).toEqual(['kill', 'breach']);
  });

  it('refuses an interval longer than 5 seconds', () => {
    const { engine, clock } = setup([]);
    expect(() => new RiskMonitor({ engine, clock, intervalMs: 10_000 })).toThrow('risk monitor intervalMs must be from 1 to 5000, got 10000');
  });
});
