import { describe, expect, it } from 'vitest';
import { intersectRanges, mergeRanges, splitRange, subtractRanges } from './time-range.js';

const r = (startMs: number, endMs: number) => ({ startMs, endMs });

describe('time ranges', () => {
  it('merges overlapping and touching ranges and drops empty ones', () => {
    expect(mergeRanges([r(5, 7), r(0, 2), r(2, 3), r(6, 9), r(4, 4)])).toEqual([r(0, 3), r(5, 9)]);
  });

  it('subtracts covered ranges, leaving the gaps', () => {
    expect(subtractRanges(r(0, 10), [r(2, 4), r(3, 5), r(8, 12)])).toEqual([r(0, 2), r(5, 8)]);
    expect(subtractRanges(r(0, 10), [r(-5, 20)])).toEqual([]);
    expect(subtractRanges(r(0, 10), [])).toEqual([r(0, 10)]);
    expect(intersectRanges(r(0, 10), [r(-5, 1), r(8, 12)])).toEqual([r(0, 1), r(8, 10)]);
  });

  it('splits into pieces of at most the given span', () => {
    expect(splitRange(r(0, 10), 4)).toEqual([r(0, 4), r(4, 8), r(8, 10)]);
    expect(splitRange(r(0, 10), Infinity)).toEqual([r(0, 10)]);
  });
});
