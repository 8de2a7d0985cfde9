/**
 * Dates and times read straight from file bytes. Supported: `YYYY-MM-DD` (also `/` or `.`),
 * `YYYYMMDD`, either followed by a time (`T` or spaces, then `HH:MM[:SS[.fff]]` or `HHMM[SS]`)
 * and an optional zone (`Z`, `±HH:MM`, `±HHMM`, `±HH`); a separate time cell; epoch numbers.
 *
 * Results are microseconds since the epoch as doubles (exact: every instant before year 2255 is
 * an integer below 2^53). A value without a zone is wall-clock time, converted by the caller.
 */

export const US_PER_MS = 1_000;
export const US_PER_SECOND = 1_000_000;
export const US_PER_MINUTE = 60 * US_PER_SECOND;
export const US_PER_HOUR = 60 * US_PER_MINUTE;
export const US_PER_DAY = 24 * US_PER_HOUR;

/** Storage keeps bars from 1800-01-01 to 2300-01-01 (UTC); other times are refused as unreadable. */
export const MIN_STORABLE_US = Date.UTC(1800, 0, 1) * US_PER_MS;
export const MAX_STORABLE_US = Date.UTC(2300, 0, 1) * US_PER_MS;

export function isStorableTime(tsUs: number): boolean {
  return tsUs >= MIN_STORABLE_US && tsUs <= MAX_STORABLE_US;
}

const CHAR_0 = 48;
const CHAR_SPACE = 32;
const CHAR_QUOTE = 34;
const CHAR_CR = 13;
const CHAR_TAB = 9;

function isPadding(byte: number): boolean {
  return byte === CHAR_SPACE || byte === CHAR_QUOTE || byte === CHAR_CR || byte === CHAR_TAB;
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= CHAR_0 && byte <= CHAR_0 + 9;
}

