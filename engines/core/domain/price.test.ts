import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode, NwsError } from '../errors.js';
import { MAX_PRECISION, positiveQuantitySchema, precisionOf, price, priceSchema, quantity, quantitySchema, roundToPrecision, roundToTick, sameQuantity } from './price.js';
import { errorOf } from '../testkit/errors.js';

describe('price', () => {
  it('keeps a plain number at runtime', () => {
    const value = price(150.25);
    expect(typeof value).toBe('number');
    expect(value + 1).toBe(151.25);
  });

  it('rounds half away from zero as the decimal reads', () => {
    expect(price(1.005, 2)).toBe(1.01);
    expect(price(-1.005, 2)).toBe(-1.01);
    expect(price(150.123456, 4)).toBe(150.1235);
    expect(price(2.5, 0)).toBe(3);
    expect(price(-2.5, 0)).toBe(-3);
    expect(price(0.1 + 0.2, 2)).toBe(0.3);
  });

  it('allows negative prices (spreads, negative futures)', () => {
    expect(price(-37.63, 2)).toBe(-37.63);
  });

  it.each([NaN, Infinity, -Infinity])('refuses %s with INVALID_VALUE naming it', (bad) => {
    const error = errorOf(() => price(bad));
    expect(error.code).toBe(ErrorCode.InvalidValue);
    expect(error.message).toBe(`price ${bad} is not a finite number`);
  });

  it('refuses a precision outside 0..9', () => {
    expect(() => price(1, 10)).toThrowError('precision 10 must be an integer from 0 to 9');
    expect(() => price(1, 1.5)).toThrowError('precision 1.5');
  });
});

describe('quantity', () => {
  it('accepts zero and rounds to precision', () => {
    expect(quantity(0)).toBe(0);
    expect(quantity(0.123456789123, 8)).toBe(0.12345679);
  });

  it.each([
    [NaN, 'quantity NaN is not a finite number'],
    [Infinity, 'quantity Infinity is not a finite number'],
    [-1, 'quantity -1 is negative'],
  ])('refuses %s', (bad, message) => {
    const error = errorOf(() => quantity(bad));
    expect(error.code).toBe(ErrorCode.InvalidValue);
    expect(error.message).toBe(message);
  });
});

describe('rounding helpers', () => {
  it('finds the precision of tick sizes', () => {
    expect(precisionOf(0.01)).toBe(2);
    expect(precisionOf(0.25)).toBe(2);
    expect(precisionOf(1)).toBe(0);
    expect(precisionOf(5)).toBe(0);
    expect(precisionOf(0.00001)).toBe(5);
    expect(precisionOf(1e-8)).toBe(8);
    expect(() => precisionOf(0)).toThrowError('increment 0 must be a positive finite number');
  });

  it('rounds to the nearest tick', () => {
    expect(roundToTick(4500.37, 0.25)).toBe(4500.25);
    expect(roundToTick(4500.38, 0.25)).toBe(4500.5);
    expect(roundToTick(150.123, 0.05)).toBe(150.1);
    expect(roundToTick(1.234567, 0.00001)).toBe(1.23457);
  });

  it('never moves a value by more than half a unit of the last place', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 6 }), (value, precision) => {
        const rounded = roundToPrecision(value, precision);
        expect(Math.abs(rounded - value)).toBeLessThanOrEqual(0.5 / 10 ** precision + 1e-9);
        expect(roundToPrecision(rounded, precision)).toBe(rounded);
      }),
    );
  });
});

describe('roundToPrecision at large magnitudes', () => {
  it('keeps whole and exactly representable values unchanged however large', () => {
    expect(roundToPrecision(1_000_000, 9)).toBe(1_000_000);
    expect(roundToPrecision(4_500_000, 9)).toBe(4_500_000);
    expect(roundToPrecision(-2_000_000, 9)).toBe(-2_000_000);
    expect(roundToPrecision(1_234_567.5, 9)).toBe(1_234_567.5);
    expect(roundToPrecision(123_456.789, 9)).toBe(123_456.789);
    expect(roundToPrecision(987_654.25, 2)).toBe(987_654.25);
  });

  it('still rounds large values to their precision', () => {
    expect(roundToPrecision(1_234_567.891, 2)).toBe(1_234_567.89);
    expect(roundToPrecision(1_234_567.895, 2)).toBe(1_234_567.9);
    expect(roundToPrecision(-9_876_543.215, 2)).toBe(-9_876_543.22);
  });

  it('rounds twice as it rounds once, at any magnitude', () => {
    // 4269664.9 at 9 decimals is past 2^51 units: rounding it used to give 4269664.900000001, and
    // rounding that 4269664.900000002.
    expect(roundToPrecision(4_269_664.9, 9)).toBe(4_269_664.9);
    fc.assert(
      fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), fc.integer({ min: 0, max: MAX_PRECISION }), (value, precision) => {
        const once = roundToPrecision(value, precision);
        expect(roundToPrecision(once, precision)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives back every decimal with at most `precision` places, up to 2^51 units of the last place', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_PRECISION }), fc.bigInt({ min: -(2n ** 51n), max: 2n ** 51n }), (precision, units) => {
        const decimal = Number(units) / 10 ** precision;
        expect(roundToPrecision(decimal, precision)).toBe(decimal + 0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('sameQuantity', () => {
  it('compares exactly where 9 decimals fit in a double, within a few ulps beyond', () => {
    expect(sameQuantity(0.3, 0.1 + 0.2)).toBe(false);
    expect(sameQuantity(1_000_000.000000001, 1_000_000)).toBe(false);
    expect(sameQuantity(2.5, 2.5)).toBe(true);
    expect(sameQuantity(88_416_858.1, 88_416_858.10000001)).toBe(true);
    expect(sameQuantity(3_126_078.6, 3_126_078.5999999996)).toBe(true);
    expect(sameQuantity(71_731_438.1, 71_731_438)).toBe(false);
  });
});

describe('schemas', () => {
  it('accept finite numbers', () => {
    expect(priceSchema.parse(-1.5)).toBe(-1.5);
    expect(quantitySchema.parse(0)).toBe(0);
    expect(positiveQuantitySchema.parse(3)).toBe(3);
  });

  it('say what is wrong with NaN, Infinity, missing, negative and zero', () => {
    expect(priceSchema.safeParse(NaN).error?.issues[0]?.message).toBe('must be a finite number, got NaN');
    expect(priceSchema.safeParse(Infinity).error?.issues[0]?.message).toBe('must be a finite number, got Infinity');
    expect(priceSchema.safeParse(undefined).error?.issues[0]?.message).toBe('is required');
    expect(priceSchema.safeParse('12').error?.issues[0]?.message).toBe('must be a finite number, got "12"');
    expect(quantitySchema.safeParse(-2).error?.issues[0]?.message).toBe('must not be negative, got -2');
    expect(positiveQuantitySchema.safeParse(0).error?.issues[0]?.message).toBe('must be greater than 0, got 0');
  });
});
