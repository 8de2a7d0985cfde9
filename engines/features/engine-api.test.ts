import fc from 'fast-check';
// The public API the strategy engine, charts and the CLI use: registry metadata, parameter
// validation, streaming instances and batch columns, and the errors for bad input.
import { ErrorCode, NwsError, testkit } from '@nws/core';
import { describe, expect, it } from 'vitest';
import {
  computeBatch,
  createIndicator,
  describeIndicator,
  indicatorLookback,
  indicatorNames,
  listIndicators,
  MaType,
  parseParamText,
  resolveParams,
  getIndicatorDefinition,
  IndicatorEngine,
  timestampsFromMicros,
} from './index.js';

const caught = testkit.errorOf;

describe('registry', () => {
  it('lists more than 40 indicators with serialisable metadata', () => {
    const infos = listIndicators();
    expect(infos.length).toBeGreaterThanOrEqual(40);
    expect(JSON.parse(JSON.stringify(infos))).toEqual(infos);
    expect(indicatorNames()).toEqual(infos.map((info) => info.name).sort());
  });

  it('describes parameters with type, default and range, and the default lookback', () => {
    const info = describeIndicator('BBANDS');
    expect(info.talib).toBe('BBANDS');
    expect(info.outputs).toEqual(['upperband', 'middleband', 'lowerband', 'percentb', 'bandwidth']);
    expect(info.params.map((spec) => [spec.name, spec.type, spec.default, spec.min, spec.max])).toEqual([
      ['timeperiod', 'integer', 5, 2, 100000],
      ['nbdevup', 'real', 2, -3e37, 3e37],
      ['nbdevdn', 'real', 2, -3e37, 3e37],
      ['matype', 'matype', 0, 0, 8],
    ]);
    expect(info.defaultLookback).toBe(4);
    expect(Object.isFrozen(info.params)).toBe(true);
  });

  it('computes lookbacks for given parameters', () => {
    expect(indicatorLookback('macd')).toBe(33);
    expect(indicatorLookback('macd', { fastperiod: 30, slowperiod: 10, signalperiod: 5 })).toBe(33);
    expect(indicatorLookback('stoch', { slowk_matype: MaType.T3, slowk_period: 4 })).toBe(4 + 18 + 2);
  });

  it('rejects an unknown indicator and lists the accepted names', () => {
    const error = caught(() => createIndicator('supertrend'));
    expect(error.code).toBe(ErrorCode.InvalidArgument);
    expect(error.message).toMatch(/unknown indicator 'supertrend'; accepted: .*\bsma\b/);
  });
});

describe('parameters', () => {
  const bbands = getIndicatorDefinition('bbands');

  it('fills defaults and freezes the result', () => {
    const params = resolveParams(bbands, { timeperiod: 20 });
    expect(params).toEqual({ timeperiod: 20, nbdevup: 2, nbdevdn: 2, matype: 0 });
    expect(Object.isFrozen(params)).toBe(true);
  });

  it('names every bad parameter at once and lists what is accepted', () => {
    const error = caught(() => resolveParams(bbands, { timeperiod: 1, matype: 9, nbdevup: 'wide', window: 3 }));
    expect(error.code).toBe(ErrorCode.InvalidArgument);
    expect(error.message).toContain("unknown parameter 'window'");
    expect(error.message).toContain('timeperiod=1 is out of range');
    expect(error.message).toContain('matype=9 is out of range');
    expect(error.message).toContain('nbdevup must be a finite number, got "wide"');
    expect(error.message).toContain('Accepted parameters: timeperiod (integer 2..100000, default 5)');
    expect(error.message).toContain('matype (matype 0..8: 0=SMA, 1=EMA');
  });

  it('rejects non-integer periods', () => {
    expect(caught(() => resolveParams(bbands, { timeperiod: 2.5 })).message).toContain('timeperiod must be an integer, got 2.5');
  });

  it('reads typed text: numbers, and MA type names for matype parameters', () => {
    const matype = bbands.params[3];
    expect(parseParamText(matype, 'ema')).toBe(MaType.EMA);
    expect(parseParamText(matype, '4')).toBe(4);
    expect(parseParamText(bbands.params[1], '1.5')).toBe(1.5);
    expect(parseParamText(bbands.params[1], 'wide')).toBe('wide');
  });
});