function digitsAt(bytes: Uint8Array, at: number, count: number, end: number): number {
  if (at + count > end) return -1;
  let value = 0;
  for (let index = at; index < at + count; index++) {
    const digit = bytes[index]! - CHAR_0;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

const cumulativeDaysBeforeMonth = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a valid proleptic Gregorian date. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const yearsBefore = year - 1;
  const leapDaysBefore = Math.floor(yearsBefore / 4) - Math.floor(yearsBefore / 100) + Math.floor(yearsBefore / 400);
  const dayOfYear = cumulativeDaysBeforeMonth[month - 1]! + day - 1 + (month > 2 && isLeapYear(year) ? 1 : 0);
  return yearsBefore * 365 + leapDaysBefore + dayOfYear - 719_162;
}

/**
 * Reusable parser: a call returns the wall-clock or UTC microseconds (NaN when the text is not a
 * date) and leaves in `zoneOffsetUs` the explicit offset found, or NaN when there was none.
 */
export class TimestampParser {
  zoneOffsetUs = NaN;

  /** Parses a date with optional time and zone. */
  parseDateTime(bytes: Uint8Array, start: number, end: number): number {
    this.zoneOffsetUs = NaN;
    const fast = parseCommonShapes(bytes, start, end);
    if (fast >= 0 || fast === INVALID) return fast === INVALID ? NaN : fast;
    while (start < end && isPadding(bytes[start]!)) start++;
    while (end > start && isPadding(bytes[end - 1]!)) end--;

    let year: number;
    let month: number;
    let day: number;
    let index: number;
    if (isDigit(bytes[start + 4]) ) {
      year = digitsAt(bytes, start, 4, end);
      month = digitsAt(bytes, start + 4, 2, end);
      day = digitsAt(bytes, start + 6, 2, end);
      index = start + 8;
    } else {
      const separator = bytes[start + 4];
      if (separator !== 45 && separator !== 47 && separator !== 46) return NaN;
      if (bytes[start + 7] !== separator) return NaN;
      year = digitsAt(bytes, start, 4, end);
      month = digitsAt(bytes, start + 5, 2, end);
      day = digitsAt(bytes, start + 8, 2, end);
      index = start + 10;
    }
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
    const dayUs = daysFromCivil(year, month, day) * US_PER_DAY;
    if (index === end) return dayUs;

    if (bytes[index] === 84 || bytes[index] === 116) {
      index++;
    } else if (bytes[index] === CHAR_SPACE) {
      while (index < end && bytes[index] === CHAR_SPACE) index++;
    } else {
      return NaN;
    }
    const timeEnd = this.findZoneStart(bytes, index, end);
    const timeUs = parseTimeOfDay(bytes, index, timeEnd);
    if (Number.isNaN(timeUs)) return NaN;
    if (timeEnd < end) {
      const offset = parseZone(bytes, timeEnd, end);
      if (Number.isNaN(offset)) return NaN;
      this.zoneOffsetUs = offset;
      return dayUs + timeUs - offset;
    }
    return dayUs + timeUs;
  }

  private findZoneStart(bytes: Uint8Array, from: number, end: number): number {
    for (let index = from; index < end; index++) {
      const byte = bytes[index]!;
      if (byte === 90 || byte === 122 || byte === 43 || byte === 45 || byte === CHAR_SPACE) return index;
    }
    return end;
  }
}

const INVALID = -1;
const NOT_COMMON = -2;

// Intraday files repeat each date hundreds of times: the last date's value is kept.
let lastDateKey = -1;
let lastDateUs = 0;

/** Midnight of a date in µs; INVALID for an impossible date, NOT_COMMON before 1970. */
function dayMicros(year: number, month: number, day: number): number {
  const key = year * 10_000 + month * 100 + day;
  if (key === lastDateKey) return lastDateUs;
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return year < 1970 && year >= 0 ? NOT_COMMON : INVALID;
  lastDateKey = key;
  lastDateUs = daysFromCivil(year, month, day) * US_PER_DAY;
  return lastDateUs;
}

/**
 * The two shapes that make up nearly every file, `YYYY-MM-DD` and `YYYY-MM-DD[T ]HH:MM:SS`, read
 * without the general path's trimming and searching. Returns µs, INVALID, or NOT_COMMON when the
 * text has another shape (dates before 1970 also go the general way). Runs once per row of a
 * large import, so the digits are read in pairs without loops (about half the time of digitsAt).
 */
function parseCommonShapes(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if ((length !== 10 && length !== 19) || bytes[start + 4] !== 45 || bytes[start + 7] !== 45) return NOT_COMMON;
  const century = twoDigits(bytes, start);
  const yearOfCentury = twoDigits(bytes, start + 2);
  const year = century < 0 || yearOfCentury < 0 ? INVALID : century * 100 + yearOfCentury;
  const dayUs = dayMicros(year, twoDigits(bytes, start + 5), twoDigits(bytes, start + 8));
  if (dayUs < 0) return dayUs;
  if (length === 10) return dayUs;
  const separator = bytes[start + 10];
  if ((separator !== 84 && separator !== CHAR_SPACE) || bytes[start + 13] !== 58 || bytes[start + 16] !== 58) return NOT_COMMON;
  const hours = twoDigits(bytes, start + 11);
  const minutes = twoDigits(bytes, start + 14);
  const seconds = twoDigits(bytes, start + 17);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 60) return INVALID;
  return dayUs + hours * US_PER_HOUR + minutes * US_PER_MINUTE + seconds * US_PER_SECOND;
}

/** The two ASCII digits at `at` as a number, or INVALID. The caller has checked they are in range. */
function twoDigits(bytes: Uint8Array, at: number): number {
  const tens = bytes[at]! - CHAR_0;
  const ones = bytes[at + 1]! - CHAR_0;
  // One unsigned comparison per digit: a byte below '0' wraps to a huge number.
  return tens >>> 0 > 9 || ones >>> 0 > 9 ? INVALID : tens * 10 + ones;
}

