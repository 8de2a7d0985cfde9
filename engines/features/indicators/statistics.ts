/** Statistic functions: STDDEV, VAR, linear regression family, BETA, CORREL, z-score, rolling Sharpe. */
import { SmaStage } from '../kernels/moving-averages.js';
import { RingBuffer } from '../kernels/ring-buffer.js';
import { isZero, isZeroOrNegative } from '../kernels/stage.js';
import { MAX_PERIOD, periodParam, REAL_MAX, REAL_MIN, realParam } from '../params.js';
import type { IndicatorDefinition, IndicatorKernel, IndicatorParams } from '../types.js';
import { defineIndicator, VarianceStage } from './define.js';
import { RollingMoments } from './volatility.js';

const nbdev = realParam('nbdev', 1, REAL_MIN, REAL_MAX, 'Nb of deviations');

class VarianceKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly variance: VarianceStage;

  constructor(
    period: number,
    private readonly deviations: number,
    private readonly standardDeviation: boolean,
  ) {
    this.variance = new VarianceStage(period);
  }

  step(x: number): boolean {
    if (!this.variance.push(x)) return false;
    const variance = this.variance.value;
    if (!this.standardDeviation) this.out[0] = variance;
    else this.out[0] = isZeroOrNegative(variance) ? 0.0 : Math.sqrt(variance) * this.deviations;
    return true;
  }

  reset(): void {
    this.variance.reset();
  }
}

export const stddev = defineIndicator({
  name: 'stddev',
  talib: 'STDDEV',
  group: 'statistic',
  description: 'Standard Deviation (population)',
  inputs: ['real'],
  params: [periodParam('timeperiod', 5, 2), nbdev],
  outputs: ['real'],
  lookback: (params) => params.timeperiod - 1,
  createKernel: (params) => new VarianceKernel(params.timeperiod, params.nbdev, true),
});

export const variance = defineIndicator({
  name: 'var',
  talib: 'VAR',
  group: 'statistic',
  description: 'Variance (population; nbdev is accepted and ignored, as in TA-Lib)',
  inputs: ['real'],
  params: [periodParam('timeperiod', 5, 1), nbdev],
  outputs: ['real'],
  lookback: (params) => params.timeperiod - 1,
  createKernel: (params) => new VarianceKernel(params.timeperiod, params.nbdev, false),
});

type RegressionOutput = 'linearreg' | 'linearreg_slope' | 'linearreg_angle' | 'linearreg_intercept' | 'tsf';

const DEGREES_PER_RADIAN = 180.0 / 3.14159265358979323846;

/**
 * Least-squares line over the window with TA-Lib's x = bars-ago convention. The sums are rebuilt
 * over the window every bar (O(period)), in TA-Lib's order: a running update would round
 * differently and break exactness where the slope is near zero.
 */
class RegressionKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly history: RingBuffer;
  private readonly sumX: number;
  private readonly divisor: number;

  constructor(
    private readonly period: number,
    private readonly output: RegressionOutput,
  ) {
    this.history = new RingBuffer(period);
    this.sumX = period * (period - 1) * 0.5;
    const sumXSquared = (period * (period - 1) * (2 * period - 1)) / 6;
    this.divisor = this.sumX * this.sumX - period * sumXSquared;
  }

  step(x: number): boolean {
    const history = this.history;
    history.push(x);
    const period = this.period;
    if (history.size < period) return false;
    let sumXY = 0;
    let sumY = 0;
    for (let i = period - 1; i >= 0; i--) {
      const y = history.ago(i);
      sumY += y;
      sumXY += i * y;
    }
    const slope = (period * sumXY - this.sumX * sumY) / this.divisor;
    switch (this.output) {
      case 'linearreg_slope':
        this.out[0] = slope;
        break;
      case 'linearreg_angle':
        this.out[0] = Math.atan(slope) * DEGREES_PER_RADIAN;
        break;
      default: {
        const intercept = (sumY - slope * this.sumX) / period;
        if (this.output === 'linearreg_intercept') this.out[0] = intercept;
        else if (this.output === 'tsf') this.out[0] = intercept + slope * period;
        else this.out[0] = intercept + slope * (period - 1);
      }
    }
    return true;
  }

  reset(): void {
    this.history.reset();
  }
}

