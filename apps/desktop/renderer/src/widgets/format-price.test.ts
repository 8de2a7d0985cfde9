import { describe, expect, it } from 'vitest';
import { formatPrice, priceDecimals } from './format-price.js';

describe('formatPrice', () => {
  it('shows cents as two places and keeps every decimal a finer price has, up to eight', () => {
    expect(formatPrice(101.5)).toBe('101.50');
    expect(formatPrice(4700.25)).toBe('4700.25');
    expect(formatPrice(1.08345)).toBe('1.08345');
    expect(formatPrice(0.00001234)).toBe('0.00001234');
    expect(formatPrice(-2.125)).toBe('-2.125');
    // Float noise past eight places is not shown.
    expect(formatPrice(0.1 + 0.2)).toBe('0.30');
    expect(formatPrice(123456.789)).toBe('123456.789');
  });

  it('cuts an average price at the decimals asked for', () => {
    expect(formatPrice(100 + 1 / 3, 5)).toBe('100.33333');
    expect(formatPrice(100.5, 5)).toBe('100.50');
  });

  it('shows a dash for no price', () => {
    expect(formatPrice(undefined)).toBe('—');
    expect(formatPrice(Number.NaN)).toBe('—');
    expect(formatPrice(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('priceDecimals', () => {
  it('gives the chart axis the decimals the prices have: 2 for cents, 5 for an FX rate, at most 8', () => {
    expect(priceDecimals([101.5, 99.25, 100])).toBe(2);
    expect(priceDecimals([1.08345, 1.0834, 1.08])).toBe(5);
    expect(priceDecimals([0.000012345678, 0.00001])).toBe(8);
    expect(priceDecimals([])).toBe(2);
  });
});
