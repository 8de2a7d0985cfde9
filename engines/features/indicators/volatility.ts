/** Volatility: true range, ATR/NATR, Keltner and Donchian channels, realised volatility. */
import { createMovingAverage, maLookback, MaType } from '../kernels/moving-averages.js';
import { ExtremumWindow, RingBuffer } from '../kernels/ring-buffer.js';
import { isZero, type Stage } from '../kernels/stage.js';
import { MAX_PERIOD, maTypeParam, periodParam, REAL_MAX, realParam } from '../params.js';
import type { IndicatorDefinition, IndicatorKernel, IndicatorParams } from '../types.js';
import { defineIndicator, trueRange } from './define.js';

const hlc = ['high', 'low', 'close'] as const;

class TrangeKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private previousClose = 0;
  private started = false;

  step(high: number, low: number, close: number): boolean {
    const previousClose = this.previousClose;
    this.previousClose = close;
    if (!this.started) {
      this.started = true;
      return false;
    }
    this.out[0] = trueRange(high, low, previousClose);
    return true;
  }

  reset(): void {
    this.previousClose = 0;
    this.started = false;
  }
}

export const trange = defineIndicator({
  name: 'trange',
  talib: 'TRANGE',
  group: 'volatility',
  description: 'True Range',
  inputs: hlc,
  params: [],
  outputs: ['real'],
  lookback: () => 1,
  createKernel: () => new TrangeKernel(),
});

/**
 * ATR: true ranges from bar 1, seeded with their SMA over `period` bars (TA_INT_SMA order), then
 * Wilder-smoothed. Period 1 is the true range itself.
 */
export class AtrState {
  value = 0;
  private bar = -1;
  private previousClose = 0;
  private seedTotal = 0;

  constructor(readonly period: number) {}

  push(high: number, low: number, close: number): boolean {
    const bar = ++this.bar;
    const previousClose = this.previousClose;
    this.previousClose = close;
    if (bar === 0) return false;
    const range = trueRange(high, low, previousClose);
    const period = this.period;
    if (period <= 1) {
      this.value = range;
      return true;
    }
    if (bar < period) {
      this.seedTotal += range;
      return false;
    }
    if (bar === period) {
      this.value = (this.seedTotal + range) / period;
      return true;
    }
    let atr = this.value * (period - 1);
    atr += range;
    this.value = atr / period;
    return true;
  }

  reset(): void {
    this.value = 0;
    this.bar = -1;
    this.previousClose = 0;
    this.seedTotal = 0;
  }
}

class AtrKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly atr: AtrState;

  constructor(
    period: number,
    private readonly normalised: boolean,
  ) {
    this.atr = new AtrState(period);
  }

  step(high: number, low: number, close: number): boolean {
    if (!this.atr.push(high, low, close)) return false;
    // TA-Lib's NATR with period 1 returns the plain true range.
    if (!this.normalised || this.atr.period <= 1) this.out[0] = this.atr.value;
    else this.out[0] = isZero(close) ? 0.0 : (this.atr.value / close) * 100.0;
    return true;
  }

  reset(): void {
    this.atr.reset();
  }
}

export const atr = defineIndicator({
  name: 'atr',
  talib: 'ATR',
  group: 'volatility',
  description: 'Average True Range',
  inputs: hlc,
  params: [periodParam('timeperiod', 14, 1)],
  outputs: ['real'],
  lookback: (params) => params.timeperiod,
  createKernel: (params) => new AtrKernel(params.timeperiod, false),
});

export const natr = defineIndicator({
  name: 'natr',
  talib: 'NATR',
  group: 'volatility',
  description: 'Normalized Average True Range',
  inputs: hlc,
  params: [periodParam('timeperiod', 14, 1)],
  outputs: ['real'],
  lookback: (params) => params.timeperiod,
  createKernel: (params) => new AtrKernel(params.timeperiod, true),
});

/** Keltner channels: MA of close ± multiplier × ATR (not in TA-Lib). */
class KeltnerKernel implements IndicatorKernel {
  readonly out = new Float64Array(3);
  private readonly middle: Stage;
  private readonly atr: AtrState;
  private readonly multiplier: number;

  constructor(params: IndicatorParams) {
    this.middle = createMovingAverage(params.matype, params.timeperiod);
    this.atr = new AtrState(params.atr_period);
    this.multiplier = params.multiplier;
  }

  step(high: number, low: number, close: number): boolean {
    const middleReady = this.middle.push(close);
    if (!this.atr.push(high, low, close) || !middleReady) return false;
    const middle = this.middle.value;
    const offset = this.multiplier * this.atr.value;
    this.out[0] = middle + offset;
    this.out[1] = middle;
    this.out[2] = middle - offset;
    return true;
  }

  reset(): void {
    this.middle.reset();
    this.atr.reset();
  }
}

