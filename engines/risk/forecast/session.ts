// How much of today's trading session is still to come, in the venue's time zone: the horizon
// of the breach forecast. Sessions come from the engine's trading-hours limit, else a default
// 6.5-hour US equity session (09:30-16:00 New York).
import { ErrorCode, NwsError } from '@nws/core';
import { minutesOf, offsetMinutes, zoneFormatter } from '../checks/trading-hours.js';
import type { LimitConfig } from '../checks/index.js';

export interface TradingSessions {
  /** IANA zone the clock times are in. */
  timeZone: string;
  /** ISO weekdays (1 = Monday) each session runs on, and its HH:MM open and close. */
  sessions: ReadonlyArray<{ days: readonly number[]; open: string; close: string }>;
}

export const DEFAULT_TRADING_SESSIONS: TradingSessions = Object.freeze({
  timeZone: 'America/New_York',
  sessions: Object.freeze([Object.freeze({ days: Object.freeze([1, 2, 3, 4, 5]), open: '09:30', close: '16:00' })]),
});

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1440;
/** Building an Intl formatter costs far more than using one: one per zone, kept. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Fraction of the day's session time still ahead at `ts`, from 1 (before the open) to 0 (after the
 * close, or a day without a session). With several sessions a day it is remaining / total minutes.
 */
export function sessionRemainingFraction(ts: number, trading: TradingSessions = DEFAULT_TRADING_SESSIONS): number {
  let formatter = formatters.get(trading.timeZone);
  if (formatter === undefined) {
    try {
      formatter = zoneFormatter(trading.timeZone);
    } catch {
      throw new NwsError(ErrorCode.InvalidArgument, `trading sessions: '${trading.timeZone}' is not an IANA time zone such as America/New_York`);
    }
    formatters.set(trading.timeZone, formatter);
  }
  const localMinutes = ts / MINUTE_MS + offsetMinutes(formatter, ts);
  const minuteOfDay = ((localMinutes % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  const daysSinceEpoch = Math.floor(localMinutes / DAY_MINUTES);
  const isoWeekday = ((((daysSinceEpoch + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday (4)
  let total = 0;
  let remaining = 0;
  for (const session of trading.sessions) {
    if (!session.days.includes(isoWeekday)) continue;
    const open = minutesOf(session.open);
    const close = minutesOf(session.close);
    total += close - open;
    remaining += Math.max(0, close - Math.max(open, minuteOfDay));
  }
  return total > 0 ? remaining / total : 0;
}

/** The sessions of the engine's account-wide trading-hours limit, if it has one. */
export function sessionsFromLimits(limits: ReadonlyArray<LimitConfig>): TradingSessions | undefined {
  for (const limit of limits) {
    if (limit.type === 'trading-hours' && limit.scope.kind === 'account') return { timeZone: limit.timeZone, sessions: limit.sessions };
  }
  return undefined;
}
