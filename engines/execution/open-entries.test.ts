import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OpenEntries } from './open-entries.js';

describe('OpenEntries', () => {
  it('keeps insertion order across removals, in the small arrays and in the Map past them', () => {
    const open = new OpenEntries<string, number>();
    for (let n = 0; n < 500; n++) {
      open.set(`O-${n}`, n);
      if (n % 5 !== 0) expect(open.delete(`O-${n}`)).toBe(true);
    }
    expect([...open.values()]).toEqual(Array.from({ length: 100 }, (_, index) => index * 5));
    expect(open.has('O-3')).toBe(false);
    expect(open.get('O-3')).toBeUndefined();
    expect(open.delete('O-3')).toBe(false);
    expect(open.get('O-495')).toBe(495);
    // Set again after removal: at the end, as in a Map.
    open.set('O-1', 1);
    expect([...open.values()].slice(-2)).toEqual([495, 1]);
  });

  // Up to 12 keys stay in the small arrays; up to 40 cross into the Map and back.
  it.each([12, 40])('answers like a Map under any mix of sets and deletes, keys 0..%i (property)', (maxKey) => {
    const operation = fc.tuple(fc.boolean(), fc.nat({ max: maxKey }));
    fc.assert(
      fc.property(fc.array(operation, { minLength: 100, maxLength: 600 }), (operations) => {
        const open = new OpenEntries<number, number>();
        const reference = new Map<number, number>();
        operations.forEach(([isSet, key], index) => {
          if (isSet) {
            open.set(key, index);
            reference.set(key, index);
          } else {
            expect(open.delete(key)).toBe(reference.delete(key));
          }
        });
        expect([...open.values()]).toEqual([...reference.values()]);
        expect(open.size).toBe(reference.size);
        for (let key = 0; key <= maxKey; key++) expect(open.get(key)).toBe(reference.get(key));
      }),
    );
  });
});
