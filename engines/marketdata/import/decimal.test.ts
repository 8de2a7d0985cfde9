import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOT_A_NUMBER, parseDecimal } from './decimal.js';

const encoder = new TextEncoder();
const parse = (text: string) => {
  const bytes = encoder.encode(text);
  return parseDecimal(bytes, 0, bytes.length);
};

describe('parseDecimal', () => {
  it('reads plain, signed, fractional and exponent forms like Number()', () => {
    for (const text of ['0', '3578.73', '-12.5', '+7', '.5', '5.', '1e3', '2.5E-4', '0.000001234', '20.370001', '123456789012345', '1.7976931348623157e308']) {
      expect(parse(text)).toBe(Number(text));
    }
  });

  it('gives exactly the double Number() gives for any double written by String()', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        expect(Object.is(parse(String(value)), Number(String(value)))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives exactly Number() for prices with a fixed number of decimals', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e7, noNaN: true }), fc.integer({ min: 0, max: 8 }), (value, decimals) => {
        const text = value.toFixed(decimals);
        expect(parse(text)).toBe(Number(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('ignores surrounding spaces, quotes and a carriage return', () => {
    expect(parse(' "42.5" ')).toBe(42.5);
    expect(parse('7\r')).toBe(7);
  });

  it('gives NaN for empty cells and missing-value words', () => {
    for (const text of ['', '  ', 'NaN', 'nan', 'null', 'NA', 'N/A', 'None', '-', '#N/A']) expect(parse(text)).toBeNaN();
  });

  it('flags text that is not a number', () => {
    for (const text of ['abc', '1.2.3', '12a', '1e', '--1', '1,5', 'Infinity', '0x10']) expect(parse(text)).toBe(NOT_A_NUMBER);
  });

  it('reads a cell in the middle of a line', () => {
    const bytes = encoder.encode('2006-01-02,3578.73,3605.95');
    expect(parseDecimal(bytes, 11, 18)).toBe(3578.73);
  });
});
