// Where the risk engine stores its limits, kill-switch state and audit trail. The shape is the
// SQLite StateStore's own (`audit`, `auditLog`, `getSetting`, `setSetting`), so the Host passes
// its StateStore straight in; `InMemoryRiskStore` serves tests and scratch sessions.
import { ErrorCode, NwsError } from '@nws/core';

export interface RiskAuditEntry {
  id: number;
  ts: number;
  actor: string;
  action: string;
  details: unknown;
}

export interface RiskStore {
  audit(actor: string, action: string, details?: unknown): unknown;
  auditLog(query?: { since?: number; limit?: number }): RiskAuditEntry[];
  getSetting(key: string): unknown;
  setSetting(key: string, value: unknown): void;
}

/** Audit actions written by the risk engine. */
export const RiskAuditAction = {
  LimitSet: 'risk.limit-set',
  LimitRemoved: 'risk.limit-removed',
  OrderRefused: 'risk.order-refused',
  EmergencyFlatten: 'risk.emergency-flatten',
  LimitWarning: 'risk.limit-warning',
  LimitBreach: 'risk.limit-breach',
  LimitCleared: 'risk.limit-cleared',
  TradingStateChanged: 'risk.trading-state',
  KillSwitchEngaged: 'risk.kill-switch-engaged',
  KillSwitchRearmed: 'risk.kill-switch-rearmed',
} as const;

/** Settings keys the risk engine owns. */
export const RiskSettingKey = {
  limits: 'risk.limits',
  killSwitch: 'risk.killSwitch',
} as const;

export class InMemoryRiskStore implements RiskStore {
  private readonly entries: RiskAuditEntry[] = [];
  private readonly settings = new Map<string, string>();

  constructor(private readonly now: () => number = Date.now) {}

  audit(actor: string, action: string, details: unknown = {}): RiskAuditEntry {
    // Stored as JSON text, as SQLite does: what comes back is a copy, never the caller's object.
    const entry = { id: this.entries.length + 1, ts: this.now(), actor, action, details: JSON.parse(JSON.stringify(details ?? {})) as unknown };
    this.entries.push(entry);
    return entry;
  }

  auditLog(query: { since?: number; limit?: number } = {}): RiskAuditEntry[] {
    const since = query.since ?? 0;
    return this.entries.filter((entry) => entry.ts >= since).slice(0, query.limit ?? 1000);
  }

  getSetting(key: string): unknown {
    const text = this.settings.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  }

  setSetting(key: string, value: unknown): void {
    if (value === undefined) throw new NwsError(ErrorCode.InvalidArgument, `setting ${key}: value must not be undefined`);
    this.settings.set(key, JSON.stringify(value));
  }
}
