import { ErrorCode, NwsError, formatBarSpec, parseBarSpec, type BarSpec } from '@nws/core';
import type { BarColumns, QueryParam, TimeSeriesStore } from '@nws/storage';
import { canResample, isCalendarSpec, specMs } from '../bar-step.js';
import { assertTimeZone } from '../import/time-zone.js';

/**
 * Where trading days begin and end. Daily, weekly and monthly bars group the bars of a trading
 * day, which is the local date in `timeZone`; a session that opens in the evening (futures) sets
 * `dayStartsAt` (e.g. `18:00`): bars from then on count toward the next day. Intraday buckets
 * are aligned to `dayStartsAt` (e.g. `09:30` gives hourly bars at 09:30, 10:30, ...).
 */
export interface SessionSpec {
  /** IANA zone of the session; default UTC. */
  timeZone?: string;
  /** Local time a trading day starts, `HH:MM`; default `00:00`. */
  dayStartsAt?: string;
}

export interface ResampleRequest {
  instrumentId: string;
  /** Stored bar spec to build from, e.g. `1m`. */
  source: string;
  /** Bar spec to build, e.g. `1h`; coarser than and a multiple of the source. */
  target: string;
  /** Inclusive lower bound on source bar open times, epoch µs. */
  fromUs?: bigint;
  /** Exclusive upper bound on source bar open times, epoch µs. */
  toUs?: bigint;
  session?: SessionSpec;
}

export interface ResampleQuery {
  sql: string;
  params: QueryParam[];
}

const MINUTES_PER_DAY = 24 * 60;
const unitSql: Record<BarSpec['unit'], string> = { s: 'seconds', m: 'minutes', h: 'hours', d: 'days', w: 'weeks', M: 'months' };

/**
 * The SQL that builds `target` bars from stored `source` bars inside DuckDB: open of the first
 * bar, highest high, lowest low, close of the last bar, summed volume, last open interest, and the
 * last bar's adjusted close (NULL when that bar has none). Rows are `ts_us` (epoch µs), then the
 * columns of `bar_data`. Bar
 * times are bucket open times; daily and coarser bars are stamped at 00:00 UTC of their trading
 * date (weekly: the ISO week's Monday; monthly: the 1st), as daily data is everywhere.
 */
export function resampleQuery(request: ResampleRequest): ResampleQuery {
  const source = parseBarSpec(request.source);
  const target = parseBarSpec(request.target);
  if (!canResample(source, target)) {
    throw new NwsError(
      ErrorCode.InvalidArgument,
      `cannot build ${formatBarSpec(target)} bars from ${formatBarSpec(source)} bars: the target must be coarser and hold whole source bars`,
    );
  }
  const session = checkSession(request.session);
  const params: QueryParam[] = [request.instrumentId, formatBarSpec(source)];
  const filters = ['instrument_id = $1', 'bar_type = $2'];
  if (request.fromUs !== undefined) {
    params.push(request.fromUs);
    filters.push(`ts >= make_timestamp($${params.length}::BIGINT)`);
  }
  if (request.toUs !== undefined) {
    params.push(request.toUs);
    filters.push(`ts < make_timestamp($${params.length}::BIGINT)`);
  }
  const sql = `SELECT ${bucketUsExpression(source, target, session)} AS ts_us, arg_min(open, ts) AS open, max(high) AS high, min(low) AS low,
      arg_max(close, ts) AS close, sum(volume) AS volume, arg_max(open_interest, ts) AS open_interest,
      arg_max_null(adj_close, ts) AS adj_close
    FROM bars WHERE ${filters.join(' AND ')}
    GROUP BY ts_us ORDER BY ts_us`;
  return { sql, params };
}

/** Builds `target` bars from stored bars; columns as storage returns them. */
export async function resampleBars(store: TimeSeriesStore, request: ResampleRequest): Promise<BarColumns> {
  return queryResampled(store, resampleQuery(request));
}

/**
 * Runs a resample query into bar columns: DuckDB's aggregation results go straight into typed
 * arrays (`queryBars`), never through one JavaScript object per bar.
 */
