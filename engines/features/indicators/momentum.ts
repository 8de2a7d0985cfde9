/** Momentum indicators (TA-Lib's "Momentum Indicators" group, minus the DM family). */
import { createMovingAverage, EmaStage, maLookback, MaType } from '../kernels/moving-averages.js';
import { ExtremumWindow, RingBuffer } from '../kernels/ring-buffer.js';
import { IdentityStage, isZero, isZeroOrNegative, type Stage } from '../kernels/stage.js';
import { maTypeParam, periodParam } from '../params.js';
import type { IndicatorDefinition, IndicatorKernel, IndicatorParams } from '../types.js';
import { defineIndicator, trueRange } from './define.js';

const hlc = ['high', 'low', 'close'] as const;

/** Wilder-smoothed average gain and loss as TA-Lib's RSI and CMO compute them. */
class GainLossStage {
  gain = 0;
  loss = 0;
  private seen = 0;
  private previous = 0;

  constructor(private readonly period: number) {}

  push(x: number): boolean {
    const period = this.period;
    if (this.seen === 0) {
      this.previous = x;
      this.seen = 1;
      return false;
    }
    const change = x - this.previous;
    this.previous = x;
    if (this.seen <= period) {
      if (change < 0) this.loss -= change;
      else this.gain += change;
      if (++this.seen <= period) return false;
      this.loss /= period;
      this.gain /= period;
      return true;
    }
    this.loss *= period - 1;
    this.gain *= period - 1;
    if (change < 0) this.loss -= change;
    else this.gain += change;
    this.loss /= period;
    this.gain /= period;
    return true;
  }

  reset(): void {
    this.gain = 0;
    this.loss = 0;
    this.seen = 0;
    this.previous = 0;
  }
}

/** RSI as a stage (STOCHRSI feeds it into a stochastic). */
class RsiStage implements Stage {
  value = 0;
  private readonly averages: GainLossStage;

  constructor(period: number) {
    this.averages = new GainLossStage(period);
  }

  push(x: number): boolean {
    if (!this.averages.push(x)) return false;
    const { gain, loss } = this.averages;
    const total = gain + loss;
    this.value = isZero(total) ? 0.0 : 100.0 * (gain / total);
    return true;
  }

  reset(): void {
    this.averages.reset();
    this.value = 0;
  }
}

class RsiKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly rsiStage: RsiStage;

  constructor(period: number) {
    this.rsiStage = new RsiStage(period);
  }

  step(x: number): boolean {
    if (!this.rsiStage.push(x)) return false;
    this.out[0] = this.rsiStage.value;
    return true;
  }

  reset(): void {
    this.rsiStage.reset();
  }
}

export const rsi = defineIndicator({
  name: 'rsi',
  talib: 'RSI',
  group: 'momentum',
  description: 'Relative Strength Index',
  inputs: ['real'],
  params: [periodParam('timeperiod', 14, 2)],
  outputs: ['real'],
  lookback: (params) => params.timeperiod,
  createKernel: (params) => new RsiKernel(params.timeperiod),
});

class CmoKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly averages: GainLossStage;

  constructor(period: number) {
    this.averages = new GainLossStage(period);
  }

  step(x: number): boolean {
    if (!this.averages.push(x)) return false;
    const { gain, loss } = this.averages;
    const total = gain + loss;
    this.out[0] = isZero(total) ? 0.0 : 100.0 * ((gain - loss) / total);
    return true;
  }

  reset(): void {
    this.averages.reset();
  }
}

export const cmo = defineIndicator({
  name: 'cmo',
  talib: 'CMO',
  group: 'momentum',
  description: 'Chande Momentum Oscillator',
  inputs: ['real'],
  params: [periodParam('timeperiod', 14, 2)],
  outputs: ['real'],
  lookback: (params) => params.timeperiod,
  createKernel: (params) => new CmoKernel(params.timeperiod),
});

