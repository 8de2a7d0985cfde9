// Shared steps that turn provider rows into domain values: numbers from text, dates from text,
// bars sorted, de-duplicated, clipped to the asked range and validated.
import { ErrorCode, NwsError, barType, instrumentId, validateBar } from '@nws/core';
import type { Bar, BarType, InstrumentId } from '@nws/core';
import type { HistoryLimits, HistoryRequest, HistoryResult } from './types.js';

/** A number from provider text; null for the many ways services say "none" (".", "None", "-", "NA", ""). */
export function numberOrNull(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim().replace(/%$/, '').replace(/,/g, '');
  if (trimmed === '' || /^(\.|-|none|na|n\/a|null)$/i.test(trimmed)) return null;
  const parsed = Number(trimmed);
  return Number.isFinite(parsed) ? parsed : null;
}

/** `2024-01-19` (or an ISO date-time without zone) as epoch ms UTC; undefined when unreadable. */
export function utcDateMs(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text}Z`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

export function isoDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** The caller's instrument id, or SYMBOL.VENUE built from what the provider knows. */
export function resolveInstrumentId(request: Pick<HistoryRequest, 'symbol' | 'instrumentId'>, venue: string): InstrumentId {
  if (request.instrumentId) return request.instrumentId;
  try {
    return instrumentId(request.symbol, venue);
  } catch (error) {
    throw new NwsError(ErrorCode.InvalidArgument, `cannot name an instrument for symbol "${request.symbol}": pass instrumentId (${NwsError.from(error).message})`);
  }
}

/** Throws INVALID_ARGUMENT naming each problem with a history request, before any call is made. */
export function checkHistoryRequest(provider: string, request: HistoryRequest, limits: HistoryLimits): void {
  const problems: string[] = [];
  if (typeof request.symbol !== 'string' || request.symbol.trim() === '') problems.push('symbol is empty');
  if (!limits.specs.includes(request.spec)) problems.push(`spec "${request.spec}" is not one of ${limits.specs.join(', ')}`);
  if (!Number.isSafeInteger(request.startMs)) problems.push(`startMs ${request.startMs} is not an epoch ms integer`);
  if (!Number.isSafeInteger(request.endMs)) problems.push(`endMs ${request.endMs} is not an epoch ms integer`);
  if (Number.isSafeInteger(request.startMs) && Number.isSafeInteger(request.endMs) && request.startMs >= request.endMs) problems.push(`startMs ${request.startMs} is not before endMs ${request.endMs}`);
  if (problems.length > 0) throw new NwsError(ErrorCode.InvalidArgument, `${provider} history request: ${problems.join('; ')}`);
}

export type BarRow = Pick<Bar, 'ts' | 'open' | 'high' | 'low' | 'close' | 'volume'>;

/** Keeps rows inside [startMs, endMs) that pass validateBar, sorted, last one wins on a repeated ts. */
export function finaliseBars(rows: ReadonlyArray<BarRow>, type: BarType, request: HistoryRequest, skipped = 0): HistoryResult {
  const byTs = new Map<number, Bar>();
  let dropped = skipped;
  for (const row of rows) {
    if (row.ts < request.startMs || row.ts >= request.endMs) continue;
    if (validateBar(row).length > 0) {
      dropped += 1;
      continue;
    }
    byTs.set(row.ts, { barType: type, ...row });
  }
  const bars = [...byTs.values()].sort((a, b) => a.ts - b.ts);
  return { barType: type, bars, dropped };
}

export function historyBarType(request: HistoryRequest, venue: string): BarType {
  return barType(resolveInstrumentId(request, venue), request.spec);
}

/** Limits from a table of spec → [max span per request, lookback] (either may be Infinity). */
export function tableLimits(table: Readonly<Record<string, readonly [maxSpanMs: number, lookbackMs: number]>>): HistoryLimits {
  return Object.freeze({
    specs: Object.freeze(Object.keys(table)),
    maxRequestSpanMs: (spec: string) => table[spec]?.[0] ?? Infinity,
    earliestAvailableMs: (spec: string, nowMs: number) => {
      const lookback = table[spec]?.[1];
      return lookback === undefined || lookback === Infinity ? undefined : nowMs - lookback;
    },
  });
}

export const DAY_MS = 86_400_000;

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `timeZone` from UTC at instant `utcMs`, in ms (e.g. -5 h for New York in winter). */
function zoneOffsetMs(timeZone: string, utcMs: number): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(new Date(utcMs)).map((part) => [part.type, part.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * A wall-clock time `YYYY-MM-DD HH:mm[:ss]` in `timeZone` as epoch ms UTC. Providers such as
 * Alpha Vantage stamp intraday bars in exchange time; daylight saving is handled by ICU.
 */
export function zonedLocalToUtcMs(local: string, timeZone: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match;
  const naive = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  const first = naive - zoneOffsetMs(timeZone, naive);
  // Second pass settles times near a DST switch, where the offset at `naive` is not the one at `first`.
  return naive - zoneOffsetMs(timeZone, first);
}

/**
 * Start of the period whose END a source stamped (Trading Economics dates a monthly value on the
 * month's last day): month, quarter or year start in UTC; other frequencies are left as they are.
 */
export function periodStartMs(stampMs: number, frequency: string | undefined): number {
  const date = new Date(stampMs);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  switch ((frequency ?? '').toLowerCase()) {
    case 'monthly':
      return Date.UTC(year, month, 1);
    case 'quarterly':
      return Date.UTC(year, month - (month % 3), 1);
    case 'yearly':
    case 'annual':
      return Date.UTC(year, 0, 1);
    default:
      return stampMs;
  }
}
