// Orders only inside the configured sessions, in the venue's time zone (DST handled by Intl).
// The zone's UTC offset is cached per clock hour: offsets change only on hour boundaries, so
// the check costs a division and a lookup, not an Intl call.
import { z } from 'zod';
import { ALL_SCOPES, scopeMatches } from '../scope.js';
import type { LimitCheck } from '../types.js';
import { identity, limitBaseShape } from './limit-base.js';

export const TRADING_HOURS = 'trading-hours';
const clockTime = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'must be HH:MM (24-hour)');
const sessionSchema = z
  .strictObject({
    /** ISO weekdays: 1 = Monday ... 7 = Sunday. */
    days: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]),
    open: clockTime,
    close: clockTime,
  })
  .refine((session) => minutesOf(session.open) < minutesOf(session.close), { message: 'open must be before close', path: ['close'] });
export const tradingHoursSchema = z.strictObject({
  type: z.literal(TRADING_HOURS),
  ...limitBaseShape,
  timeZone: z.string().refine(isTimeZone, { message: 'must be an IANA time zone such as America/New_York' }).default('UTC'),
  sessions: z.array(sessionSchema).min(1),
});
export type TradingHoursConfig = z.output<typeof tradingHoursSchema>;
export const tradingHoursScopes = ALL_SCOPES;

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const DAY_MINUTES = 1440;

/** Minutes after midnight of an `HH:MM` clock time. */
export function minutesOf(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Local wall time minus UTC, in minutes, at `ts` (formatter: `zoneFormatter(zone)`). */
export function offsetMinutes(formatter: Intl.DateTimeFormat, ts: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(ts)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!);
  return Math.round((local - Math.floor(ts / MINUTE_MS) * MINUTE_MS) / MINUTE_MS);
}

/** The formatter `offsetMinutes` reads a zone's wall clock with. */
export function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
  });
}

export function createTradingHours(config: TradingHoursConfig): LimitCheck {
  const limit = identity(TRADING_HOURS, config);
  const formatter = zoneFormatter(config.timeZone);
  // Per ISO weekday, the [open, close) minute ranges.
  const byDay: Array<Array<[number, number]>> = Array.from({ length: 8 }, () => []);
  for (const session of config.sessions) for (const day of session.days) byDay[day]!.push([minutesOf(session.open), minutesOf(session.close)]);
  let cachedHour = Number.NaN;
  let cachedOffset = 0;
  const isOpenAt = (ts: number): boolean => {
    const hour = Math.floor(ts / HOUR_MS);
    if (hour !== cachedHour) {
      cachedHour = hour;
      cachedOffset = offsetMinutes(formatter, ts);
    }
    const localMinutes = Math.floor(ts / MINUTE_MS) + cachedOffset;
    const minuteOfDay = ((localMinutes % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
    const daysSinceEpoch = Math.floor(localMinutes / DAY_MINUTES);
    const isoWeekday = ((((daysSinceEpoch + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday (4)
    for (const [open, close] of byDay[isoWeekday]!) if (minuteOfDay >= open && minuteOfDay < close) return true;
    return false;
  };
  return {
    ...limit,
    check: (order) => {
      if (!scopeMatches(limit.scope, order) || isOpenAt(order.ts)) return undefined;
      return {
        limitId: limit.id,
        limitType: limit.type,
        value: order.ts,
        threshold: 0,
        message: `${limit.type}: ${order.instrumentId} order at ${new Date(order.ts).toISOString()} is outside trading hours (${config.sessions.map((s) => `${s.open}-${s.close}`).join(', ')} ${config.timeZone})`,
      };
    },
  };
}