interface MovingAverageChoice {
  period: number;
  type: number;
}

/**
 * MACD line = fast MA − slow MA, signal = MA of the MACD line. As in TA-Lib, the faster average
 * is started late so that both averages emit their first value on the same bar.
 */
class MacdKernel implements IndicatorKernel {
  readonly out = new Float64Array(3);
  private readonly fast: Stage;
  private readonly slow: Stage;
  private readonly signal: Stage;
  private readonly fastFirstBar: number;
  private readonly slowFirstBar: number;
  private bar = 0;

  constructor(fast: MovingAverageChoice, slow: MovingAverageChoice, signal: Stage) {
    const fastLookback = maLookback(fast.type, fast.period);
    const slowLookback = maLookback(slow.type, slow.period);
    const largest = Math.max(fastLookback, slowLookback);
    this.fastFirstBar = largest - fastLookback;
    this.slowFirstBar = largest - slowLookback;
    this.fast = createMovingAverage(fast.type, fast.period, this.fastFirstBar);
    this.slow = createMovingAverage(slow.type, slow.period, this.slowFirstBar);
    this.signal = signal;
  }

  step(x: number): boolean {
    const bar = this.bar++;
    const fastReady = bar >= this.fastFirstBar && this.fast.push(x);
    const slowReady = bar >= this.slowFirstBar && this.slow.push(x);
    if (!fastReady || !slowReady) return false;
    const line = this.fast.value - this.slow.value;
    if (!this.signal.push(line)) return false;
    const out = this.out;
    out[0] = line;
    out[1] = this.signal.value;
    out[2] = line - this.signal.value;
    return true;
  }

  reset(): void {
    this.fast.reset();
    this.slow.reset();
    this.signal.reset();
    this.bar = 0;
  }
}

/**
 * An EMA, or the identity for period 1. TA-Lib's EMA rejects period 1, and MACD (signalperiod 1)
 * and TRIX (timeperiod 1) then run with a lookback of -1 and emit garbage; we treat a 1-bar EMA
 * as the identity, as TA_MA does (see docs/indicators.md).
 */
function emaOrIdentity(period: number): Stage {
  return period === 1 ? new IdentityStage() : new EmaStage(period);
}

/** TA-Lib swaps fast and slow (with their MA types) when fast is the longer one. */
function orderedPeriods(params: IndicatorParams, fastType: number, slowType: number): { fast: MovingAverageChoice; slow: MovingAverageChoice } {
  let fast: MovingAverageChoice = { period: params.fastperiod, type: fastType };
  let slow: MovingAverageChoice = { period: params.slowperiod, type: slowType };
  if (slow.period < fast.period) [fast, slow] = [slow, fast];
  return { fast, slow };
}

export const macd = defineIndicator({
  name: 'macd',
  talib: 'MACD',
  group: 'momentum',
  description: 'Moving Average Convergence/Divergence',
  inputs: ['real'],
  params: [
    periodParam('fastperiod', 12, 2, 'Number of period for the fast MA'),
    periodParam('slowperiod', 26, 2, 'Number of period for the slow MA'),
    periodParam('signalperiod', 9, 1, 'Smoothing for the signal line (nb of period)'),
  ],
  outputs: ['macd', 'macdsignal', 'macdhist'],
  lookback: (params) => Math.max(params.fastperiod, params.slowperiod) - 1 + (params.signalperiod - 1),
  createKernel: (params) => {
    const { fast, slow } = orderedPeriods(params, MaType.EMA, MaType.EMA);
    return new MacdKernel(fast, slow, emaOrIdentity(params.signalperiod));
  },
});

function macdextLookback(params: IndicatorParams): number {
  const largest = Math.max(maLookback(params.fastmatype, params.fastperiod), maLookback(params.slowmatype, params.slowperiod));
  return largest + maLookback(params.signalmatype, params.signalperiod);
}