describe('streaming instances', () => {
  it('returns null during warm-up, then the outputs of each bar', () => {
    const sma = createIndicator('SMA', { timeperiod: 3 });
    expect(sma.lookback).toBe(2);
    expect(sma.update(1)).toBeNull();
    expect(sma.update(2)).toBeNull();
    expect(sma.isReady).toBe(false);
    expect(sma.update(6)).toEqual({ real: 3 });
    expect(sma.update(10)).toEqual({ real: 6 });
    expect(sma.value).toEqual({ real: 6 });
    expect(sma.isReady).toBe(true);
    expect(sma.count).toBe(4);
    sma.reset();
    expect([sma.value, sma.isReady, sma.count]).toEqual([null, false, 0]);
    expect(sma.update(3)).toBeNull();
  });

  it('reads close from bars by default, or the chosen source', () => {
    const bar = { open: 1, high: 4, low: 0.5, close: 2, volume: 10, ts: 0 };
    const onClose = createIndicator('ma', { timeperiod: 1 });
    const onHigh = createIndicator('ma', { timeperiod: 1 }, { source: 'high' });
    expect(onClose.update(bar)).toEqual({ real: 2 });
    expect(onHigh.update(bar)).toEqual({ real: 4 });
    expect(onHigh.update({ real: 7 })).toEqual({ real: 7 });
    expect(caught(() => createIndicator('ma', {}, { source: 'hl2' as never })).message).toBe("source 'hl2' is not one of open, high, low, close, volume");
  });

  it('gives multi-output indicators every output by name', () => {
    const aroon = createIndicator('aroon', { timeperiod: 2 });
    aroon.update({ high: 10, low: 5 });
    aroon.update({ high: 12, low: 4 });
    expect(aroon.update({ high: 11, low: 6 })).toEqual({ aroondown: 50, aroonup: 50 });
  });

  it('rejects bad input with INVALID_VALUE and keeps its state', () => {
    const atr = createIndicator('atr', { timeperiod: 2 });
    const clean = createIndicator('atr', { timeperiod: 2 });
    const bars = [
      { high: 10, low: 9, close: 9.5 },
      { high: 11, low: 9.5, close: 10.5 },
      { high: 10.8, low: 10, close: 10.2 },
      { high: 10.4, low: 9.6, close: 9.9 },
    ];
    atr.update(bars[0]);
    clean.update(bars[0]);
    for (const bad of [{ high: 11, low: Number.NaN, close: 10 }, { high: 11, close: 10 }, 10.5, { high: 11, low: 9, close: Infinity }]) {
      const error = caught(() => atr.update(bad as never));
      expect(error.code).toBe(ErrorCode.InvalidValue);
      expect(error.message).toMatch(/^atr\.update: /);
    }
    expect(atr.count).toBe(1);
    for (const bar of bars.slice(1)) expect(atr.update(bar)).toEqual(clean.update(bar));
  });

  it('names the missing field in the message', () => {
    const error = caught(() => createIndicator('mfi').update({ high: 1, low: 1, close: 1 }));
    expect(error.message).toBe("mfi.update: input field 'volume' must be a finite number, got nothing; reads high, low, close, volume");
  });
});

