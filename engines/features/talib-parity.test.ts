// Every indicator that mirrors a TA-Lib function is compared with TA-Lib itself (the `talib` npm
// package, TA-Lib's C code) over a parameter grid on generated and real data: same warm-up
// (begIndex = lookback), same NaN positions, values equal to 1e-9 relative (most are bit-identical).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeWithDefinition, getIndicatorDefinition, listIndicators, resolveParams } from './index.js';
import type { IndicatorDefinition, IndicatorParams } from './types.js';
import { parameterGrid } from './test-support/param-grid.js';
import { generateOhlcv, readRefCsv, readRefOhlcv, refdataAvailable, REFDATA_DIR } from './test-support/series.js';
import { pythonOutputName, pythonParamName, runTalib, talib, type Ohlcv } from './test-support/talib-reference.js';

const RELATIVE_TOLERANCE = 1e-9;

interface Dataset {
  name: string;
  data: Ohlcv;
  /** Sweep the whole parameter grid on it (true) or only the defaults (false). */
  sweep: boolean;
}

const generated: Dataset[] = [
  { name: 'random walk', data: generateOhlcv(400, 1), sweep: true },
  {
    name: 'ticked walk with flat bars and zero volume',
    data: generateOhlcv(400, 2, { tick: 0.25, flatProbability: 0.1, zeroVolumeProbability: 0.1, start: 20 }),
    sweep: true,
  },
];

function realDatasets(): Dataset[] {
  if (!refdataAvailable()) return [];
  const sample = (file: string, rows?: number) => readRefOhlcv(file, rows);
  const sarBook = readRefCsv('ta-lib/wilder_sar_book.csv');
  const midpoint = sarBook.high.map((high, i) => (high + sarBook.low[i]) / 2);
  const pythonClose = readRefCsv('ta-lib/talib_python_series_close.csv').close;
  return [
    { name: 'ta-lib regtest daily', data: sample('ta-lib/talib_regtest_daily_ref.csv'), sweep: true },
    {
      name: "Wilder's SAR book example (close = open = mid)",
      data: { open: midpoint, high: sarBook.high, low: sarBook.low, close: midpoint, volume: midpoint.map(() => 1000) },
      sweep: false,
    },
    {
      name: 'ta-lib-python close series (OHLC = close)',
      data: { open: pythonClose, high: pythonClose, low: pythonClose, close: pythonClose, volume: pythonClose.map(() => 1000) },
      sweep: false,
    },
    { name: 'backtrader 2006 daily (zero volume)', data: sample('backtrader/2006-day-001.txt'), sweep: false },
    { name: 'ORCL 1995-2014', data: sample('backtrader/orcl-1995-2014.txt'), sweep: false },
    { name: 'NVDA 1999-2014 (first 1200)', data: sample('backtrader/nvda-1999-2014.txt', 1200), sweep: true },
    { name: 'YHOO 1996-2014', data: sample('backtrader/yhoo-1996-2014.txt'), sweep: false },
  ];
}

const datasets = [...generated, ...realDatasets()];
if (!refdataAvailable()) {
  console.warn(`[features] reference data not found at ${REFDATA_DIR}: TA-Lib parity runs on generated series only`);
}

/** Combinations where we deliberately differ from TA-Lib (documented in docs/indicators.md). */
function knownDeviation(definition: IndicatorDefinition, params: IndicatorParams): string | null {
  if (definition.name === 'bbands' && params.matype === 7 && params.timeperiod - 1 > 32) {
    return 'TA-Lib misaligns the MAMA middle band and the deviation when timeperiod > 33';
  }
  if ((definition.name === 'macd' && params.signalperiod === 1) || (definition.name === 'trix' && params.timeperiod === 1)) {
    return "TA-Lib's EMA lookback is -1 for period 1, so its output is shifted garbage; ours treats a 1-bar EMA as the identity";
  }
  return null;
}

const worstRelative = new Map<string, number>();

/** Compares every output; returns human-readable mismatches (empty when all agree). */
function compare(definition: IndicatorDefinition, params: IndicatorParams, dataset: Dataset): string[] {
  const columns = { ...dataset.data, real0: dataset.data.close, real1: dataset.data.open };
  const ours = computeWithDefinition(definition, params, columns);
  const reference = runTalib(definition, params, columns);
  const label = `${definition.name}(${JSON.stringify(params)}) on ${dataset.name}`;
  const problems: string[] = [];
  const length = dataset.data.close.length;
  const lookback = definition.lookback(params);
  if (reference.begIndex !== Math.min(lookback, length)) problems.push(`${label}: TA-Lib begIndex ${reference.begIndex}, our lookback ${lookback}`);
  for (const [output, expected] of Object.entries(reference.outputs)) {
    const actual = ours[output];
    if (actual === undefined) {
      problems.push(`${label}: we have no output '${output}'`);
      continue;
    }
    for (let i = 0; i < length && problems.length < 3; i++) {
      const a = actual[i];
      const e = expected[i];
      if (Number.isNaN(a) && Number.isNaN(e)) continue;
      if (Number.isNaN(a) !== Number.isNaN(e)) {
        problems.push(`${label}: ${output}[${i}] ours ${a}, TA-Lib ${e}`);
        continue;
      }
      if (a === e) continue;
      const relative = Math.abs(a - e) / Math.max(Math.abs(a), Math.abs(e));
      worstRelative.set(definition.name, Math.max(worstRelative.get(definition.name) ?? 0, relative));
      if (relative > RELATIVE_TOLERANCE) problems.push(`${label}: ${output}[${i}] ours ${a}, TA-Lib ${e} (relative ${relative.toExponential(2)})`);
    }
  }
  return problems;
}

const talibIndicators = listIndicators().filter((info) => info.talib !== null);

