import { describe, expect, it } from 'vitest';
import { smaCross } from '@nws/strategy';
import { gridParameterSets, randomParameterSets } from './parameter-space.js';

describe('gridParameterSets', () => {
  it('spans every combination of the given ranges, first parameter slowest', () => {
    const sets = gridParameterSets(smaCross.params, { ranges: { fast: [5, 10], slow: { min: 20, max: 40, step: 10 } }, fixed: { stake: 2 } });
    expect(sets).toEqual([
      { stake: 2, fast: 5, slow: 20 },
      { stake: 2, fast: 5, slow: 30 },
      { stake: 2, fast: 5, slow: 40 },
      { stake: 2, fast: 10, slow: 20 },
      { stake: 2, fast: 10, slow: 30 },
      { stake: 2, fast: 10, slow: 40 },
    ]);
  });

  it('keeps only accepted sets', () => {
    const sets = gridParameterSets(smaCross.params, { ranges: { fast: [5, 10, 20], slow: [10, 20] }, accept: (p) => (p.fast as number) < (p.slow as number) });
    expect(sets.map((set) => [set.fast, set.slow])).toEqual([
      [5, 10],
      [5, 20],
      [10, 20],
    ]);
  });

  it('refuses unknown parameters, empty ranges and runaway grids', () => {
    expect(() => gridParameterSets(smaCross.params, { ranges: { fats: [1] } })).toThrow(/declares no such parameter/);
    expect(() => gridParameterSets(smaCross.params, { ranges: { fast: [] } })).toThrow(/has no values/);
    expect(() => gridParameterSets(smaCross.params, { ranges: { fast: { min: 10, max: 5, step: 1 } } })).toThrow(/min <= max/);
    expect(() => gridParameterSets(smaCross.params)).toThrow(/has 1000000000001 values; narrow the range/);
  });
});

describe('randomParameterSets', () => {
  const ranges = { fast: { min: 2, max: 30, step: 1 }, slow: { min: 20, max: 200, step: 5 } };

  it('draws distinct sets reproducibly from a seed', () => {
    const first = randomParameterSets(smaCross.params, 25, 42, { ranges });
    expect(first).toHaveLength(25);
    expect(new Set(first.map((set) => JSON.stringify(set))).size).toBe(25);
    expect(randomParameterSets(smaCross.params, 25, 42, { ranges })).toEqual(first);
    expect(randomParameterSets(smaCross.params, 25, 43, { ranges })).not.toEqual(first);
    for (const set of first) {
      expect(set.fast).toBeGreaterThanOrEqual(2);
      expect(set.slow).toBeLessThanOrEqual(200);
    }
  });

  it('stops at the size of a small space', () => {
    expect(randomParameterSets(smaCross.params, 10, 1, { ranges: { fast: [3, 4] } })).toHaveLength(2);
  });
});