function regression(name: RegressionOutput, description: string): IndicatorDefinition {
  return defineIndicator({
    name,
    talib: name.toUpperCase(),
    group: 'statistic',
    description,
    inputs: ['real'],
    params: [periodParam('timeperiod', 14, 2)],
    outputs: ['real'],
    lookback: (params) => params.timeperiod - 1,
    createKernel: (params) => new RegressionKernel(params.timeperiod, name),
  });
}

export const linearreg = regression('linearreg', 'Linear Regression (value of the fitted line at the latest bar)');
export const linearregSlope = regression('linearreg_slope', 'Linear Regression Slope (per bar)');
export const linearregAngle = regression('linearreg_angle', 'Linear Regression Angle (degrees)');
export const linearregIntercept = regression('linearreg_intercept', 'Linear Regression Intercept (fitted value at the oldest bar)');
export const tsf = regression('tsf', 'Time Series Forecast (fitted line one bar ahead)');

/** One-bar relative change as BETA computes it (0 when the previous price is ~0). */
function relativeChange(current: number, previous: number): number {
  return isZero(previous) ? 0.0 : (current - previous) / previous;
}

/** TA-Lib's BETA: slope of real1's one-bar returns regressed on real0's (real0 is the benchmark). */
class BetaKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly returnsX: RingBuffer;
  private readonly returnsY: RingBuffer;
  private bar = -1;
  private lastX = 0;
  private lastY = 0;
  private sxx = 0;
  private sxy = 0;
  private sx = 0;
  private sy = 0;

  constructor(private readonly period: number) {
    this.returnsX = new RingBuffer(period);
    this.returnsY = new RingBuffer(period);
  }

  step(real0: number, real1: number): boolean {
    const bar = ++this.bar;
    const x = relativeChange(real0, this.lastX);
    const y = relativeChange(real1, this.lastY);
    this.lastX = real0;
    this.lastY = real1;
    if (bar === 0) return false;
    this.returnsX.push(x);
    this.returnsY.push(y);
    this.sxx += x * x;
    this.sxy += x * y;
    this.sx += x;
    this.sy += y;
    const period = this.period;
    if (bar < period) return false;
    const n = period;
    const denominator = n * this.sxx - this.sx * this.sx;
    this.out[0] = isZero(denominator) ? 0.0 : (n * this.sxy - this.sx * this.sy) / denominator;
    const oldX = this.returnsX.ago(period - 1);
    const oldY = this.returnsY.ago(period - 1);
    this.sxx -= oldX * oldX;
    this.sxy -= oldX * oldY;
    this.sx -= oldX;
    this.sy -= oldY;
    return true;
  }

  reset(): void {
    this.returnsX.reset();
    this.returnsY.reset();
    this.bar = -1;
    this.lastX = 0;
    this.lastY = 0;
    this.sxx = 0;
    this.sxy = 0;
    this.sx = 0;
    this.sy = 0;
  }
}

export const beta = defineIndicator({
  name: 'beta',
  talib: 'BETA',
  group: 'statistic',
  description: 'Beta: slope of real1 one-bar returns regressed on real0 (the benchmark) returns',
  inputs: ['real0', 'real1'],
  params: [periodParam('timeperiod', 5, 1)],
  outputs: ['real'],
  lookback: (params) => params.timeperiod,
  createKernel: (params) => new BetaKernel(params.timeperiod),
});

/** Pearson correlation of the two series' values over the window (running sums, TA-Lib order). */
class CorrelKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly historyX: RingBuffer;
  private readonly historyY: RingBuffer;
  private sumXY = 0;
  private sumX = 0;
  private sumY = 0;
  private sumX2 = 0;
  private sumY2 = 0;

  constructor(private readonly period: number) {
    this.historyX = new RingBuffer(period);
    this.historyY = new RingBuffer(period);
  }

  step(x: number, y: number): boolean {
    const period = this.period;
    if (this.historyX.size === period) {
      const trailingX = this.historyX.ago(period - 1);
      const trailingY = this.historyY.ago(period - 1);
      this.sumX -= trailingX;
      this.sumX2 -= trailingX * trailingX;
      this.sumXY -= trailingX * trailingY;
      this.sumY -= trailingY;
      this.sumY2 -= trailingY * trailingY;
    }
    this.historyX.push(x);
    this.historyY.push(y);
    this.sumX += x;
    this.sumX2 += x * x;
    this.sumXY += x * y;
    this.sumY += y;
    this.sumY2 += y * y;
    if (this.historyX.size < period) return false;
    const spread = (this.sumX2 - (this.sumX * this.sumX) / period) * (this.sumY2 - (this.sumY * this.sumY) / period);
    this.out[0] = isZeroOrNegative(spread) ? 0.0 : (this.sumXY - (this.sumX * this.sumY) / period) / Math.sqrt(spread);
    return true;
  }

  reset(): void {
    this.historyX.reset();
    this.historyY.reset();
    this.sumXY = 0;
    this.sumX = 0;
    this.sumY = 0;
    this.sumX2 = 0;
    this.sumY2 = 0;
  }
}

