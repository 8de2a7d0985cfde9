import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClientOrderId } from '@nws/core';
import { FinishedOrderIds } from './finished-order-ids.js';

const id = (text: string) => text as ClientOrderId;

describe('FinishedOrderIds', () => {
  it('answers for sequential ids, caller ids and ids it never saw', () => {
    const ids = new FinishedOrderIds();
    ids.add(id('MY-LIMIT'), true); // before any sequential id: kept as is
    for (let n = 1; n <= 5_000; n++) ids.add(id(`O-${n}`), n % 3 === 0);
    expect(ids.flag(id('O-3'))).toBe(true);
    expect(ids.flag(id('O-4'))).toBe(false);
    expect(ids.flag(id('O-4999'))).toBe(false);
    expect(ids.flag(id('O-4998'))).toBe(true);
    expect(ids.flag(id('MY-LIMIT'))).toBe(true);
    for (const unknown of ['O-0', 'O-5001', 'O-03', 'O-', 'O-1x', 'P-1', 'XO-1', 'O-1-1', '', 'O-99999999999']) {
      expect(ids.has(id(unknown)), unknown).toBe(false);
    }
  });

  it('tells "O-3" from "O-03" and keeps a far jump without a huge allocation', () => {
    const ids = new FinishedOrderIds();
    ids.add(id('O-1'), false);
    ids.add(id('O-03'), true);
    ids.add(id('O-900000000'), true);
    expect(ids.flag(id('O-03'))).toBe(true);
    expect(ids.has(id('O-3'))).toBe(false);
    expect(ids.flag(id('O-900000000'))).toBe(true);
    expect(ids.flag(id('O-1'))).toBe(false);
    // The run goes on past the far id's neighbourhood: both kinds still answer.
    for (let n = 2; n <= 10_000; n++) ids.add(id(`O-${n}`), false);
    expect(ids.flag(id('O-900000000'))).toBe(true);
    expect(ids.flag(id('O-10000'))).toBe(false);
  });

  it('gives the same answers as a Map of every id (property)', () => {
    const anyId = fc.oneof(
      fc.nat({ max: 3_000 }).map((n) => `O-${n}`),
      fc.nat({ max: 50 }).map((n) => `R-${n}`),
      fc.string({ maxLength: 6 }),
      fc.nat({ max: 99 }).map((n) => `O-0${n}`),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(anyId, fc.boolean()), { maxLength: 300 }), fc.array(anyId, { maxLength: 50 }), (added, probes) => {
        const ids = new FinishedOrderIds();
        const reference = new Map<string, boolean>();
        for (const [text, flag] of added) {
          ids.add(id(text), flag);
          reference.set(text, flag);
        }
        for (const text of [...reference.keys(), ...probes]) expect(ids.flag(id(text))).toBe(reference.get(text));
      }),
    );
  });
});
