import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EquityCurve } from './equity-curve.js';

/** The drawdown written out the obvious way, for comparison. */
function naiveDrawdown(values: readonly number[]): { fraction: number; money: number } {
  let fraction = 0;
  let money = 0;
  for (let end = 0; end < values.length; end++) {
    const peak = Math.max(...values.slice(0, end + 1));
    const fall = peak - values[end]!;
    money = Math.max(money, fall);
    if (peak > 0) fraction = Math.max(fraction, fall / peak);
  }
  return { fraction, money };
}

describe('EquityCurve', () => {
  it('keeps every sample in order and summarises them', () => {
    const curve = new EquityCurve(2);
    const values = [100, 120, 90, 130, 65, 70];
    values.forEach((value, index) => curve.record(1_000 + index, value));
    expect(curve.length).toBe(6);
    expect([...curve.columns().ts]).toEqual([1_000, 1_001, 1_002, 1_003, 1_004, 1_005]);
    expect([...curve.columns().equity]).toEqual(values);
    // Peak 130, trough 65 after it: a fall of 65, half the peak.
    expect(curve.summary()).toEqual({ samples: 6, final: 70, maxDrawdown: { fraction: 0.5, money: 65 } });
  });

  it('before any sample: no final value and no drawdown', () => {
    expect(new EquityCurve().summary()).toEqual({ samples: 0, final: Number.NaN, maxDrawdown: { fraction: 0, money: 0 } });
    expect(new EquityCurve(10, { keepSamples: false }).summary().final).toBeNaN();
  });

  it('a summary-only curve keeps no samples but gives the same summary to the bit, across its blocks (property)', () => {
    const equity = fc.double({ min: -1e6, max: 1e7, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(fc.array(equity, { minLength: 1, maxLength: 9_000 }), (values) => {
        const kept = new EquityCurve(16);
        const summaryOnly = new EquityCurve(16, { keepSamples: false });
        values.forEach((value, index) => {
          kept.record(index, value);
          summaryOnly.record(index, value);
        });
        expect(summaryOnly.columns().equity).toHaveLength(0);
        expect(summaryOnly.length).toBe(values.length);
        expect(summaryOnly.summary()).toEqual(kept.summary());
        expect(kept.summary().final).toBe(values[values.length - 1]);
      }),
      { numRuns: 40 },
    );
  });

  it('the drawdown is the largest fall from a running peak, in money and as a fraction of that peak (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: 1, maxLength: 300 }), (values) => {
        const curve = new EquityCurve(4, { keepSamples: false });
        values.forEach((value, index) => curve.record(index, value));
        const expected = naiveDrawdown(values);
        expect(curve.summary().maxDrawdown.money).toBe(expected.money);
        expect(curve.summary().maxDrawdown.fraction).toBeCloseTo(expected.fraction, 12);
      }),
    );
  });
});
