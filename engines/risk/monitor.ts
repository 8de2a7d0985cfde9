// The breach monitor: re-reads every limit's utilisation on each P&L change (fills, marks) and on
// a clock timer (default every 5 s, so time-driven changes and drift are caught too). A limit
// moving between ok, warning (default 80 % of its threshold) and breach (100 %) becomes an event:
// stored in the audit log, published on `risk.alerts.<limit id>`, and on breach escalated by the
// limit's action (notify, block new orders, reduce-only, flatten).
import { ErrorCode, NwsError, topics } from '@nws/core';
import type { Clock, RiskAlert, RiskAlertLevel, Topic } from '@nws/core';
import { RiskAuditAction } from './audit.js';
import type { KillSwitch } from './kill-switch.js';
import type { RiskEngine } from './risk-engine.js';
import type { LimitAction, LimitCheck } from './types.js';

export type UtilisationLevel = 'ok' | 'warning' | 'breach';

export interface LimitUtilisation {
  limitId: string;
  limitType: string;
  level: UtilisationLevel;
  /** value / threshold; 1 means at the limit. */
  utilisation: number;
  value: number;
  threshold: number;
  subject?: string;
  action: LimitAction;
}

export interface BreachEvent extends LimitUtilisation {
  previousLevel: UtilisationLevel;
  severity: RiskAlertLevel;
  /** What the monitor did about it (`none` for warnings and clears). */
  actionTaken: LimitAction | 'none';
  ts: number;
}

export interface RiskMonitorOptions {
  engine: RiskEngine;
  clock: Clock;
  bus?: { publish<T>(topic: Topic<T>, data: T): void };
  /** Needed for the `flatten` action. */
  killSwitch?: KillSwitch;
  /** At most this long between evaluations; default 5000 ms. */
  intervalMs?: number;
  /** Told of every event (e.g. the Host's desktop notification). */
  onEvent?: (event: BreachEvent) => void;
}

const TIMER_NAME = 'risk-monitor';

export class RiskMonitor {
  private readonly levels = new Map<string, UtilisationLevel>();
  private readonly latest = new Map<string, LimitUtilisation>();
  private unsubscribe: (() => void) | undefined;
  private evaluating = false;
  private readonly intervalMs: number;

  constructor(private readonly options: RiskMonitorOptions) {
    this.intervalMs = options.intervalMs ?? 5_000;
    if (!Number.isFinite(this.intervalMs) || this.intervalMs <= 0 || this.intervalMs > 5_000) {
      throw new NwsError(ErrorCode.InvalidConfig, `risk monitor intervalMs must be from 1 to 5000, got ${options.intervalMs}`);
    }
  }

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.options.engine.state.subscribe(() => this.evaluate());
    this.options.clock.setInterval(TIMER_NAME, this.intervalMs, () => {
      // The timer pass also clears float drift from the incremental totals.
      this.options.engine.state.resync();
      this.evaluate();
    });
    this.evaluate();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.options.clock.cancelTimer(TIMER_NAME);
  }

  /** Utilisation of every limit that has a reading, as last evaluated (for the UI). */
  utilisation(): LimitUtilisation[] {
    return [...this.latest.values()];
  }

  /** Reads every limit now; returns the events of limits whose level changed. */
  evaluate(): BreachEvent[] {
    // An action (flatten) changes the state, which would call back in here: one pass at a time.
    if (this.evaluating) return [];
    this.evaluating = true;
    try {
      const events: BreachEvent[] = [];
      for (const check of this.options.engine.limitChecks()) {
        const event = this.evaluateLimit(check);
        if (event) events.push(event);
      }
      return events;
    } finally {
      this.evaluating = false;
    }
  }

  private evaluateLimit(check: LimitCheck): BreachEvent | undefined {
    const reading = check.read?.(this.options.engine.state);
    if (!reading) return undefined;
    const utilisation = reading.threshold > 0 ? reading.value / reading.threshold : Number.POSITIVE_INFINITY;
    const level: UtilisationLevel = utilisation >= 1 ? 'breach' : utilisation >= check.warnAt ? 'warning' : 'ok';
    const current: LimitUtilisation = {
      limitId: check.id,
      limitType: check.type,
      level,
      utilisation,
      value: reading.value,
      threshold: reading.threshold,
      action: check.action,
      ...(reading.subject === undefined ? {} : { subject: reading.subject }),
    };
    this.latest.set(check.id, current);
    const previousLevel = this.levels.get(check.id) ?? 'ok';
    if (previousLevel === level) return undefined;
    this.levels.set(check.id, level);
    const actionTaken = level === 'breach' ? this.escalate(check, current) : 'none';
    const event: BreachEvent = { ...current, previousLevel, severity: severityOf(level), actionTaken, ts: this.options.clock.now() };
    this.record(event);
    return event;
  }

  private escalate(check: LimitCheck, reading: LimitUtilisation): LimitAction {
    const reason = `${check.id} breached (${format(reading.value)} of ${format(reading.threshold)})`;
    switch (check.action) {
      case 'notify':
        break;
      case 'block':
        this.options.engine.setTradingState('HALTED', reason);
        break;
      case 'reduce-only':
        if (this.options.engine.tradingState === 'ACTIVE') this.options.engine.setTradingState('REDUCING', reason);
        break;
      case 'flatten':
        if (!this.options.killSwitch) throw new NwsError(ErrorCode.InvalidConfig, `limit ${check.id} wants to flatten but the monitor has no kill switch`);
        this.options.killSwitch.engage({ reason, flatten: true });
        break;
    }
    return check.action;
  }

  private record(event: BreachEvent): void {
    const action = event.level === 'breach' ? RiskAuditAction.LimitBreach : event.level === 'warning' ? RiskAuditAction.LimitWarning : RiskAuditAction.LimitCleared;
    this.options.engine.audit(action, { ...event, utilisation: Number.isFinite(event.utilisation) ? event.utilisation : String(event.utilisation) });
    const alert: RiskAlert = {
      rule: event.limitId,
      level: event.severity,
      message: `${event.limitId}: ${event.level} at ${Math.round(event.utilisation * 1000) / 10}% (${format(event.value)} of ${format(event.threshold)}${event.subject ? `, ${event.subject}` : ''})${event.actionTaken === 'none' || event.actionTaken === 'notify' ? '' : `; action: ${event.actionTaken}`}`,
      ts: event.ts,
      value: event.value,
      limit: event.threshold,
      ...(event.subject !== undefined && this.options.engine.state.entry(event.subject) ? { instrumentId: event.subject } : {}),
    };
    this.options.bus?.publish(topics.riskAlerts(event.limitId), alert);
    this.options.onEvent?.(event);
  }
}

function severityOf(level: UtilisationLevel): RiskAlertLevel {
  return level === 'breach' ? 'breach' : level === 'warning' ? 'warning' : 'info';
}

function format(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 1e4) / 1e4) : String(value);
}
