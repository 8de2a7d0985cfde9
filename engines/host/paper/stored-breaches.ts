// `risk.breaches`: the breach monitor stores every limit level change (warning, breach, cleared)
// in the audit log (RiskMonitor.record); this reads them back as plain rows, newest first.
import { RiskAuditAction } from '@nws/risk';
import type { RiskStore } from '@nws/risk';

export interface StoredBreach {
  ts: number;
  limitId: string;
  limitType: string;
  level: 'ok' | 'warning' | 'breach';
  previousLevel: string;
  severity: string;
  utilisation: number | null;
  value: number | null;
  threshold: number | null;
  subject?: string;
  actionTaken: string;
}

const BREACH_ACTIONS = new Set<string>([RiskAuditAction.LimitBreach, RiskAuditAction.LimitWarning, RiskAuditAction.LimitCleared]);
const LOOKBACK_MS = 7 * 86_400_000;
/** The audit log also holds every refusal; read this many entries of the week at most. */
const AUDIT_SCAN = 100_000;

export function storedBreaches(store: Pick<RiskStore, 'auditLog'>, now: number, limit: number): StoredBreach[] {
  const entries = store.auditLog({ since: Math.max(0, now - LOOKBACK_MS), limit: AUDIT_SCAN });
  const breaches: StoredBreach[] = [];
  for (let index = entries.length - 1; index >= 0 && breaches.length < limit; index--) {
    const entry = entries[index]!;
    if (!BREACH_ACTIONS.has(entry.action)) continue;
    const breach = breachOf(entry.details, entry.ts);
    if (breach !== undefined) breaches.push(breach);
  }
  return breaches;
}

function breachOf(details: unknown, auditTs: number): StoredBreach | undefined {
  if (typeof details !== 'object' || details === null) return undefined;
  const event = details as Record<string, unknown>;
  const level = event['level'];
  if (level !== 'ok' && level !== 'warning' && level !== 'breach') return undefined;
  return {
    ts: numberOr(event['ts']) ?? auditTs,
    limitId: String(event['limitId'] ?? ''),
    limitType: String(event['limitType'] ?? ''),
    level,
    previousLevel: String(event['previousLevel'] ?? ''),
    severity: String(event['severity'] ?? ''),
    // Stored as text when not finite (JSON has no Infinity): null here.
    utilisation: numberOr(event['utilisation']) ?? null,
    value: numberOr(event['value']) ?? null,
    threshold: numberOr(event['threshold']) ?? null,
    ...(typeof event['subject'] === 'string' ? { subject: event['subject'] } : {}),
    actionTaken: String(event['actionTaken'] ?? 'none'),
  };
}

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
