import { ErrorCode, NwsError, testkit } from '@nws/core';
import { describe, expect, it } from 'vitest';
import { MAX_TS_US, TsHalves, checkColumnShapes, checkSeriesKey, checkSlice } from './bar-columns.js';
import type { BarColumns } from './bar-columns.js';

const MINUTE_US = 60_000_000n;
const START_US = 1_704_205_800_000_000n; // 2024-01-02 14:30 UTC

function bars(count: number): BarColumns {
  const columns: BarColumns = {
    tsUs: new BigInt64Array(count),
    open: new Float64Array(count),
    high: new Float64Array(count),
    low: new Float64Array(count),
    close: new Float64Array(count),
    volume: new Float64Array(count),
  };
  for (let i = 0; i < count; i++) {
    columns.tsUs[i] = START_US + BigInt(i) * MINUTE_US;
    columns.open[i] = 100 + i;
    columns.high[i] = 101 + i;
    columns.low[i] = 99 + i;
    columns.close[i] = 100.5 + i;
    columns.volume[i] = 1000;
  }
  return columns;
}

const { errorOf } = testkit;

function checkAll(columns: BarColumns): void {
  checkSlice(columns, new TsHalves(columns.tsUs), 0, checkColumnShapes(columns));
}

describe('bar column checks', () => {
  it('accepts sound bars, including NaN open interest (= none)', () => {
    const columns = bars(10);
    columns.openInterest = new Float64Array(10).fill(NaN);
    columns.openInterest[3] = 5000;
    expect(() => checkAll(columns)).not.toThrow();
  });

  it.each([
    ['close', NaN],
    ['open', Infinity],
    ['low', -Infinity],
  ] as const)('refuses %s = %s naming the column and row', (column, value) => {
    const columns = bars(10);
    columns[column][7] = value;
    const error = errorOf(() => checkAll(columns));
    expect(error.code).toBe(ErrorCode.InvalidValue);
    expect(error.message).toBe(`${column}[7] = ${value} is not a finite number`);
  });

  it('refuses negative volume and negative or infinite open interest', () => {
    const negativeVolume = bars(4);
    negativeVolume.volume[2] = -1;
    expect(errorOf(() => checkAll(negativeVolume)).message).toBe('volume[2] = -1 is negative');
    const infiniteInterest = bars(4);
    infiniteInterest.openInterest = new Float64Array([1, 2, Infinity, 4]);
    expect(errorOf(() => checkAll(infiniteInterest)).message).toContain('openInterest[2] = Infinity is not finite');
    const negativeInterest = bars(4);
    negativeInterest.openInterest = new Float64Array([1, -2, 3, 4]);
    expect(errorOf(() => checkAll(negativeInterest)).message).toBe('openInterest[1] = -2 is negative');
  });

  it('refuses repeated and decreasing timestamps', () => {
    const repeated = bars(5);
    repeated.tsUs[3] = repeated.tsUs[2];
    expect(errorOf(() => checkAll(repeated)).message).toMatch(/^tsUs\[3\] = \d+ repeats tsUs\[2\]/);
    const decreasing = bars(5);
    decreasing.tsUs[1] = decreasing.tsUs[0] - 1n;
    expect(errorOf(() => checkAll(decreasing)).message).toMatch(/^tsUs\[1\] = \d+ is before tsUs\[0\]/);
  });

  it('compares timestamps across the 32-bit boundary and below zero correctly', () => {
    // Values whose low halves wrap: a naive signed low-word comparison would call these unordered.
    const tsUs = new BigInt64Array([-5n, -1n, 0n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, 0x100000001n]);
    expect(new TsHalves(tsUs).firstNotIncreasing(0, tsUs.length)).toBe(-1);
    const swapped = new BigInt64Array([0x80000000n, 0x7fffffffn]);
    expect(new TsHalves(swapped).firstNotIncreasing(0, 2)).toBe(1);
  });

  it('refuses mismatched lengths and wrong array types', () => {
    const short = bars(5);
    short.high = new Float64Array(4);
    expect(errorOf(() => checkColumnShapes(short)).message).toBe('high has 4 values but tsUs has 5');
    const wrongType = { ...bars(2), tsUs: new Float64Array(2) } as unknown as BarColumns;
    expect(errorOf(() => checkColumnShapes(wrongType)).code).toBe(ErrorCode.InvalidArgument);
  });

  it('refuses timestamps that are not epoch microseconds (e.g. nanoseconds)', () => {
    const nanoseconds = bars(2);
    nanoseconds.tsUs[1] = MAX_TS_US * 1000n;
    expect(errorOf(() => checkColumnShapes(nanoseconds)).message).toContain('must be epoch MICROseconds');
  });

  it('validates and normalises the series key', () => {
    expect(checkSeriesKey({ instrumentId: 'ESZ24.XCME', barType: '5m' })).toEqual({ instrumentId: 'ESZ24.XCME', barType: '5m' });
    expect(errorOf(() => checkSeriesKey({ instrumentId: 'AAPL', barType: '1m' })).message).toContain('must be SYMBOL.VENUE');
    expect(errorOf(() => checkSeriesKey({ instrumentId: 'AAPL.XNAS', barType: 'minute' })).message).toContain("bar spec 'minute'");
  });
});
