import { ErrorCode, NwsError } from '@nws/core';

const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;

/**
 * Converts wall-clock times of one IANA time zone to UTC. Offsets come from Intl, which is slow
 * per call, so the offset is cached per local day; a day whose offset changes (a DST switch) is
 * resolved per value.
 */
export class TimeZoneConverter {
  readonly zone: string;
  private readonly format: Intl.DateTimeFormat | undefined;
  private readonly dayOffsets = new Map<number, number | null>();

  constructor(zone: string) {
    this.zone = zone;
    this.format = isUtc(zone) ? undefined : makeFormat(zone);
  }

  get isUtc(): boolean {
    return this.format === undefined;
  }

  /** UTC epoch ms of a wall-clock time given as "epoch ms as if the zone were UTC". */
  localToUtcMs(localMs: number): number {
    return localMs - this.offsetAtLocalMs(localMs);
  }

  /** Offset from UTC (ms) in force at a wall-clock time; cached per local day. */
  offsetAtLocalMs(localMs: number): number {
    if (this.format === undefined) return 0;
    const day = Math.floor(localMs / MS_PER_DAY);
    let offset = this.dayOffsets.get(day);
    if (offset === undefined) {
      const atStart = this.offsetForLocal(day * MS_PER_DAY);
      const atEnd = this.offsetForLocal(day * MS_PER_DAY + MS_PER_DAY - 1);
      offset = atStart === atEnd ? atStart : null;
      this.dayOffsets.set(day, offset);
    }
    return offset ?? this.offsetForLocal(localMs);
  }

  /** Offset of the zone from UTC in ms at a UTC instant. */
  offsetAtUtc(utcMs: number): number {
    if (this.format === undefined) return 0;
    const parts = this.format.formatToParts(new Date(utcMs));
    const field = (type: string) => Number(parts.find((part) => part.type === type)!.value);
    const asUtc = Date.UTC(field('year'), field('month') - 1, field('day'), field('hour') % 24, field('minute'), field('second'));
    return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / MS_PER_MINUTE) * MS_PER_MINUTE;
  }

  /**
   * Offset that applies to a wall-clock time, as java.time and Temporal resolve it: an ambiguous
   * autumn time takes the earlier instant, a time inside the spring-forward gap is pushed forward
   * by the gap (it keeps the offset from before the switch).
   */
  private offsetForLocal(localMs: number): number {
    const before = this.offsetAtUtc(localMs - MS_PER_DAY);
    const after = this.offsetAtUtc(localMs + MS_PER_DAY);
    const valid = [before, after].filter((offset) => this.offsetAtUtc(localMs - offset) === offset);
    if (valid.length === 0) return before;
    return Math.max(...valid);
  }
}

function isUtc(zone: string): boolean {
  return /^(utc|gmt|z|etc\/utc|etc\/gmt)$/i.test(zone);
}

function makeFormat(zone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new NwsError(ErrorCode.InvalidArgument, `time zone "${zone}" is not a known IANA zone (e.g. UTC, America/New_York, Europe/London)`);
  }
}

/** Throws INVALID_ARGUMENT unless `zone` is a time zone Intl knows. */
export function assertTimeZone(zone: string): void {
  if (!isUtc(zone)) makeFormat(zone);
}