export const correl = defineIndicator({
  name: 'correl',
  talib: 'CORREL',
  group: 'statistic',
  description: "Pearson's Correlation Coefficient (r)",
  inputs: ['real0', 'real1'],
  params: [periodParam('timeperiod', 30, 1)],
  outputs: ['real'],
  lookback: (params) => params.timeperiod - 1,
  createKernel: (params) => new CorrelKernel(params.timeperiod),
});

/** (x − SMA) / STDDEV over the window, with TA-Lib's SMA and population STDDEV; 0 when flat. */
class ZScoreKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly mean: SmaStage;
  private readonly variance: VarianceStage;

  constructor(period: number) {
    this.mean = new SmaStage(period);
    this.variance = new VarianceStage(period);
  }

  step(x: number): boolean {
    const meanReady = this.mean.push(x);
    if (!this.variance.push(x) || !meanReady) return false;
    const variance = this.variance.value;
    const deviation = isZeroOrNegative(variance) ? 0.0 : Math.sqrt(variance);
    this.out[0] = deviation === 0.0 ? 0.0 : (x - this.mean.value) / deviation;
    return true;
  }

  reset(): void {
    this.mean.reset();
    this.variance.reset();
  }
}

export const zscore = defineIndicator({
  name: 'zscore',
  group: 'statistic',
  description: 'Z-score of the value against its rolling mean and standard deviation',
  inputs: ['real'],
  params: [periodParam('timeperiod', 20, 2)],
  outputs: ['real'],
  lookback: (params) => params.timeperiod - 1,
  createKernel: (params) => new ZScoreKernel(params.timeperiod),
});

/** Rolling Sharpe ratio of simple returns in excess of a per-bar risk-free rate, annualised. */
class SharpeKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly excess: RollingMoments;
  private readonly scale: number;
  private readonly riskFree: number;
  private previous = NaN;

  constructor(params: IndicatorParams) {
    this.excess = new RollingMoments(params.timeperiod);
    this.scale = Math.sqrt(params.annualization);
    this.riskFree = params.riskfree;
  }

  step(x: number): boolean {
    const previous = this.previous;
    this.previous = x;
    if (Number.isNaN(previous)) return false;
    const simpleReturn = previous !== 0 ? x / previous - 1 : 0;
    if (!this.excess.push(simpleReturn - this.riskFree)) return false;
    const deviation = Math.sqrt(this.excess.sampleVariance());
    this.out[0] = deviation > 0 ? (this.excess.mean / deviation) * this.scale : 0;
    return true;
  }

  reset(): void {
    this.excess.reset();
    this.previous = NaN;
  }
}

export const sharpe = defineIndicator({
  name: 'sharpe',
  group: 'performance',
  description: 'Rolling Sharpe ratio: mean / sample stdev of excess one-bar returns × √annualization',
  inputs: ['real'],
  params: [
    periodParam('timeperiod', 252, 2, 'Number of returns in the window'),
    realParam('annualization', 252, 1, MAX_PERIOD * 10, 'Bars per year (1 = per-bar ratio)'),
    realParam('riskfree', 0, -1, 1, 'Risk-free return per bar, subtracted from each return'),
  ],
  outputs: ['real'],
  lookback: (params) => params.timeperiod,
  createKernel: (params) => new SharpeKernel(params),
});

export const statisticIndicators: readonly IndicatorDefinition[] = [
  stddev,
  variance,
  linearreg,
  linearregSlope,
  linearregAngle,
  linearregIntercept,
  tsf,
  beta,
  correl,
  zscore,
  sharpe,
];