describe('batch', () => {
  const close = Float64Array.from([10, 11, 12, 13, 14, 13, 12]);

  it('returns one Float64Array per output, NaN during warm-up', () => {
    const result = computeBatch('sma', { timeperiod: 3 }, { close });
    expect(Object.keys(result)).toEqual(['real']);
    expect(Array.from(result.real)).toEqual([NaN, NaN, 11, 12, 13, 40 / 3, 13]);
  });

  it('accepts plain number arrays, a `real` column or another source', () => {
    const fromArray = computeBatch('sma', { timeperiod: 2 }, { close: [1, 2, 3] });
    const fromReal = computeBatch('sma', { timeperiod: 2 }, { real: [1, 2, 3], close: [9, 9, 9] });
    const fromHigh = computeBatch('sma', { timeperiod: 2 }, { high: [1, 2, 3] }, { source: 'high' });
    for (const result of [fromArray, fromReal, fromHigh]) expect(Array.from(result.real)).toEqual([NaN, 1.5, 2.5]);
  });

  it('converts microseconds to milliseconds exactly as BigInt division truncates, at any size and offset', () => {
    const edges = [0n, 1n, 999n, 1000n, 1001n, -1n, -999n, -1000n, -1001n, -1500n, 1_732_406_400_123_456n, -62_135_596_800_000_000n];
    const limits = [2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1001n, -(2n ** 53n), -(2n ** 53n) - 1n, 2n ** 63n - 1n, -(2n ** 63n)];
    const values = [...edges, ...limits];
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { maxLength: 40 }), fc.array(fc.bigInt({ min: -(2n ** 55n), max: 2n ** 55n }), { maxLength: 40 }), (wide, near) => {
        const all = [...values, ...wide, ...near];
        // A view that does not start at its buffer's first byte, as a slice of a larger read.
        const buffer = new BigInt64Array(all.length + 3);
        buffer.set(all, 2);
        const view = buffer.subarray(2, 2 + all.length);
        const ms = timestampsFromMicros(view);
        all.forEach((us, index) => expect(Object.is(ms[index], Number(us / 1000n))).toBe(true));
      }),
    );
  });

  it('reads session timestamps from epoch microseconds as storage returns them', () => {
    const day = 86_400_000;
    const tsMs = [0, 3_600_000, day, day + 60_000];
    const tsUs = BigInt64Array.from(tsMs.map((ms) => BigInt(ms) * 1000n));
    expect(Array.from(timestampsFromMicros(tsUs))).toEqual(tsMs);
    const columns = { high: [2, 4, 6, 8], low: [2, 4, 6, 8], close: [2, 4, 6, 8], volume: [1, 1, 1, 3] };
    const fromUs = computeBatch('vwap', {}, { ...columns, tsUs });
    expect(Array.from(fromUs.real)).toEqual([2, 3, 6, 7.5]);
  });

  it('rejects missing, mismatched and non-finite columns, naming them', () => {
    const missing = caught(() => computeBatch('atr', {}, { high: close, low: close }));
    expect(missing.message).toBe("atr: missing input column 'close'; required: high, low, close");
    const mismatched = caught(() => computeBatch('atr', {}, { high: close, low: close.subarray(1), close }));
    expect(mismatched.message).toBe("atr: column 'low' has 6 rows but 'high' has 7");
    const notFinite = caught(() => computeBatch('sma', {}, { close: [1, 2, Number.NaN] }));
    expect(notFinite.message).toBe("sma: column 'close' row 2 is not a finite number (NaN)");
    for (const error of [missing, mismatched, notFinite]) expect(error.code).toBe(ErrorCode.InvalidArgument);
  });

  it('handles empty columns and series shorter than the lookback', () => {
    expect(computeBatch('macd', {}, { close: [] }).macd.length).toBe(0);
    expect(Array.from(computeBatch('rsi', {}, { close: [1, 2, 3] }).real)).toEqual([NaN, NaN, NaN]);
  });
});

describe('IndicatorEngine service', () => {
  it('offers the same registry, streaming and batch through one object', () => {
    const engine: IndicatorEngine = IndicatorEngine;
    expect(engine.listIndicators()).toBe(listIndicators());
    expect(engine.lookback('ema', { timeperiod: 10 })).toBe(9);
    const streamed = engine.createIndicator('ema', { timeperiod: 2 });
    const closes = [4, 6, 9, 3];
    const batch = engine.computeBatch('ema', { timeperiod: 2 }, { close: closes });
    expect(closes.map((close) => streamed.update(close)?.real ?? NaN)).toEqual(Array.from(batch.real));
    const k = 2 / 3;
    const second = (9 - 5) * k + 5;
    expect(Array.from(batch.real)).toEqual([NaN, 5, second, (3 - second) * k + second]);
  });
});
