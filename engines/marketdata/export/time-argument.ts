import { ErrorCode, NwsError } from '@nws/core';
import { TimestampParser, US_PER_DAY, US_PER_MS } from '../import/timestamp.js';

const encoder = new TextEncoder();

export interface TimeBound {
  /** Epoch µs. */
  us: bigint;
  /** True when the text was a date without a time (it then stands for the whole day). */
  dateOnly: boolean;
}

/**
 * A time given on the command line or in a request: `2024-01-31`, `20240131`, ISO 8601 with or
 * without a zone (none means UTC), or epoch milliseconds. Throws INVALID_ARGUMENT naming `what`.
 */
export function parseTimeArgument(text: string, what: string): TimeBound {
  const trimmed = text.trim();
  if (/^\d{9,}$/.test(trimmed)) return { us: BigInt(trimmed) * BigInt(US_PER_MS), dateOnly: false };
  const bytes = encoder.encode(trimmed);
  const us = new TimestampParser().parseDateTime(bytes, 0, bytes.length);
  if (Number.isNaN(us)) {
    throw new NwsError(ErrorCode.InvalidArgument, `${what} "${text}" is not a time: use YYYY-MM-DD, ISO 8601 (e.g. 2024-01-31T14:30:00Z) or epoch milliseconds`);
  }
  return { us: BigInt(us), dateOnly: us % US_PER_DAY === 0 && !trimmed.includes(':') };
}

/**
 * Inclusive [from, to] bounds as the half-open [fromUs, toUs) storage reads: a date-only `to`
 * includes its whole day.
 */
export function rangeFromArguments(from: string | undefined, to: string | undefined): { fromUs?: bigint; toUs?: bigint } {
  const range: { fromUs?: bigint; toUs?: bigint } = {};
  if (from !== undefined) range.fromUs = parseTimeArgument(from, '--from').us;
  if (to !== undefined) {
    const bound = parseTimeArgument(to, '--to');
    range.toUs = bound.us + (bound.dateOnly ? BigInt(US_PER_DAY) : 1n);
  }
  if (range.fromUs !== undefined && range.toUs !== undefined && range.fromUs >= range.toUs) {
    throw new NwsError(ErrorCode.InvalidArgument, `--from ${from} is not before --to ${to}`);
  }
  return range;
}