export const macdext = defineIndicator({
  name: 'macdext',
  talib: 'MACDEXT',
  group: 'momentum',
  description: 'MACD with controllable MA type',
  inputs: ['real'],
  params: [
    periodParam('fastperiod', 12, 2, 'Number of period for the fast MA'),
    maTypeParam('fastmatype', MaType.SMA, 'Type of Moving Average for fast MA'),
    periodParam('slowperiod', 26, 2, 'Number of period for the slow MA'),
    maTypeParam('slowmatype', MaType.SMA, 'Type of Moving Average for slow MA'),
    periodParam('signalperiod', 9, 1, 'Smoothing for the signal line (nb of period)'),
    maTypeParam('signalmatype', MaType.SMA, 'Type of Moving Average for signal line'),
  ],
  outputs: ['macd', 'macdsignal', 'macdhist'],
  lookback: macdextLookback,
  createKernel: (params) => {
    const { fast, slow } = orderedPeriods(params, params.fastmatype, params.slowmatype);
    return new MacdKernel(fast, slow, createMovingAverage(params.signalmatype, params.signalperiod));
  },
});

/** APO/PPO (TA_INT_PO): both averages start on the first bar, unlike MACD. */
class PriceOscillatorKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly fast: Stage;
  private readonly slow: Stage;

  constructor(
    params: IndicatorParams,
    private readonly percentage: boolean,
  ) {
    const fastPeriod = Math.min(params.fastperiod, params.slowperiod);
    const slowPeriod = Math.max(params.fastperiod, params.slowperiod);
    this.fast = createMovingAverage(params.matype, fastPeriod);
    this.slow = createMovingAverage(params.matype, slowPeriod);
  }

  step(x: number): boolean {
    const fastReady = this.fast.push(x);
    if (!this.slow.push(x) || !fastReady) return false;
    const slow = this.slow.value;
    if (!this.percentage) this.out[0] = this.fast.value - slow;
    else this.out[0] = isZero(slow) ? 0.0 : ((this.fast.value - slow) / slow) * 100.0;
    return true;
  }

  reset(): void {
    this.fast.reset();
    this.slow.reset();
  }
}

function priceOscillator(name: 'apo' | 'ppo', description: string): IndicatorDefinition {
  return defineIndicator({
    name,
    talib: name.toUpperCase(),
    group: 'momentum',
    description,
    inputs: ['real'],
    params: [
      periodParam('fastperiod', 12, 2, 'Number of period for the fast MA'),
      periodParam('slowperiod', 26, 2, 'Number of period for the slow MA'),
      maTypeParam('matype', MaType.SMA, 'Type of Moving Average'),
    ],
    outputs: ['real'],
    lookback: (params) => maLookback(params.matype, Math.max(params.fastperiod, params.slowperiod)),
    createKernel: (params) => new PriceOscillatorKernel(params, name === 'ppo'),
  });
}

export const apo = priceOscillator('apo', 'Absolute Price Oscillator');
export const ppo = priceOscillator('ppo', 'Percentage Price Oscillator');

type ChangeFormula = (current: number, previous: number) => number;

/** MOM/ROC family: compares each value with the one `period` bars earlier. */
class ChangeKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly history: RingBuffer;

  constructor(
    private readonly period: number,
    private readonly formula: ChangeFormula,
  ) {
    this.history = new RingBuffer(period + 1);
  }

  step(x: number): boolean {
    this.history.push(x);
    if (this.history.size <= this.period) return false;
    this.out[0] = this.formula(x, this.history.ago(this.period));
    return true;
  }

  reset(): void {
    this.history.reset();
  }
}

function change(name: string, description: string, formula: ChangeFormula, defaultPeriod = 10): IndicatorDefinition {
  return defineIndicator({
    name,
    talib: name.toUpperCase(),
    group: 'momentum',
    description,
    inputs: ['real'],
    params: [periodParam('timeperiod', defaultPeriod, 1)],
    outputs: ['real'],
    lookback: (params) => params.timeperiod,
    createKernel: (params) => new ChangeKernel(params.timeperiod, formula),
  });
}

