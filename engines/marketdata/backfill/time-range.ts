// Half-open time ranges [startMs, endMs) and the set operations backfill planning needs.

export interface TimeRange {
  startMs: number;
  endMs: number;
}

/** Sorted, non-overlapping, with touching ranges joined; empty ranges dropped. */
export function mergeRanges(ranges: ReadonlyArray<TimeRange>): TimeRange[] {
  const sorted = ranges.filter((range) => range.endMs > range.startMs).sort((a, b) => a.startMs - b.startMs);
  const merged: TimeRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.startMs <= last.endMs) last.endMs = Math.max(last.endMs, range.endMs);
    else merged.push({ ...range });
  }
  return merged;
}

/** The parts of `range` not covered by any of `covered`. */
export function subtractRanges(range: TimeRange, covered: ReadonlyArray<TimeRange>): TimeRange[] {
  const gaps: TimeRange[] = [];
  let cursor = range.startMs;
  for (const block of mergeRanges(covered)) {
    if (block.endMs <= cursor) continue;
    if (block.startMs >= range.endMs) break;
    if (block.startMs > cursor) gaps.push({ startMs: cursor, endMs: block.startMs });
    cursor = Math.max(cursor, block.endMs);
  }
  if (cursor < range.endMs) gaps.push({ startMs: cursor, endMs: range.endMs });
  return gaps;
}

/** The parts of `range` that `covered` does cover. */
export function intersectRanges(range: TimeRange, covered: ReadonlyArray<TimeRange>): TimeRange[] {
  return mergeRanges(covered)
    .map((block) => ({ startMs: Math.max(block.startMs, range.startMs), endMs: Math.min(block.endMs, range.endMs) }))
    .filter((block) => block.endMs > block.startMs);
}

/** Consecutive pieces of at most `maxSpanMs` (one piece when the span is Infinity). */
export function splitRange(range: TimeRange, maxSpanMs: number): TimeRange[] {
  if (!Number.isFinite(maxSpanMs)) return [{ ...range }];
  if (!(maxSpanMs > 0)) throw new RangeError(`maxSpanMs must be positive, got ${maxSpanMs}`);
  const pieces: TimeRange[] = [];
  for (let start = range.startMs; start < range.endMs; start += maxSpanMs) {
    pieces.push({ startMs: start, endMs: Math.min(range.endMs, start + maxSpanMs) });
  }
  return pieces;
}