export const keltner = defineIndicator({
  name: 'keltner',
  group: 'volatility',
  description: 'Keltner Channels: MA(close) ± multiplier × ATR',
  inputs: hlc,
  params: [
    periodParam('timeperiod', 20, 2, 'Number of period of the middle moving average'),
    maTypeParam('matype', MaType.EMA, 'Type of Moving Average for the middle band'),
    periodParam('atr_period', 10, 1, 'Number of period of the ATR'),
    realParam('multiplier', 2, 0, REAL_MAX, 'ATR multiplier for the band offset'),
  ],
  outputs: ['upperband', 'middleband', 'lowerband'],
  lookback: (params) => Math.max(maLookback(params.matype, params.timeperiod), params.atr_period),
  createKernel: (params) => new KeltnerKernel(params),
});

/** Donchian channels: highest high and lowest low of the last `timeperiod` bars, and their mean. */
class DonchianKernel implements IndicatorKernel {
  readonly out = new Float64Array(3);
  private readonly highest: ExtremumWindow;
  private readonly lowest: ExtremumWindow;
  private bar = -1;

  constructor(private readonly period: number) {
    this.highest = new ExtremumWindow(period, true);
    this.lowest = new ExtremumWindow(period, false);
  }

  step(high: number, low: number): boolean {
    const bar = ++this.bar;
    this.highest.push(bar, high);
    this.lowest.push(bar, low);
    if (bar < this.period - 1) return false;
    const upper = this.highest.value;
    const lower = this.lowest.value;
    this.out[0] = upper;
    this.out[1] = (upper + lower) / 2;
    this.out[2] = lower;
    return true;
  }

  reset(): void {
    this.highest.reset();
    this.lowest.reset();
    this.bar = -1;
  }
}

export const donchian = defineIndicator({
  name: 'donchian',
  group: 'volatility',
  description: 'Donchian Channels: highest high, lowest low and their midpoint',
  inputs: ['high', 'low'],
  params: [periodParam('timeperiod', 20, 1)],
  outputs: ['upperband', 'middleband', 'lowerband'],
  lookback: (params) => params.timeperiod - 1,
  createKernel: (params) => new DonchianKernel(params.timeperiod),
});

/**
 * Mean and variance of the last `period` values by a sliding-window Welford update, which stays
 * accurate over millions of bars where running sums of squares would cancel.
 */
export class RollingMoments {
  mean = 0;
  private m2 = 0;
  private readonly history: RingBuffer;

  constructor(readonly period: number) {
    this.history = new RingBuffer(period);
  }

  push(x: number): boolean {
    const period = this.period;
    if (this.history.size < period) {
      this.history.push(x);
      const count = this.history.size;
      const delta = x - this.mean;
      this.mean += delta / count;
      this.m2 += delta * (x - this.mean);
      return count === period;
    }
    const leaving = this.history.ago(period - 1);
    this.history.push(x);
    const previousMean = this.mean;
    this.mean = previousMean + (x - leaving) / period;
    this.m2 += (x - leaving) * (x - this.mean + leaving - previousMean);
    return true;
  }

  /** Sum of squared deviations from the mean, never negative. */
  get sumOfSquares(): number {
    return this.m2 > 0 ? this.m2 : 0;
  }

  sampleVariance(): number {
    return this.sumOfSquares / (this.period - 1);
  }

  reset(): void {
    this.mean = 0;
    this.m2 = 0;
    this.history.reset();
  }
}

/** Running sum of the last `period` values. */
class RollingSum {
  total = 0;
  private readonly history: RingBuffer;

  constructor(readonly period: number) {
    this.history = new RingBuffer(period);
  }

  push(x: number): boolean {
    if (this.history.size === this.period) this.total -= this.history.ago(this.period - 1);
    this.history.push(x);
    this.total += x;
    return this.history.size === this.period;
  }

  reset(): void {
    this.total = 0;
    this.history.reset();
  }
}

const LN2 = Math.log(2);

const volatilityParams = [
  periodParam('timeperiod', 20, 2, 'Number of bars in the window'),
  realParam('annualization', 252, 1, MAX_PERIOD * 10, 'Bars per year; the result is scaled by its square root (1 = per bar)'),
];

/** Close-to-close: sample standard deviation of log returns. */
class CloseToCloseKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly returns: RollingMoments;
  private readonly scale: number;
  private previousClose = NaN;

  constructor(params: IndicatorParams) {
    this.returns = new RollingMoments(params.timeperiod);
    this.scale = Math.sqrt(params.annualization);
  }

  step(close: number): boolean {
    const previousClose = this.previousClose;
    this.previousClose = close;
    if (Number.isNaN(previousClose)) return false;
    if (!this.returns.push(Math.log(close / previousClose))) return false;
    this.out[0] = Math.sqrt(this.returns.sampleVariance()) * this.scale;
    return true;
  }

  reset(): void {
    this.returns.reset();
    this.previousClose = NaN;
  }
}