export const mom = change('mom', 'Momentum', (current, previous) => current - previous);
export const roc = change('roc', 'Rate of change : ((price/prevPrice)-1)*100', (current, previous) =>
  previous !== 0.0 ? (current / previous - 1.0) * 100.0 : 0.0,
);
export const rocp = change('rocp', 'Rate of change Percentage: (price-prevPrice)/prevPrice', (current, previous) =>
  previous !== 0.0 ? (current - previous) / previous : 0.0,
);
export const rocr = change('rocr', 'Rate of change ratio: (price/prevPrice)', (current, previous) => (previous !== 0.0 ? current / previous : 0.0));
export const rocr100 = change('rocr100', 'Rate of change ratio 100 scale: (price/prevPrice)*100', (current, previous) =>
  previous !== 0.0 ? (current / previous) * 100.0 : 0.0,
);

/** TRIX: one-bar ROC of a triple EMA. */
class TrixKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly first: Stage;
  private readonly second: Stage;
  private readonly third: Stage;
  private previous = 0;
  private hasPrevious = false;

  constructor(period: number) {
    this.first = emaOrIdentity(period);
    this.second = emaOrIdentity(period);
    this.third = emaOrIdentity(period);
  }

  step(x: number): boolean {
    if (!this.first.push(x) || !this.second.push(this.first.value) || !this.third.push(this.second.value)) return false;
    const current = this.third.value;
    const previous = this.previous;
    this.previous = current;
    if (!this.hasPrevious) {
      this.hasPrevious = true;
      return false;
    }
    this.out[0] = previous !== 0.0 ? (current / previous - 1.0) * 100.0 : 0.0;
    return true;
  }

  reset(): void {
    this.first.reset();
    this.second.reset();
    this.third.reset();
    this.previous = 0;
    this.hasPrevious = false;
  }
}

export const trix = defineIndicator({
  name: 'trix',
  talib: 'TRIX',
  group: 'momentum',
  description: '1-day Rate-Of-Change (ROC) of a Triple Smooth EMA',
  inputs: ['real'],
  params: [periodParam('timeperiod', 30, 1)],
  outputs: ['real'],
  lookback: (params) => 3 * (params.timeperiod - 1) + 1,
  createKernel: (params) => new TrixKernel(params.timeperiod),
});

/** Highest high and lowest low of the last `period` bars. */
class HighLowWindow {
  readonly highest: ExtremumWindow;
  readonly lowest: ExtremumWindow;
  bar = -1;

  constructor(readonly period: number) {
    this.highest = new ExtremumWindow(period, true);
    this.lowest = new ExtremumWindow(period, false);
  }

  push(high: number, low: number): boolean {
    const bar = ++this.bar;
    this.lowest.push(bar, low);
    this.highest.push(bar, high);
    return bar >= this.period - 1;
  }

  reset(): void {
    this.highest.reset();
    this.lowest.reset();
    this.bar = -1;
  }
}

/** Fast %K: (close − lowest)/((highest − lowest)/100), 0 when the range is flat. */
class FastKStage {
  value = 0;
  private readonly window: HighLowWindow;

  constructor(period: number) {
    this.window = new HighLowWindow(period);
  }

  push(high: number, low: number, close: number): boolean {
    if (!this.window.push(high, low)) return false;
    const lowest = this.window.lowest.value;
    const diff = (this.window.highest.value - lowest) / 100.0;
    this.value = diff !== 0.0 ? (close - lowest) / diff : 0.0;
    return true;
  }

  reset(): void {
    this.window.reset();
    this.value = 0;
  }
}

class StochKernel implements IndicatorKernel {
  readonly out = new Float64Array(2);
  private readonly fastK: FastKStage;
  private readonly slowK: Stage;
  private readonly slowD: Stage;

