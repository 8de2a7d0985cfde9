// Indicators TA-Lib lacks, checked against TA-Lib compositions where they are built from TA-Lib
// pieces (HMA, Keltner, Donchian, z-score), against technicalindicators (VWAP) and against
// straightforward two-pass reference formulas (realised volatility, rolling Sharpe).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { computeBatch, getIndicatorDefinition, resolveParams } from './index.js';
import { generateOhlcv, readRefCsv, refdataAvailable, REFDATA_DIR } from './test-support/series.js';
import { runTalib, type Ohlcv } from './test-support/talib-reference.js';

const data = generateOhlcv(500, 3);

/** TA-Lib function `name` on `real` (or OHLC fields), outputs aligned to rows. */
function talibColumn(name: string, params: Record<string, number>, input: Ohlcv, output = 'real'): Float64Array {
  const definition = getIndicatorDefinition(name);
  return runTalib(definition, resolveParams(definition, params), input).outputs[output];
}

function realOnly(values: Float64Array): Ohlcv {
  return { open: values, high: values, low: values, close: values, volume: values };
}

function expectClose(actual: Float64Array, expected: ArrayLike<number>, tolerance = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e)) {
      expect(a, `row ${i}`).toBeNaN();
      continue;
    }
    const scale = Math.max(Math.abs(a), Math.abs(e), Number.MIN_VALUE);
    expect(Math.abs(a - e) / scale, `row ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(tolerance);
  }
}

describe('hma', () => {
  it.each([4, 9, 16, 25, 30])('equals WMA(2·WMA(n/2) − WMA(n), √n) built from TA-Lib WMA, n = %i', (n) => {
    const half = talibColumn('wma', { timeperiod: Math.floor(n / 2) }, data);
    const full = talibColumn('wma', { timeperiod: n }, data);
    const raw = full.map((value, i) => 2 * half[i] - value);
    const firstRaw = n - 1;
    const smoothed = talibColumn('wma', { timeperiod: Math.floor(Math.sqrt(n)) }, realOnly(raw.subarray(firstRaw)));
    const expected = new Float64Array(raw.length).fill(NaN);
    expected.set(smoothed, firstRaw);
    expectClose(computeBatch('hma', { timeperiod: n }, data).real, expected, 0);
  });
});

describe('keltner', () => {
  const datasets: Array<[string, Ohlcv]> = [['generated', data]];
  if (refdataAvailable()) {
    const ti = readRefCsv('technicalindicators/ti_keltner.csv');
    datasets.push(['technicalindicators keltner input', { open: ti.close, high: ti.high, low: ti.low, close: ti.close, volume: ti.close }]);
  } else {
    console.warn(`[features] reference data not found at ${REFDATA_DIR}: keltner runs on generated data only`);
  }

  it.each(datasets)('is TA-Lib MA(close) ± multiplier × TA-Lib ATR on %s', (_label, input) => {
    for (const [timeperiod, matype, atrPeriod, multiplier] of [
      [20, 1, 10, 2],
      [10, 0, 14, 1.5],
      [15, 3, 5, 3],
    ]) {
      const middle = talibColumn('ma', { timeperiod, matype }, input);
      const atr = talibColumn('atr', { timeperiod: atrPeriod }, input);
      const result = computeBatch('keltner', { timeperiod, matype, atr_period: atrPeriod, multiplier }, input);
      const bothReady = (i: number) => !Number.isNaN(middle[i]) && !Number.isNaN(atr[i]);
      expectClose(result.middleband, middle.map((value, i) => (bothReady(i) ? value : NaN)), 0);
      expectClose(result.upperband, middle.map((value, i) => (bothReady(i) ? value + multiplier * atr[i] : NaN)), 0);
      expectClose(result.lowerband, middle.map((value, i) => (bothReady(i) ? value - multiplier * atr[i] : NaN)), 0);
    }
  });
});

describe('donchian', () => {
  it.each([1, 5, 20, 55])('is TA-Lib MAX(high), MIN(low) and their midpoint, period %i', (timeperiod) => {
    const result = computeBatch('donchian', { timeperiod }, data);
    const upper = timeperiod === 1 ? data.high : talibColumn('max', { timeperiod }, realOnly(data.high));
    const lower = timeperiod === 1 ? data.low : talibColumn('min', { timeperiod }, realOnly(data.low));
    expectClose(result.upperband, upper, 0);
    expectClose(result.lowerband, lower, 0);
    expectClose(result.middleband, upper.map((value, i) => (value + lower[i]) / 2), 0);
  });
});

describe('zscore', () => {
  it.each([2, 5, 20])('is (x − TA-Lib SMA) / TA-Lib STDDEV, period %i', (timeperiod) => {
    const mean = talibColumn('sma', { timeperiod }, data);
    const deviation = talibColumn('stddev', { timeperiod, nbdev: 1 }, data);
    const expected = mean.map((value, i) => (deviation[i] === 0 ? 0 : (data.close[i] - value) / deviation[i]));
    expectClose(computeBatch('zscore', { timeperiod }, data).real, expected, 0);
  });

  it('is 0 on a flat window', () => {
    expect(Array.from(computeBatch('zscore', { timeperiod: 3 }, { close: [5, 5, 5, 5] }).real)).toEqual([NaN, NaN, 0, 0]);
  });
});

describe('vwap', () => {
  it('resets at each session and weights typical prices by volume', () => {
    const hour = 3_600_000;
    const day = 24 * hour;
    const result = computeBatch('vwap', {}, {
      ts: [9 * hour, 10 * hour, day + 9 * hour, day + 10 * hour, day + 11 * hour],
      high: [11, 13, 21, 22, 23],
      low: [9, 11, 19, 20, 21],
      close: [10, 12, 20, 21, 22],
      volume: [100, 300, 0, 50, 150],
    });
    // Day 1: (10·100 + 12·300)/400; day 2 starts with no volume, so the typical price stands in.
    expect(Array.from(result.real)).toEqual([10, 11.5, 20, 21, (21 * 50 + 22 * 150) / 200]);
  });

  it('anchors sessions at the offset: a 21:00 UTC session start splits these bars differently', () => {
    const hour = 3_600_000;
    const columns = { ts: [20 * hour, 22 * hour], high: [10, 20], low: [10, 20], close: [10, 20], volume: [1, 1] };
    expect(Array.from(computeBatch('vwap', {}, columns).real)).toEqual([10, 15]);
    expect(Array.from(computeBatch('vwap', { offset_minutes: 21 * 60 }, columns).real)).toEqual([10, 20]);
  });

  it('equals technicalindicators VWAP when all bars are in one session', () => {
    if (!refdataAvailable()) {
      console.warn(`[features] reference data not found at ${REFDATA_DIR}: VWAP comparison with technicalindicators skipped`);
      return;
    }
    const ti = readRefCsv('technicalindicators/ti_vwap.csv');
    const { VWAP } = createRequire(import.meta.url)('technicalindicators') as {
      VWAP: { calculate(input: Record<string, number[]>): number[] };
    };
    const expected = VWAP.calculate({ high: Array.from(ti.high), low: Array.from(ti.low), close: Array.from(ti.close), volume: Array.from(ti.volume) });
    const ts = ti.high.map((_, i) => Date.UTC(2024, 0, 2, 14, 30 + i));
    expectClose(computeBatch('vwap', {}, { ...ti, ts }).real, expected, 0);
  });
});

/** Sample variance by the two-pass formula. */
function sampleVariance(values: number[]): number {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1);
}

function rolling(length: number, lookback: number, at: (i: number) => number): Float64Array {
  return Float64Array.from({ length }, (_, i) => (i < lookback ? NaN : at(i)));
}

describe('realised volatility', () => {
  const n = 20;
  const annualization = 252;
  const { open, high, low, close } = data;
  const length = close.length;
  const window = (i: number, count: number, term: (j: number) => number) => Array.from({ length: count }, (_, k) => term(i - count + 1 + k));

  it('close-to-close is the sample stdev of log returns, annualised', () => {
    const expected = rolling(length, n, (i) => Math.sqrt(sampleVariance(window(i, n, (j) => Math.log(close[j] / close[j - 1]))) * annualization));
    expectClose(computeBatch('rvol_cc', { timeperiod: n, annualization }, data).real, expected);
  });

  it('Parkinson is √(Σ ln(H/L)² / (4 n ln 2)), annualised', () => {
    const expected = rolling(length, n - 1, (i) => {
      const sum = window(i, n, (j) => Math.log(high[j] / low[j]) ** 2).reduce((a, b) => a + b, 0);
      return Math.sqrt((sum / (4 * n * Math.log(2))) * annualization);
    });
    expectClose(computeBatch('rvol_parkinson', { timeperiod: n, annualization }, data).real, expected);
  });

  it('Parkinson of bars with a constant range has the closed form', () => {
    const ratio = Math.exp(0.02);
    const result = computeBatch('rvol_parkinson', { timeperiod: 5, annualization: 1 }, { high: Array(8).fill(100 * ratio), low: Array(8).fill(100) });
    expect(result.real[7]).toBeCloseTo(Math.sqrt(0.02 ** 2 / (4 * Math.log(2))), 14);
  });

  it('Garman-Klass averages ½ ln(H/L)² − (2 ln 2 − 1) ln(C/O)²', () => {
    const expected = rolling(length, n - 1, (i) => {
      const terms = window(i, n, (j) => 0.5 * Math.log(high[j] / low[j]) ** 2 - (2 * Math.log(2) - 1) * Math.log(close[j] / open[j]) ** 2);
      return Math.sqrt((terms.reduce((a, b) => a + b, 0) / n) * annualization);
    });
    expectClose(computeBatch('rvol_garman_klass', { timeperiod: n, annualization }, data).real, expected);
  });

  it('Yang-Zhang combines overnight, open-to-close and Rogers-Satchell variances', () => {
    const k = 0.34 / (1.34 + (n + 1) / (n - 1));
    const expected = rolling(length, n, (i) => {
      const overnight = sampleVariance(window(i, n, (j) => Math.log(open[j] / close[j - 1])));
      const openToClose = sampleVariance(window(i, n, (j) => Math.log(close[j] / open[j])));
      const rs = window(i, n, (j) => Math.log(high[j] / close[j]) * Math.log(high[j] / open[j]) + Math.log(low[j] / close[j]) * Math.log(low[j] / open[j]));
      const rogersSatchell = rs.reduce((a, b) => a + b, 0) / n;
      return Math.sqrt((overnight + k * openToClose + (1 - k) * rogersSatchell) * annualization);
    });
    expectClose(computeBatch('rvol_yang_zhang', { timeperiod: n, annualization }, data).real, expected);
  });

  it('stays accurate over a long series (sliding Welford, not running sums of squares)', () => {
    const long = generateOhlcv(200_000, 9, { start: 5000 });
    const result = computeBatch('rvol_cc', { timeperiod: n, annualization: 1 }, long).real;
    const last = long.close.length - 1;
    const returns = window(last, n, (j) => Math.log(long.close[j] / long.close[j - 1]));
    expect(Math.abs(result[last] - Math.sqrt(sampleVariance(returns))) / result[last]).toBeLessThan(1e-9);
  });
});

describe('sharpe', () => {
  it('is mean / sample stdev of excess simple returns × √annualization', () => {
    const n = 30;
    const riskfree = 0.0001;
    const { close } = data;
    const expected = rolling(close.length, n, (i) => {
      const excess = Array.from({ length: n }, (_, k) => close[i - n + 1 + k] / close[i - n + k] - 1 - riskfree);
      const mean = excess.reduce((a, b) => a + b, 0) / n;
      return (mean / Math.sqrt(sampleVariance(excess))) * Math.sqrt(252);
    });
    expectClose(computeBatch('sharpe', { timeperiod: n, riskfree, annualization: 252 }, data).real, expected);
  });

  it('is 0 when returns do not vary', () => {
    expect(Array.from(computeBatch('sharpe', { timeperiod: 3 }, { close: [5, 5, 5, 5, 5] }).real)).toEqual([NaN, NaN, NaN, 0, 0]);
  });
});
