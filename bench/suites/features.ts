// Indicator throughput, end to end from JS number arrays (what talib takes), on one 1M-bar series:
// ours (number[] → Float64Array → computeBatch) against TA-Lib's C code through the `talib`
// binding, and against the pure-JS `technicalindicators` package (on the same 1M bars, or on the
// first 100k when it needs more than TI_SLOW_MS for 100k, to keep the suite short); plus streaming
// updates per second.
import { createRequire } from 'node:module';
import { computeBatch, createIndicator } from '@nws/features';
import { withPeer, type BenchEntry, type BenchSuite } from '../types.js';

const BARS = 1_000_000;
const TI_WARMUP_BARS = 100_000;
/** technicalindicators runs on 1M bars only if 100k bars take less than this. */
const TI_SLOW_MS = 1_500;

interface Series {
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

/** Deterministic random-walk OHLCV (mulberry32), identical on every run. */
function generateSeries(length: number): Series {
  let state = 12345;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const series: Series = { open: [], high: [], low: [], close: [], volume: [] };
  let price = 100;
  for (let i = 0; i < length; i++) {
    const open = price;
    const close = open * (1 + (random() - 0.5) * 0.02);
    series.open.push(open);
    series.close.push(close);
    series.high.push(Math.max(open, close) * (1 + random() * 0.01));
    series.low.push(Math.min(open, close) * (1 - random() * 0.01));
    series.volume.push(Math.round(1000 + random() * 100000));
    price = close;
  }
  return series;
}

function slice(series: Series, length: number): Series {
  return {
    open: series.open.slice(0, length),
    high: series.high.slice(0, length),
    low: series.low.slice(0, length),
    close: series.close.slice(0, length),
    volume: series.volume.slice(0, length),
  };
}

/** Best wall time of `runs` runs after one warm-up, in ms (runs 0: one cold run, no warm-up). */
function bestOf(runs: number, action: () => unknown): number {
  if (runs > 0) action();
  let best = Infinity;
  for (let run = 0; run < Math.max(1, runs); run++) {
    const start = performance.now();
    action();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

type Field = keyof Series;

interface Case {
  name: string;
  params: Record<string, number>;
  fields: Field[];
  talib: { name: string; options: Record<string, number>; real?: boolean };
  technicalindicators: (ti: TechnicalIndicators, series: Series) => unknown;
}

interface TechnicalIndicator {
  calculate(input: Record<string, unknown>): unknown;
}
type TechnicalIndicators = Record<'SMA' | 'EMA' | 'RSI' | 'MACD' | 'BollingerBands' | 'ATR' | 'Stochastic' | 'ADX' | 'CCI' | 'OBV', TechnicalIndicator>;

const hlc: Field[] = ['high', 'low', 'close'];

const cases: Case[] = [
  {
    name: 'sma',
    params: { timeperiod: 30 },
    fields: ['close'],
    talib: { name: 'SMA', options: { optInTimePeriod: 30 }, real: true },
    technicalindicators: (ti, s) => ti.SMA.calculate({ period: 30, values: s.close }),
  },
  {
    name: 'ema',
    params: { timeperiod: 30 },
    fields: ['close'],
    talib: { name: 'EMA', options: { optInTimePeriod: 30 }, real: true },
    technicalindicators: (ti, s) => ti.EMA.calculate({ period: 30, values: s.close }),
  },
  {
    name: 'rsi',
    params: { timeperiod: 14 },
    fields: ['close'],
    talib: { name: 'RSI', options: { optInTimePeriod: 14 }, real: true },
    technicalindicators: (ti, s) => ti.RSI.calculate({ period: 14, values: s.close }),
  },
  {
    name: 'macd',
    params: { fastperiod: 12, slowperiod: 26, signalperiod: 9 },
    fields: ['close'],
    talib: { name: 'MACD', options: { optInFastPeriod: 12, optInSlowPeriod: 26, optInSignalPeriod: 9 }, real: true },
    technicalindicators: (ti, s) =>
      ti.MACD.calculate({ values: s.close, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false }),
  },
  {
    name: 'bbands',
    params: { timeperiod: 20, nbdevup: 2, nbdevdn: 2, matype: 0 },
    fields: ['close'],
    talib: { name: 'BBANDS', options: { optInTimePeriod: 20, optInNbDevUp: 2, optInNbDevDn: 2, optInMAType: 0 }, real: true },
    technicalindicators: (ti, s) => ti.BollingerBands.calculate({ period: 20, values: s.close, stdDev: 2 }),
  },
  {
    name: 'atr',
    params: { timeperiod: 14 },
    fields: hlc,
    talib: { name: 'ATR', options: { optInTimePeriod: 14 } },
    technicalindicators: (ti, s) => ti.ATR.calculate({ high: s.high, low: s.low, close: s.close, period: 14 }),
  },
  {
    name: 'stoch',
    params: { fastk_period: 14, slowk_period: 3, slowk_matype: 0, slowd_period: 3, slowd_matype: 0 },
    fields: hlc,
    talib: { name: 'STOCH', options: { optInFastK_Period: 14, optInSlowK_Period: 3, optInSlowK_MAType: 0, optInSlowD_Period: 3, optInSlowD_MAType: 0 } },
    technicalindicators: (ti, s) => ti.Stochastic.calculate({ high: s.high, low: s.low, close: s.close, period: 14, signalPeriod: 3 }),
  },
  {
    name: 'adx',
    params: { timeperiod: 14 },
    fields: hlc,
    talib: { name: 'ADX', options: { optInTimePeriod: 14 } },
    technicalindicators: (ti, s) => ti.ADX.calculate({ high: s.high, low: s.low, close: s.close, period: 14 }),
  },
  {
    name: 'cci',
    params: { timeperiod: 20 },
    fields: hlc,
    talib: { name: 'CCI', options: { optInTimePeriod: 20 } },
    technicalindicators: (ti, s) => ti.CCI.calculate({ high: s.high, low: s.low, close: s.close, period: 20 }),
  },
  {
    name: 'obv',
    params: {},
    fields: ['close', 'volume'],
    talib: { name: 'OBV', options: {}, real: true },
    technicalindicators: (ti, s) => ti.OBV.calculate({ close: s.close, volume: s.volume }),
  },
];

/** Ours end to end: number[] columns converted to Float64Array, then computeBatch. */
function runOurs(testCase: Case, series: Series): void {
  const columns: Record<string, Float64Array> = {};
  for (const field of testCase.fields) columns[field] = Float64Array.from(series[field]);
  computeBatch(testCase.name, testCase.params, columns);
}

interface TalibModule {
  execute(request: Record<string, unknown>): unknown;
}

function runTalib(talib: TalibModule, testCase: Case, series: Series): void {
  const request: Record<string, unknown> = { name: testCase.talib.name, startIdx: 0, endIdx: series.close.length - 1, ...testCase.talib.options };
  if (testCase.talib.real) request.inReal = series.close;
  for (const field of testCase.fields) request[field] = series[field];
  talib.execute(request);
}

const barsPerSecond = (bars: number, ms: number) => Math.round((bars / ms) * 1000);

const suite: BenchSuite = async (ctx) => {
  const require = createRequire(import.meta.url);
  const talib = require('talib') as TalibModule;
  const ti = require('technicalindicators') as TechnicalIndicators;
  const series = generateSeries(BARS);
  const tiSeries = slice(series, TI_WARMUP_BARS);
  const entries: BenchEntry[] = [];

  for (const testCase of cases) {
    const oursMs = bestOf(3, () => runOurs(testCase, series));
    const talibMs = bestOf(2, () => runTalib(talib, testCase, series));
    entries.push(
      withPeer({
        name: `features.${testCase.name}`,
        value: barsPerSecond(BARS, oursMs),
        unit: 'bars/s',
        higherIsBetter: true,
        peer: 'talib',
        peerValue: barsPerSecond(BARS, talibMs),
        note: `batch over ${BARS.toLocaleString('en-US')} bars from number[] (conversion included); talib = TA-Lib C via the node binding`,
      }),
    );
    const warmupStart = performance.now();
    testCase.technicalindicators(ti, tiSeries);
    const warmupMs = performance.now() - warmupStart;
    const tiOnFull = warmupMs < TI_SLOW_MS;
    const tiBars = tiOnFull ? BARS : TI_WARMUP_BARS;
    const tiMs = tiOnFull ? bestOf(0, () => testCase.technicalindicators(ti, series)) : bestOf(1, () => testCase.technicalindicators(ti, tiSeries));
    const oursForTiMs = tiOnFull ? oursMs : bestOf(3, () => runOurs(testCase, tiSeries));
    entries.push(
      withPeer({
        name: `features.${testCase.name}.vs_technicalindicators`,
        value: barsPerSecond(tiBars, oursForTiMs),
        unit: 'bars/s',
        higherIsBetter: true,
        peer: 'technicalindicators',
        peerValue: barsPerSecond(tiBars, tiMs),
        note: tiOnFull
          ? `both on the same ${BARS.toLocaleString('en-US')} bars from number[]`
          : `both on the first ${TI_WARMUP_BARS.toLocaleString('en-US')} bars: technicalindicators took ${Math.round(warmupMs)} ms per 100k, too slow for 1M in this suite's time budget`,
      }),
    );
    ctx.log(`${testCase.name}: ours ${oursMs.toFixed(0)} ms, talib ${talibMs.toFixed(0)} ms per 1M; technicalindicators ${tiMs.toFixed(0)} ms per ${tiBars.toLocaleString('en-US')}`);
  }

  for (const [name, params] of [
    ['sma', { timeperiod: 30 }],
    ['ema', { timeperiod: 30 }],
    ['rsi', { timeperiod: 14 }],
  ] as const) {
    const close = series.close;
    const ms = bestOf(3, () => {
      const indicator = createIndicator(name, params);
      for (let i = 0; i < close.length; i++) indicator.update(close[i]);
    });
    entries.push({
      name: `features.stream.${name}`,
      value: barsPerSecond(BARS, ms),
      unit: 'updates/s',
      higherIsBetter: true,
      target: 10_000_000,
      note: 'createIndicator(...).update(number) over 1M closes, result object per update included',
    });
  }
  return entries;
};

export default suite;