  constructor(params: IndicatorParams) {
    this.fastK = new FastKStage(params.fastk_period);
    this.slowK = createMovingAverage(params.slowk_matype, params.slowk_period);
    this.slowD = createMovingAverage(params.slowd_matype, params.slowd_period);
  }

  step(high: number, low: number, close: number): boolean {
    if (!this.fastK.push(high, low, close)) return false;
    if (!this.slowK.push(this.fastK.value)) return false;
    if (!this.slowD.push(this.slowK.value)) return false;
    this.out[0] = this.slowK.value;
    this.out[1] = this.slowD.value;
    return true;
  }

  reset(): void {
    this.fastK.reset();
    this.slowK.reset();
    this.slowD.reset();
  }
}

export const stoch = defineIndicator({
  name: 'stoch',
  talib: 'STOCH',
  group: 'momentum',
  description: 'Stochastic',
  inputs: hlc,
  params: [
    periodParam('fastk_period', 5, 1, 'Time period for building the Fast-K line'),
    periodParam('slowk_period', 3, 1, 'Smoothing for making the Slow-K line. Usually set to 3'),
    maTypeParam('slowk_matype', MaType.SMA, 'Type of Moving Average for Slow-K'),
    periodParam('slowd_period', 3, 1, 'Smoothing for making the Slow-D line'),
    maTypeParam('slowd_matype', MaType.SMA, 'Type of Moving Average for Slow-D'),
  ],
  outputs: ['slowk', 'slowd'],
  lookback: (params) =>
    params.fastk_period - 1 + maLookback(params.slowk_matype, params.slowk_period) + maLookback(params.slowd_matype, params.slowd_period),
  createKernel: (params) => new StochKernel(params),
});

/** %K and its moving average %D, the core of STOCHF and STOCHRSI. */
class FastStochastic {
  private readonly fastK: FastKStage;
  private readonly fastD: Stage;

  constructor(fastKPeriod: number, fastDPeriod: number, fastDType: number) {
    this.fastK = new FastKStage(fastKPeriod);
    this.fastD = createMovingAverage(fastDType, fastDPeriod);
  }

  push(high: number, low: number, close: number, out: Float64Array): boolean {
    if (!this.fastK.push(high, low, close)) return false;
    if (!this.fastD.push(this.fastK.value)) return false;
    out[0] = this.fastK.value;
    out[1] = this.fastD.value;
    return true;
  }

  reset(): void {
    this.fastK.reset();
    this.fastD.reset();
  }
}

class StochfKernel implements IndicatorKernel {
  readonly out = new Float64Array(2);
  private readonly stochastic: FastStochastic;

  constructor(params: IndicatorParams) {
    this.stochastic = new FastStochastic(params.fastk_period, params.fastd_period, params.fastd_matype);
  }

  step(high: number, low: number, close: number): boolean {
    return this.stochastic.push(high, low, close, this.out);
  }

  reset(): void {
    this.stochastic.reset();
  }
}

const fastStochasticParams = [
  periodParam('fastk_period', 5, 1, 'Time period for building the Fast-K line'),
  periodParam('fastd_period', 3, 1, 'Smoothing for making the Fast-D line. Usually set to 3'),
  maTypeParam('fastd_matype', MaType.SMA, 'Type of Moving Average for Fast-D'),
];

function stochfLookback(params: IndicatorParams): number {
  return params.fastk_period - 1 + maLookback(params.fastd_matype, params.fastd_period);
}

export const stochf = defineIndicator({
  name: 'stochf',
  talib: 'STOCHF',
  group: 'momentum',
  description: 'Stochastic Fast',
  inputs: hlc,
  params: fastStochasticParams,
  outputs: ['fastk', 'fastd'],
  lookback: stochfLookback,
  createKernel: (params) => new StochfKernel(params),
});