describe('TA-Lib parity', () => {
  it('covers at least the TA-Lib functions the issue lists', () => {
    const required = [
      'SMA', 'EMA', 'WMA', 'DEMA', 'TEMA', 'TRIMA', 'KAMA', 'T3', 'RSI', 'MACD', 'MACDEXT', 'PPO', 'APO', 'MOM', 'ROC', 'ROCP',
      'TRIX', 'CMO', 'BBANDS', 'ATR', 'NATR', 'TRANGE', 'STOCH', 'STOCHF', 'STOCHRSI', 'ADX', 'ADXR', 'PLUS_DI', 'MINUS_DI', 'DX',
      'CCI', 'WILLR', 'MFI', 'OBV', 'AD', 'ADOSC', 'AROON', 'AROONOSC', 'ULTOSC', 'BOP', 'SAR', 'STDDEV', 'VAR', 'LINEARREG',
      'LINEARREG_SLOPE', 'LINEARREG_ANGLE', 'LINEARREG_INTERCEPT', 'BETA', 'CORREL',
    ];
    const ours = new Set(talibIndicators.map((info) => info.talib));
    expect(required.filter((name) => !ours.has(name))).toEqual([]);
  });

  describe.each(talibIndicators.map((info) => [info.name, info.talib!] as const))('%s', (name, talibName) => {
    const definition = getIndicatorDefinition(name);

    it(`has TA-Lib's inputs, parameter names, order, defaults and outputs (talib.explain('${talibName}'))`, () => {
      const explanation = talib.explain(talibName);
      expect(definition.params.map((spec) => [spec.name, spec.default])).toEqual(
        explanation.optInputs.map((option) => [pythonParamName(option.name), option.defaultValue]),
      );
      const talibOutputs = explanation.outputs.map((output) => pythonOutputName(output.name));
      expect(definition.outputs.slice(0, talibOutputs.length)).toEqual(talibOutputs);
      const talibInputs = explanation.inputs.flatMap((input) =>
        input.type === 'price' ? Object.values(input.flags ?? {}) : [input.name === 'inReal' ? 'real' : input.name.replace(/^in/, '').toLowerCase()],
      );
      expect([...definition.inputs]).toEqual(talibInputs);
    });

    it("has TA-Lib's parameter ranges (from the C sources shipped with the package)", () => {
      const source = talibSource(talibName);
      if (source === null) {
        console.warn(`[features] TA-Lib C source for ${talibName} not found; range check skipped`);
        return;
      }
      const ranges = [...source.matchAll(/^ \* (optIn\w+):\(From (\S+) to (\S+)\)/gm)].map((match) => [
        pythonParamName(match[1]),
        cNumber(match[2]),
        cNumber(match[3]),
      ]);
      const ours = definition.params.filter((spec) => spec.type !== 'matype').map((spec) => [spec.name, spec.min, spec.max]);
      expect(ours).toEqual(ranges);
    });

    it('rejects values just outside each range, as TA-Lib does', () => {
      const data = generated[0].data;
      for (const spec of definition.params.filter((candidate) => candidate.type !== 'real')) {
        const below = { ...resolveParams(definition), [spec.name]: spec.min - 1 };
        expect(() => resolveParams(definition, below)).toThrow(/out of range/);
        expect(() => runTalib(definition, below, { ...data })).toThrow();
      }
    });

    it.each(datasets.map((dataset) => [dataset.name, dataset] as const))('matches TA-Lib on %s', (_label, dataset) => {
      const grid = dataset.sweep ? parameterGrid(definition) : [resolveParams(definition)];
      const problems: string[] = [];
      let compared = 0;
      for (const raw of grid) {
        const params = resolveParams(definition, raw);
        if (knownDeviation(definition, params) !== null) continue;
        problems.push(...compare(definition, params, dataset));
        compared++;
      }
      expect(problems.slice(0, 5)).toEqual([]);
      expect(compared).toBeGreaterThan(0);
    });
  });

  it('matches TA-Lib on the tiny-valued series of ta-lib-python (TA_IS_ZERO thresholds)', () => {
    if (!refdataAvailable()) {
      console.warn(`[features] reference data not found at ${REFDATA_DIR}: tiny-series check skipped`);
      return;
    }
    const values = readRefCsv('ta-lib/talib_python_rsi_tiny.csv').value;
    const data: Ohlcv = { open: values, high: values, low: values, close: values, volume: values.map(() => 1) };
    const dataset: Dataset = { name: 'rsi tiny', data, sweep: false };
    const problems: string[] = [];
    for (const name of ['rsi', 'cmo', 'sma', 'ema', 'stddev', 'var', 'roc', 'ppo', 'kama']) {
      const definition = getIndicatorDefinition(name);
      for (const timeperiod of [2, 3, 5]) {
        const params = resolveParams(definition, definition.params.some((spec) => spec.name === 'timeperiod') ? { timeperiod } : {});
        problems.push(...compare(definition, params, dataset));
      }
    }
    expect(problems).toEqual([]);
  });

  afterAll(() => {
    const inexact = [...worstRelative.entries()].map(([name, relative]) => `${name} ${relative.toExponential(1)}`);
    console.info(`[features] TA-Lib parity: bit-identical except ${inexact.length ? inexact.join(', ') : 'none'}`);
  });
});

const talibPackageDir = dirname(createRequire(import.meta.url).resolve('talib/package.json'));

function talibSource(name: string): string | null {
  const path = join(talibPackageDir, 'src', 'lib', 'src', 'ta_func', `ta_${name}.c`);
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

function cNumber(text: string): number {
  if (text === 'TA_REAL_MIN') return -3e37;
  if (text === 'TA_REAL_MAX') return 3e37;
  return Number(text);
}
