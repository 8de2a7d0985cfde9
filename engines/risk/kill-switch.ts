// The kill switch: cancels every open order, optionally flattens every position, and halts the
// risk engine (every new order refused) until a user re-arms it. Its state is stored, so a
// restart with the switch engaged comes back halted.
import { ErrorCode, NwsError, topics } from '@nws/core';
import type { Clock, InstrumentId, RiskAlert, Topic } from '@nws/core';
import { RiskAuditAction, RiskSettingKey } from './audit.js';
import type { RiskStore } from './audit.js';
import type { RiskEngine } from './risk-engine.js';

/** What the kill switch drives: the execution engine's OrderManager has exactly these methods. */
export interface KillSwitchTarget {
  /** Cancels every open order; returns how many it asked to cancel. */
  cancelAll(): number;
  /** Sends a reduce-only market order closing the position; undefined when already flat. */
  closePosition(instrumentId: InstrumentId): unknown;
}

export interface KillSwitchStatus {
  engaged: boolean;
  reason?: string;
  /** Epoch ms. */
  engagedAt?: number;
  flatten?: boolean;
  rearmedAt?: number;
  rearmedBy?: string;
}

export interface KillSwitchReport {
  status: KillSwitchStatus;
  canceledOrders: number;
  /** Instruments a closing order was sent for. */
  flattened: string[];
}

export interface KillSwitchOptions {
  engine: RiskEngine;
  target?: KillSwitchTarget;
  store?: RiskStore;
  bus?: { publish<T>(topic: Topic<T>, data: T): void };
  clock?: Pick<Clock, 'now'>;
}

export const KILL_SWITCH_RULE = 'kill-switch';

export class KillSwitch {
  private readonly engine: RiskEngine;
  private target: KillSwitchTarget | undefined;
  private readonly store: RiskStore | undefined;
  private readonly bus: KillSwitchOptions['bus'];
  private readonly clock: Pick<Clock, 'now'>;
  private current: KillSwitchStatus = { engaged: false };

  constructor(options: KillSwitchOptions) {
    this.engine = options.engine;
    this.target = options.target;
    this.store = options.store;
    this.bus = options.bus;
    this.clock = options.clock ?? { now: Date.now };
    const stored = this.store?.getSetting(RiskSettingKey.killSwitch) as KillSwitchStatus | undefined;
    if (stored?.engaged) {
      this.current = stored;
      this.engine.setTradingState('HALTED', `kill switch: ${stored.reason ?? 'engaged'}`);
    }
  }

  /** The order manager to drive; the Host attaches it once execution is up. */
  attach(target: KillSwitchTarget): void {
    this.target = target;
  }

  status(): KillSwitchStatus {
    return { ...this.current };
  }

  get engaged(): boolean {
    return this.current.engaged;
  }

  engage(options: { reason?: string; flatten?: boolean } = {}): KillSwitchReport {
    const reason = options.reason?.trim() || 'manual';
    const flatten = options.flatten ?? false;
    const ts = this.clock.now();
    // Halt first, so nothing new slips in while orders are being canceled.
    this.engine.setTradingState('HALTED', `kill switch: ${reason}`);
    this.current = { engaged: true, reason, engagedAt: ts, flatten };
    this.persist();
    const canceledOrders = this.target?.cancelAll() ?? 0;
    const flattened = flatten ? this.flattenAll() : [];
    this.engine.audit(RiskAuditAction.KillSwitchEngaged, { reason, flatten, canceledOrders, flattened, ts });
    this.publish({ rule: KILL_SWITCH_RULE, level: 'kill', message: `kill switch engaged: ${reason}; ${canceledOrders} orders canceled${flatten ? `, ${flattened.length} positions flattened` : ''}`, ts });
    return { status: this.status(), canceledOrders, flattened };
  }

  /** Lets orders through again. Only a person does this, so `by` names them in the audit log. */
  rearm(by: string): KillSwitchStatus {
    if (typeof by !== 'string' || by.trim() === '') throw new NwsError(ErrorCode.InvalidArgument, 'rearm: say who re-arms the kill switch (by)');
    if (!this.current.engaged) return this.status();
    const ts = this.clock.now();
    this.current = { engaged: false, rearmedAt: ts, rearmedBy: by };
    this.persist();
    this.engine.setTradingState('ACTIVE', `kill switch re-armed by ${by}`);
    this.engine.audit(RiskAuditAction.KillSwitchRearmed, { by, ts });
    this.publish({ rule: KILL_SWITCH_RULE, level: 'info', message: `kill switch re-armed by ${by}`, ts });
    return this.status();
  }

  private flattenAll(): string[] {
    const target = this.target;
    if (!target) return [];
    const open: InstrumentId[] = [];
    for (const entry of this.engine.state.entries()) if (entry.position.netQty !== 0) open.push(entry.instrumentId);
    // Closing orders reduce positions; the engine lets them through although it is halted.
    return this.engine.whileFlattening(() => open.filter((instrumentId) => target.closePosition(instrumentId) !== undefined));
  }

  private persist(): void {
    this.store?.setSetting(RiskSettingKey.killSwitch, this.current);
  }

  private publish(alert: RiskAlert): void {
    this.bus?.publish(topics.riskAlerts(alert.rule), alert);
  }
}

/**
 * For `nws kill` when no Host is running: records the switch as engaged in the state store, so
 * the next Host starts halted (no orders are working without a Host on the paper venue).
 */
export function engageStoredKillSwitch(store: RiskStore, options: { reason?: string; flatten?: boolean; ts?: number; actor?: string } = {}): KillSwitchStatus {
  const status: KillSwitchStatus = { engaged: true, reason: options.reason?.trim() || 'manual', engagedAt: options.ts ?? Date.now(), flatten: options.flatten ?? false };
  store.setSetting(RiskSettingKey.killSwitch, status);
  store.audit(options.actor ?? 'risk', RiskAuditAction.KillSwitchEngaged, { ...status, offline: true });
  return status;
}

export function rearmStoredKillSwitch(store: RiskStore, by: string, ts = Date.now()): KillSwitchStatus {
  if (typeof by !== 'string' || by.trim() === '') throw new NwsError(ErrorCode.InvalidArgument, 'rearm: say who re-arms the kill switch (by)');
  const status: KillSwitchStatus = { engaged: false, rearmedAt: ts, rearmedBy: by };
  store.setSetting(RiskSettingKey.killSwitch, status);
  store.audit('risk', RiskAuditAction.KillSwitchRearmed, { by, ts, offline: true });
  return status;
}

export function readStoredKillSwitch(store: Pick<RiskStore, 'getSetting'>): KillSwitchStatus {
  const stored = store.getSetting(RiskSettingKey.killSwitch) as KillSwitchStatus | undefined;
  return stored ?? { engaged: false };
}