class StochRsiKernel implements IndicatorKernel {
  readonly out = new Float64Array(2);
  private readonly rsiStage: RsiStage;
  private readonly stochastic: FastStochastic;

  constructor(params: IndicatorParams) {
    this.rsiStage = new RsiStage(params.timeperiod);
    this.stochastic = new FastStochastic(params.fastk_period, params.fastd_period, params.fastd_matype);
  }

  step(x: number): boolean {
    if (!this.rsiStage.push(x)) return false;
    const value = this.rsiStage.value;
    return this.stochastic.push(value, value, value, this.out);
  }

  reset(): void {
    this.rsiStage.reset();
    this.stochastic.reset();
  }
}

export const stochrsi = defineIndicator({
  name: 'stochrsi',
  talib: 'STOCHRSI',
  group: 'momentum',
  description: 'Stochastic Relative Strength Index',
  inputs: ['real'],
  params: [periodParam('timeperiod', 14, 2), ...fastStochasticParams],
  outputs: ['fastk', 'fastd'],
  lookback: (params) => params.timeperiod + stochfLookback(params),
  createKernel: (params) => new StochRsiKernel(params),
});

class WillrKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly window: HighLowWindow;

  constructor(period: number) {
    this.window = new HighLowWindow(period);
  }

  step(high: number, low: number, close: number): boolean {
    if (!this.window.push(high, low)) return false;
    const highest = this.window.highest.value;
    const diff = (highest - this.window.lowest.value) / -100.0;
    this.out[0] = diff !== 0.0 ? (highest - close) / diff : 0.0;
    return true;
  }

  reset(): void {
    this.window.reset();
  }
}

export const willr = defineIndicator({
  name: 'willr',
  talib: 'WILLR',
  group: 'momentum',
  description: "Williams' %R",
  inputs: hlc,
  params: [periodParam('timeperiod', 14, 2)],
  outputs: ['real'],
  lookback: (params) => params.timeperiod - 1,
  createKernel: (params) => new WillrKernel(params.timeperiod),
});

/**
 * CCI needs the mean absolute deviation of the whole window around the current mean, so each bar
 * costs O(period). Sums run over the circular buffer in slot order, as TA-Lib's do, to match its
 * rounding.
 */
class CciKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly typical: Float64Array;
  private slot = 0;
  private seen = 0;

  constructor(private readonly period: number) {
    this.typical = new Float64Array(period);
  }

  step(high: number, low: number, close: number): boolean {
    const period = this.period;
    const typical = this.typical;
    const last = (high + low + close) / 3;
    typical[this.slot] = last;
    if (++this.slot === period) this.slot = 0;
    if (++this.seen < period) return false;
    let average = 0;
    for (let j = 0; j < period; j++) average += typical[j];
    average /= period;
    let deviation = 0;
    for (let j = 0; j < period; j++) deviation += Math.abs(typical[j] - average);
    const distance = last - average;
    this.out[0] = distance !== 0.0 && deviation !== 0.0 ? distance / (0.015 * (deviation / period)) : 0.0;
    return true;
  }

  reset(): void {
    this.typical.fill(0);
    this.slot = 0;
    this.seen = 0;
  }
}

export const cci = defineIndicator({
  name: 'cci',
  talib: 'CCI',
  group: 'momentum',
  description: 'Commodity Channel Index',
  inputs: hlc,
  params: [periodParam('timeperiod', 14, 2)],
  outputs: ['real'],
  lookback: (params) => params.timeperiod - 1,
  createKernel: (params) => new CciKernel(params.timeperiod),
});

