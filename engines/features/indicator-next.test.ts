// `next(value)`: the allocation-free form of `update(value)` a strategy calls per bar. It must
// give the first output `update` gives (NaN where update gives null), keep `value`, `isReady`
// and `count` right, and refuse what update refuses without changing state.
import { describe, expect, it } from 'vitest';
import { NwsError } from '@nws/core';
import { computeBatch, createIndicator } from './index.js';
import { generateOhlcv } from './test-support/series.js';

describe('Indicator.next', () => {
  const { close } = generateOhlcv(300, 11);

  it('gives, bar by bar, the first output of the batch computation (NaN in warm-up) for sma, rsi and bbands', () => {
    for (const [name, params] of [['sma', { timeperiod: 10 }], ['rsi', { timeperiod: 14 }], ['bbands', { timeperiod: 20 }]] as const) {
      const indicator = createIndicator(name, params);
      const batch = computeBatch(name, params, { close });
      const first = batch[indicator.outputs[0]!]!;
      const streamed = Array.from(close, (price) => indicator.next(price));
      expect(streamed.map((value) => (Number.isNaN(value) ? null : value))).toEqual(Array.from(first, (value) => (Number.isNaN(value) ? null : value)));
      expect(indicator.count).toBe(close.length);
    }
  });

  it('keeps value and isReady as update would: null before the lookback, then the full outputs', () => {
    const bands = createIndicator('bbands', { timeperiod: 5 });
    const twin = createIndicator('bbands', { timeperiod: 5 });
    for (let row = 0; row < 12; row++) {
      const fromNext = bands.next(close[row]!);
      const fromUpdate = twin.update(close[row]!);
      expect(bands.isReady).toBe(fromUpdate !== null);
      expect(bands.value).toEqual(fromUpdate);
      // Read twice: the same object until the next update.
      expect(bands.value).toBe(bands.value);
      if (fromUpdate !== null) expect(fromNext).toBe(fromUpdate.upperband);
    }
  });

  it('refuses a non-finite number or a multi-input indicator with INVALID_VALUE and changes nothing', () => {
    const sma = createIndicator('sma', { timeperiod: 3 });
    sma.next(1);
    sma.next(2);
    expect(() => sma.next(Number.NaN)).toThrowError(NwsError);
    expect(() => sma.next(Number.POSITIVE_INFINITY)).toThrowError(/sma\.update: value must be a finite number, got Infinity/);
    expect(sma.count).toBe(2);
    expect(sma.next(3)).toBe(2);
    const adx = createIndicator('adx');
    expect(() => adx.next(5)).toThrowError(/takes bars with high, low, close, not a single number/);
    expect(adx.count).toBe(0);
  });

  it('starts over after reset', () => {
    const sma = createIndicator('sma', { timeperiod: 2 });
    expect(sma.next(4)).toBeNaN();
    expect(sma.next(6)).toBe(5);
    sma.reset();
    expect(sma.value).toBeNull();
    expect(sma.isReady).toBe(false);
    expect(sma.next(10)).toBeNaN();
    expect(sma.next(20)).toBe(15);
  });
});