/** Parkinson (1980): high-low range estimator. */
class ParkinsonKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly squaredRanges: RollingSum;
  private readonly scale: number;

  constructor(params: IndicatorParams) {
    this.squaredRanges = new RollingSum(params.timeperiod);
    this.scale = params.annualization / (4 * params.timeperiod * LN2);
  }

  step(high: number, low: number): boolean {
    const range = Math.log(high / low);
    if (!this.squaredRanges.push(range * range)) return false;
    this.out[0] = Math.sqrt(Math.max(0, this.squaredRanges.total) * this.scale);
    return true;
  }

  reset(): void {
    this.squaredRanges.reset();
  }
}

/** Garman-Klass (1980): ½·ln(H/L)² − (2 ln 2 − 1)·ln(C/O)² per bar, averaged. */
class GarmanKlassKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly terms: RollingSum;
  private readonly scale: number;

  constructor(params: IndicatorParams) {
    this.terms = new RollingSum(params.timeperiod);
    this.scale = params.annualization / params.timeperiod;
  }

  step(open: number, high: number, low: number, close: number): boolean {
    const range = Math.log(high / low);
    const body = Math.log(close / open);
    if (!this.terms.push(0.5 * range * range - (2 * LN2 - 1) * body * body)) return false;
    this.out[0] = Math.sqrt(Math.max(0, this.terms.total) * this.scale);
    return true;
  }

  reset(): void {
    this.terms.reset();
  }
}

/**
 * Yang-Zhang (2000): overnight variance + k·open-to-close variance + (1−k)·Rogers-Satchell,
 * k = 0.34 / (1.34 + (n+1)/(n−1)); sample variances over n bars.
 */
class YangZhangKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly overnight: RollingMoments;
  private readonly openToClose: RollingMoments;
  private readonly rogersSatchell: RollingSum;
  private readonly k: number;
  private readonly annualization: number;
  private previousClose = NaN;

  constructor(params: IndicatorParams) {
    const n = params.timeperiod;
    this.overnight = new RollingMoments(n);
    this.openToClose = new RollingMoments(n);
    this.rogersSatchell = new RollingSum(n);
    this.k = 0.34 / (1.34 + (n + 1) / (n - 1));
    this.annualization = params.annualization;
  }

  step(open: number, high: number, low: number, close: number): boolean {
    const previousClose = this.previousClose;
    this.previousClose = close;
    if (Number.isNaN(previousClose)) return false;
    const highToClose = Math.log(high / close);
    const highToOpen = Math.log(high / open);
    const lowToClose = Math.log(low / close);
    const lowToOpen = Math.log(low / open);
    this.overnight.push(Math.log(open / previousClose));
    this.openToClose.push(Math.log(close / open));
    if (!this.rogersSatchell.push(highToClose * highToOpen + lowToClose * lowToOpen)) return false;
    const n = this.rogersSatchell.period;
    const variance =
      this.overnight.sampleVariance() + this.k * this.openToClose.sampleVariance() + (1 - this.k) * (this.rogersSatchell.total / n);
    this.out[0] = Math.sqrt(Math.max(0, variance) * this.annualization);
    return true;
  }

  reset(): void {
    this.overnight.reset();
    this.openToClose.reset();
    this.rogersSatchell.reset();
    this.previousClose = NaN;
  }
}

export const rvolCloseToClose = defineIndicator({
  name: 'rvol_cc',
  group: 'volatility',
  description: 'Realised volatility, close-to-close (sample stdev of log returns)',
  inputs: ['close'],
  params: volatilityParams,
  outputs: ['real'],
  lookback: (params) => params.timeperiod,
  createKernel: (params) => new CloseToCloseKernel(params),
});

export const rvolParkinson = defineIndicator({
  name: 'rvol_parkinson',
  group: 'volatility',
  description: 'Realised volatility, Parkinson high-low estimator',
  inputs: ['high', 'low'],
  params: volatilityParams,
  outputs: ['real'],
  lookback: (params) => params.timeperiod - 1,
  createKernel: (params) => new ParkinsonKernel(params),
});

export const rvolGarmanKlass = defineIndicator({
  name: 'rvol_garman_klass',
  group: 'volatility',
  description: 'Realised volatility, Garman-Klass OHLC estimator',
  inputs: ['open', 'high', 'low', 'close'],
  params: volatilityParams,
  outputs: ['real'],
  lookback: (params) => params.timeperiod - 1,
  createKernel: (params) => new GarmanKlassKernel(params),
});

export const rvolYangZhang = defineIndicator({
  name: 'rvol_yang_zhang',
  group: 'volatility',
  description: 'Realised volatility, Yang-Zhang estimator (overnight, open-to-close, Rogers-Satchell)',
  inputs: ['open', 'high', 'low', 'close'],
  params: volatilityParams,
  outputs: ['real'],
  lookback: (params) => params.timeperiod,
  createKernel: (params) => new YangZhangKernel(params),
});

export const volatilityIndicators: readonly IndicatorDefinition[] = [
  trange,
  atr,
  natr,
  keltner,
  donchian,
  rvolCloseToClose,
  rvolParkinson,
  rvolGarmanKlass,
  rvolYangZhang,
];