/** Money Flow Index with TA-Lib's rule that a total flow below 1 gives 0. */
class MfiKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly positive: Float64Array;
  private readonly negative: Float64Array;
  private slot = 0;
  private seen = 0;
  private previousTypical = 0;
  private positiveSum = 0;
  private negativeSum = 0;

  constructor(private readonly period: number) {
    this.positive = new Float64Array(period);
    this.negative = new Float64Array(period);
  }

  step(high: number, low: number, close: number, volume: number): boolean {
    const period = this.period;
    const typical = (high + low + close) / 3.0;
    if (this.seen++ === 0) {
      this.previousTypical = typical;
      return false;
    }
    const slot = this.slot;
    if (this.seen > period + 1) {
      this.positiveSum -= this.positive[slot];
      this.negativeSum -= this.negative[slot];
    }
    const move = typical - this.previousTypical;
    this.previousTypical = typical;
    const flow = typical * volume;
    this.positive[slot] = move > 0 ? flow : 0.0;
    this.negative[slot] = move < 0 ? flow : 0.0;
    if (move < 0) this.negativeSum += flow;
    else if (move > 0) this.positiveSum += flow;
    if (++this.slot === period) this.slot = 0;
    if (this.seen <= period) return false;
    const total = this.positiveSum + this.negativeSum;
    this.out[0] = total < 1.0 ? 0.0 : 100.0 * (this.positiveSum / total);
    return true;
  }

  reset(): void {
    this.positive.fill(0);
    this.negative.fill(0);
    this.slot = 0;
    this.seen = 0;
    this.previousTypical = 0;
    this.positiveSum = 0;
    this.negativeSum = 0;
  }
}

export const mfi = defineIndicator({
  name: 'mfi',
  talib: 'MFI',
  group: 'momentum',
  description: 'Money Flow Index',
  inputs: ['high', 'low', 'close', 'volume'],
  params: [periodParam('timeperiod', 14, 2)],
  outputs: ['real'],
  lookback: (params) => params.timeperiod,
  createKernel: (params) => new MfiKernel(params.timeperiod),
});

/** Bars since the highest high / lowest low over `period + 1` bars; ties go to the latest bar. */
class AroonKernel implements IndicatorKernel {
  readonly out: Float64Array;
  private readonly window: HighLowWindow;
  private readonly factor: number;

  constructor(
    private readonly period: number,
    private readonly oscillator: boolean,
  ) {
    this.out = new Float64Array(oscillator ? 1 : 2);
    this.window = new HighLowWindow(period + 1);
    this.factor = 100.0 / period;
  }

  step(high: number, low: number): boolean {
    if (!this.window.push(high, low)) return false;
    const today = this.window.bar;
    const highestIndex = this.window.highest.index;
    const lowestIndex = this.window.lowest.index;
    if (this.oscillator) {
      this.out[0] = this.factor * (highestIndex - lowestIndex);
    } else {
      this.out[0] = this.factor * (this.period - (today - lowestIndex));
      this.out[1] = this.factor * (this.period - (today - highestIndex));
    }
    return true;
  }

  reset(): void {
    this.window.reset();
  }
}

export const aroon = defineIndicator({
  name: 'aroon',
  talib: 'AROON',
  group: 'momentum',
  description: 'Aroon',
  inputs: ['high', 'low'],
  params: [periodParam('timeperiod', 14, 2)],
  outputs: ['aroondown', 'aroonup'],
  lookback: (params) => params.timeperiod,
  createKernel: (params) => new AroonKernel(params.timeperiod, false),
});

export const aroonosc = defineIndicator({
  name: 'aroonosc',
  talib: 'AROONOSC',
  group: 'momentum',
  description: 'Aroon Oscillator',
  inputs: ['high', 'low'],
  params: [periodParam('timeperiod', 14, 2)],
  outputs: ['real'],
  lookback: (params) => params.timeperiod,
  createKernel: (params) => new AroonKernel(params.timeperiod, true),
});

/** Weights of the short, middle and long windows; ×1.0 is exact, so one formula serves all three. */
const ULTOSC_WEIGHTS = [4.0, 2.0, 1.0] as const;

/**
 * Ultimate Oscillator over three windows (sorted short→long, weights 4:2:1). Each window's sums
 * start where TA-Lib primes them, so rounding matches.
 */
class UltoscKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly periods: readonly [number, number, number];
  private readonly longest: number;
  private readonly buying: RingBuffer;
  private readonly ranges: RingBuffer;
  private readonly buyingTotals = new Float64Array(3);
  private readonly rangeTotals = new Float64Array(3);
  private bar = -1;
  private previousClose = 0;

  constructor(params: IndicatorParams) {
    const sorted = [params.timeperiod1, params.timeperiod2, params.timeperiod3].sort((a, b) => a - b);
    this.periods = [sorted[0], sorted[1], sorted[2]];
    this.longest = sorted[2];
    this.buying = new RingBuffer(this.longest);
    this.ranges = new RingBuffer(this.longest);
  }

  step(high: number, low: number, close: number): boolean {
    const bar = ++this.bar;
    const previousClose = this.previousClose;
    this.previousClose = close;
    if (bar === 0) return false;
    const trueLow = low < previousClose ? low : previousClose;
    const buyingPressure = close - trueLow;
    const range = trueRange(high, low, previousClose);
    this.buying.push(buyingPressure);
    this.ranges.push(range);
    const longest = this.longest;
    for (let w = 0; w < 3; w++) {
      if (bar >= longest - this.periods[w] + 1) {
        this.buyingTotals[w] += buyingPressure;
        this.rangeTotals[w] += range;
      }
    }
    if (bar < longest) return false;
    let output = 0.0;
    for (let w = 0; w < 3; w++) {
      if (isZero(this.rangeTotals[w])) continue;
      output += ULTOSC_WEIGHTS[w] * (this.buyingTotals[w] / this.rangeTotals[w]);
    }
    for (let w = 0; w < 3; w++) {
      const age = this.periods[w] - 1;
      this.buyingTotals[w] -= this.buying.ago(age);
      this.rangeTotals[w] -= this.ranges.ago(age);
    }
    this.out[0] = 100.0 * (output / 7.0);
    return true;
  }

  reset(): void {
    this.buying.reset();
    this.ranges.reset();
    this.buyingTotals.fill(0);
    this.rangeTotals.fill(0);
    this.bar = -1;
    this.previousClose = 0;
  }
}

export const ultosc = defineIndicator({
  name: 'ultosc',
  talib: 'ULTOSC',
  group: 'momentum',
  description: 'Ultimate Oscillator',
  inputs: hlc,
  params: [
    periodParam('timeperiod1', 7, 1, 'Number of bars for 1st period.'),
    periodParam('timeperiod2', 14, 1, 'Number of bars fro 2nd period'),
    periodParam('timeperiod3', 28, 1, 'Number of bars for 3rd period'),
  ],
  outputs: ['real'],
  lookback: (params) => Math.max(params.timeperiod1, params.timeperiod2, params.timeperiod3),
  createKernel: (params) => new UltoscKernel(params),
});

class BopKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);

  step(open: number, high: number, low: number, close: number): boolean {
    const range = high - low;
    this.out[0] = isZeroOrNegative(range) ? 0.0 : (close - open) / range;
    return true;
  }

  reset(): void {}
}

export const bop = defineIndicator({
  name: 'bop',
  talib: 'BOP',
  group: 'momentum',
  description: 'Balance Of Power',
  inputs: ['open', 'high', 'low', 'close'],
  params: [],
  outputs: ['real'],
  lookback: () => 0,
  createKernel: () => new BopKernel(),
});

export const momentumIndicators: readonly IndicatorDefinition[] = [
  rsi,
  cmo,
  macd,
  macdext,
  apo,
  ppo,
  mom,
  roc,
  rocp,
  rocr,
  rocr100,
  trix,
  stoch,
  stochf,
  stochrsi,
  willr,
  cci,
  mfi,
  aroon,
  aroonosc,
  ultosc,
  bop,
];
