import { barIntervalMs, formatBarSpec, parseBarSpec, type BarSpec } from '@nws/core';

/**
 * Helpers over core's `BarSpec` (`1m`, `5m`, `1h`, `1d`, `1w`, `1M`) for importing and resampling.
 * Steps below a day are fixed lengths; `d`, `w` and `M` follow the calendar of the session time zone.
 */

/** Nominal length of one bar in ms (a month counts 30 days). */
export function specMs(spec: BarSpec): number {
  return barIntervalMs(spec.unit, spec.step);
}

/** True for steps whose buckets follow the calendar (days, weeks, months) rather than the clock. */
export function isCalendarSpec(spec: BarSpec): boolean {
  return spec.unit === 'd' || spec.unit === 'w' || spec.unit === 'M';
}

const DAY_MS = 86_400_000;

/**
 * Whether bars of `target` can be built from bars of `source`: every source bar must fall inside
 * exactly one target bar, so the target is coarser (or equal) and, for clock steps, a multiple.
 */
export function canResample(source: BarSpec, target: BarSpec): boolean {
  const sourceMs = specMs(source);
  if (source.unit === target.unit) return target.step % source.step === 0;
  if (specMs(target) < sourceMs) return false;
  if (isCalendarSpec(target)) {
    // A calendar bucket holds whole source bars when they are intraday bars dividing the day,
    // or single days (into weeks and months).
    return source.unit === 'd' ? source.step === 1 && target.unit !== 'd' : !isCalendarSpec(source) && DAY_MS % sourceMs === 0;
  }
  return !isCalendarSpec(source) && specMs(target) % sourceMs === 0;
}

const inferenceCandidates = ['1s', '5s', '10s', '15s', '30s', '1m', '2m', '3m', '5m', '10m', '15m', '30m', '1h', '2h', '4h', '1d', '1w', '1M'].map(parseBarSpec);

/** The usual spec nearest (on a log scale) to a typical spacing between bars. */
export function inferBarSpec(typicalSpacingMs: number): BarSpec {
  let best = inferenceCandidates[0]!;
  const distance = (spec: BarSpec) => Math.abs(Math.log(specMs(spec) / typicalSpacingMs));
  for (const candidate of inferenceCandidates) {
    if (distance(candidate) < distance(best)) best = candidate;
  }
  return best;
}

export { formatBarSpec, parseBarSpec };