export function queryResampled(store: TimeSeriesStore, query: ResampleQuery): Promise<BarColumns> {
  const sql = `SELECT make_timestamp(ts_us) AS ts, open, high, low, close, volume, open_interest, adj_close FROM (${query.sql})`;
  return store.queryBars(sql, query.params);
}

interface CheckedSession {
  timeZone: string;
  dayStartMinutes: number;
}

function checkSession(session: SessionSpec = {}): CheckedSession {
  const timeZone = session.timeZone ?? 'UTC';
  assertTimeZone(timeZone);
  const text = session.dayStartsAt ?? '00:00';
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!(minutes >= 0 && minutes < MINUTES_PER_DAY) || Number(match?.[2]) > 59) {
    throw new NwsError(ErrorCode.InvalidArgument, `session dayStartsAt "${text}" must be a local time HH:MM`);
  }
  return { timeZone, dayStartMinutes: minutes };
}

const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;

function interval(spec: BarSpec): string {
  return `INTERVAL '${spec.step} ${unitSql[spec.unit]}'`;
}

/** time_bucket's default origin for clock intervals, 2000-01-03 00:00 UTC (a Monday), in epoch µs. */
const BUCKET_ORIGIN_US = 946_857_600_000_000;

/**
 * Bucket open time of each source row in epoch µs. Clock buckets in UTC are plain integer
 * arithmetic on the stored µs (a third less CPU than time_bucket over a TIMESTAMP); the modulo is
 * made non-negative so bars before the origin (and 1970) fall into the right bucket.
 */
function bucketUsExpression(source: BarSpec, target: BarSpec, session: CheckedSession): string {
  const utc = session.timeZone === 'UTC' || session.timeZone === 'Etc/UTC';
  if (!utc || isCalendarSpec(target)) return `epoch_us(${bucketExpression(source, target, session)})`;
  const stepUs = Math.round(specMs(target) * 1000);
  const originUs = BUCKET_ORIGIN_US + session.dayStartMinutes * 60_000_000;
  return `(epoch_us(ts) - (((epoch_us(ts) - ${originUs}) % ${stepUs}) + ${stepUs}) % ${stepUs})`;
}

/**
 * Bucket open time of each source row (`ts`, a naive UTC TIMESTAMP) as a TIMESTAMP(TZ). Values
 * spliced into the SQL are checked first: integers, and a time zone Intl knows.
 */
function bucketExpression(source: BarSpec, target: BarSpec, session: CheckedSession): string {
  const utc = session.timeZone === 'UTC' || session.timeZone === 'Etc/UTC';
  const local = utc ? 'ts' : `timezone(${sqlString(session.timeZone)}, timezone('UTC', ts))`;
  if (!isCalendarSpec(target)) {
    if (utc && session.dayStartMinutes === 0) return `time_bucket(${interval(target)}, ts)`;
    const origin = `TIMESTAMP '2000-01-03 00:00:00' + INTERVAL '${session.dayStartMinutes} minutes'`;
    const localBucket = `time_bucket(${interval(target)}, ${local}, ${origin})`;
    return utc ? localBucket : `timezone(${sqlString(session.timeZone)}, ${localBucket})`;
  }
  // Daily and coarser: the trading date. Stored calendar bars already carry it (00:00 UTC).
  const tradingDate = isCalendarSpec(source) ? 'CAST(ts AS DATE)' : `CAST(${local} + INTERVAL '${dayShiftMinutes(session.dayStartMinutes)} minutes' AS DATE)`;
  if (target.step === 1 && target.unit !== 'd') return `CAST(date_trunc('${target.unit === 'w' ? 'week' : 'month'}', ${tradingDate}) AS TIMESTAMP)`;
  if (target.step === 1) return `CAST(${tradingDate} AS TIMESTAMP)`;
  return `CAST(time_bucket(${interval(target)}, ${tradingDate}) AS TIMESTAMP)`;
}

/** Minutes to add to local time so its date is the trading date (evening starts belong to tomorrow). */
function dayShiftMinutes(dayStartMinutes: number): number {
  return dayStartMinutes <= MINUTES_PER_DAY / 2 ? -dayStartMinutes : MINUTES_PER_DAY - dayStartMinutes;
}
