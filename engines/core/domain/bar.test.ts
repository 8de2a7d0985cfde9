import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors.js';
import { barIntervalMs, barSchema, barType, barTypeSchema, formatBarType, parseBarSpec, parseBarType, validateBar } from './bar.js';
import type { Bar } from './bar.js';
import { parseInstrumentId } from './ids.js';

const aaplId = parseInstrumentId('AAPL.XNAS');

describe('bar spec and bar type', () => {
  it('parses and formats the string forms', () => {
    expect(parseBarSpec('1m')).toEqual({ step: 1, unit: 'm' });
    expect(parseBarSpec('15s')).toEqual({ step: 15, unit: 's' });
    expect(parseBarSpec('1M')).toEqual({ step: 1, unit: 'M' });
    expect(parseBarType('AAPL.XNAS-5m')).toEqual({ instrumentId: 'AAPL.XNAS', step: 5, unit: 'm' });
    expect(formatBarType(barType(aaplId, '1d'))).toBe('AAPL.XNAS-1d');
    expect(parseBarType('BTC-USD.COINBASE-1h')).toEqual({ instrumentId: 'BTC-USD.COINBASE', step: 1, unit: 'h' });
  });

  it.each(['0m', '1x', 'm', '1.5m', '01m', '-1m', ''])('refuses spec %j', (text) => {
    expect(() => parseBarSpec(text)).toThrowError(expect.objectContaining({ code: ErrorCode.InvalidValue }));
  });

  it('refuses bar types without a spec or with a bad instrument', () => {
    expect(() => parseBarType('AAPL.XNAS')).toThrowError("bar type 'AAPL.XNAS' must be INSTRUMENT_ID-SPEC");
    expect(() => parseBarType('AAPL.XNAS-1q')).toThrowError("bar spec '1q'");
    expect(() => parseBarType('AAPL-1m')).toThrowError("'AAPL' must be SYMBOL.VENUE");
    expect(() => parseBarType('-1m')).toThrowError('must be INSTRUMENT_ID-SPEC');
  });

  it('gives interval lengths, months nominally 30 days', () => {
    expect(barIntervalMs('s', 30)).toBe(30_000);
    expect(barIntervalMs('m', 5)).toBe(300_000);
    expect(barIntervalMs('h', 1)).toBe(3_600_000);
    expect(barIntervalMs('d', 1)).toBe(86_400_000);
    expect(barIntervalMs('w', 2)).toBe(1_209_600_000);
    expect(barIntervalMs('M', 1)).toBe(30 * 86_400_000);
    expect(() => barIntervalMs('m', 0)).toThrowError('bar step 0 must be a positive integer');
  });

  it('has a schema taking the string or the object form', () => {
    expect(barTypeSchema.parse('ESZ24.XCME-1m')).toEqual({ instrumentId: 'ESZ24.XCME', step: 1, unit: 'm' });
    expect(barTypeSchema.parse({ instrumentId: 'ESZ24.XCME', step: 1, unit: 'd' })).toEqual({ instrumentId: 'ESZ24.XCME', step: 1, unit: 'd' });
    expect(barTypeSchema.safeParse('ESZ24.XCME-1y').success).toBe(false);
  });
});

describe('validateBar', () => {
  const good: Bar = { barType: barType(aaplId, '1m'), ts: Date.UTC(2024, 0, 2, 14, 30), open: 10, high: 12, low: 9, close: 11, volume: 500 };

  it('finds nothing wrong with a sound bar, including a flat one', () => {
    expect(validateBar(good)).toEqual([]);
    expect(validateBar({ ...good, open: 10, high: 10, low: 10, close: 10, volume: 0 })).toEqual([]);
  });

  it.each([
    [{ high: 8 }, ['high-below-low', 'open-outside-range', 'close-outside-range']],
    [{ open: 12.5 }, ['open-outside-range']],
    [{ close: 8.5 }, ['close-outside-range']],
    [{ volume: -1 }, ['negative-volume']],
    [{ openInterest: -3 }, ['negative-open-interest']],
    [{ ts: 1.5 }, ['invalid-ts']],
    [{ close: NaN }, ['non-finite']],
    [{ high: Infinity, volume: NaN }, ['non-finite']],
  ] as const)('flags %j as %j', (change, rules) => {
    expect(validateBar({ ...good, ...change }).map((issue) => issue.rule)).toEqual(rules);
  });

  it('names the offending values', () => {
    expect(validateBar({ ...good, high: 8 })[0]?.message).toBe('high 8 < low 9');
    expect(validateBar({ ...good, high: Infinity, volume: NaN })[0]?.message).toBe('high is Infinity, volume is NaN');
  });

  it('reports rules as schema issues on the fields', () => {
    const result = barSchema.safeParse({ ...good, barType: 'AAPL.XNAS-1m', open: 20 });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['open', 'open-outside-range: open 20 outside [low 9, high 12]']]);
    expect(barSchema.parse({ ...good, barType: 'AAPL.XNAS-1m' }).barType).toEqual(good.barType);
  });
});