/** `HH:MM`, `HH:MM:SS`, `HH:MM:SS.ffffff`, `HHMM`, `HHMMSS`: microseconds into the day, or NaN. */
export function parseTimeOfDay(bytes: Uint8Array, start: number, end: number): number {
  while (start < end && isPadding(bytes[start]!)) start++;
  while (end > start && isPadding(bytes[end - 1]!)) end--;
  const colons = bytes[start + 2] === 58;
  const hours = digitsAt(bytes, start, 2, end);
  const minutes = digitsAt(bytes, start + (colons ? 3 : 2), 2, end);
  let index = start + (colons ? 5 : 4);
  let seconds = 0;
  if (index < end && (!colons || bytes[index] === 58)) {
    if (colons) index++;
    seconds = digitsAt(bytes, index, 2, end);
    index += 2;
  }
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 60) return NaN;
  let fractionUs = 0;
  if (index < end && (bytes[index] === 46 || bytes[index] === 44)) {
    index++;
    let scale = 100_000;
    const fractionStart = index;
    for (; index < end && isDigit(bytes[index]); index++) {
      fractionUs += (bytes[index]! - CHAR_0) * scale;
      scale /= 10;
    }
    if (index === fractionStart) return NaN;
    fractionUs = Math.floor(fractionUs);
  }
  if (index !== end) return NaN;
  return hours * US_PER_HOUR + minutes * US_PER_MINUTE + seconds * US_PER_SECOND + fractionUs;
}

/** `Z`, `+HH:MM`, `-HHMM`, `+HH`, optionally after a space: offset east of UTC in µs, or NaN. */
function parseZone(bytes: Uint8Array, start: number, end: number): number {
  while (start < end && bytes[start] === CHAR_SPACE) start++;
  if (end - start === 1 && (bytes[start] === 90 || bytes[start] === 122)) return 0;
  const sign = bytes[start] === 43 ? 1 : bytes[start] === 45 ? -1 : 0;
  if (sign === 0) return NaN;
  const hours = digitsAt(bytes, start + 1, 2, end);
  let minutes = 0;
  const rest = end - (start + 3);
  if (rest === 3 && bytes[start + 3] === 58) minutes = digitsAt(bytes, start + 4, 2, end);
  else if (rest === 2) minutes = digitsAt(bytes, start + 3, 2, end);
  else if (rest !== 0) return NaN;
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return NaN;
  return sign * (hours * US_PER_HOUR + minutes * US_PER_MINUTE);
}

export type EpochUnit = 's' | 'ms' | 'us';

const epochScale: Record<EpochUnit, number> = { s: US_PER_SECOND, ms: US_PER_MS, us: 1 };

/** True when the text is an epoch number (digits with an optional fraction), not a date. */
export function looksLikeEpoch(text: string): boolean {
  const trimmed = text.trim().replace(/^"|"$/g, '');
  return /^\d+(\.\d+)?$/.test(trimmed) && trimmed.split('.')[0]!.length !== 8;
}

/** Unit of an epoch number by magnitude: seconds below 1e11 (year 5138), ms below 1e14, else µs. */
export function epochUnitOf(text: string): EpochUnit {
  const value = Number(text.trim().replace(/^"|"$/g, ''));
  if (value < 1e11) return 's';
  if (value < 1e14) return 'ms';
  return 'us';
}

/** Parses an epoch number in `unit` to microseconds, or NaN. */
export function parseEpoch(bytes: Uint8Array, start: number, end: number, unit: EpochUnit): number {
  while (start < end && isPadding(bytes[start]!)) start++;
  while (end > start && isPadding(bytes[end - 1]!)) end--;
  if (start === end) return NaN;
  let whole = 0;
  let index = start;
  for (; index < end && isDigit(bytes[index]); index++) whole = whole * 10 + (bytes[index]! - CHAR_0);
  if (index === start) return NaN;
  const scale = epochScale[unit];
  let fractionUs = 0;
  if (index < end && bytes[index] === 46) {
    index++;
    let weight = scale / 10;
    const fractionStart = index;
    for (; index < end && isDigit(bytes[index]); index++) {
      fractionUs += (bytes[index]! - CHAR_0) * weight;
      weight /= 10;
    }
    if (index === fractionStart) return NaN;
  }
  if (index !== end) return NaN;
  return whole * scale + Math.round(fractionUs);
}
