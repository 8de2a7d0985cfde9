/** Overlap studies: moving averages, Bollinger Bands, Parabolic SAR, Hull MA. */
import {
  createMovingAverage,
  DemaStage,
  EmaStage,
  KamaStage,
  maLookback,
  MaType,
  SmaStage,
  T3Stage,
  TemaStage,
  TrimaStage,
  WmaStage,
} from '../kernels/moving-averages.js';
import { MAMA_LOOKBACK, MamaStage } from '../kernels/mama.js';
import { isZeroOrNegative, type Stage } from '../kernels/stage.js';
import { maTypeParam, periodParam, REAL_MAX, REAL_MIN, realParam } from '../params.js';
import type { IndicatorDefinition, IndicatorKernel, IndicatorParams } from '../types.js';
import { defineIndicator, StageKernel, VarianceStage } from './define.js';

const timeperiod = (defaultValue: number, min = 2) => periodParam('timeperiod', defaultValue, min);

function movingAverage(
  name: string,
  talib: string,
  description: string,
  defaultPeriod: number,
  lookback: (period: number) => number,
  createStage: (period: number) => Stage,
): IndicatorDefinition {
  return defineIndicator({
    name,
    talib,
    group: 'overlap',
    description,
    inputs: ['real'],
    params: [timeperiod(defaultPeriod)],
    outputs: ['real'],
    lookback: (params) => lookback(params.timeperiod),
    createKernel: (params) => new StageKernel(createStage(params.timeperiod)),
  });
}

export const sma = movingAverage('sma', 'SMA', 'Simple Moving Average', 30, (p) => p - 1, (p) => new SmaStage(p));
export const ema = movingAverage('ema', 'EMA', 'Exponential Moving Average', 30, (p) => p - 1, (p) => new EmaStage(p));
export const wma = movingAverage('wma', 'WMA', 'Weighted Moving Average', 30, (p) => p - 1, (p) => new WmaStage(p));
export const dema = movingAverage('dema', 'DEMA', 'Double Exponential Moving Average', 30, (p) => 2 * (p - 1), (p) => new DemaStage(p));
export const tema = movingAverage('tema', 'TEMA', 'Triple Exponential Moving Average', 30, (p) => 3 * (p - 1), (p) => new TemaStage(p));
export const trima = movingAverage('trima', 'TRIMA', 'Triangular Moving Average', 30, (p) => p - 1, (p) => new TrimaStage(p));
export const kama = movingAverage('kama', 'KAMA', 'Kaufman Adaptive Moving Average', 30, (p) => p, (p) => new KamaStage(p));

export const t3 = defineIndicator({
  name: 't3',
  talib: 'T3',
  group: 'overlap',
  description: 'Triple Exponential Moving Average (T3)',
  inputs: ['real'],
  params: [timeperiod(5), realParam('vfactor', 0.7, 0, 1, 'Volume Factor')],
  outputs: ['real'],
  lookback: (params) => 6 * (params.timeperiod - 1),
  createKernel: (params) => new StageKernel(new T3Stage(params.timeperiod, params.vfactor)),
});

export const ma = defineIndicator({
  name: 'ma',
  talib: 'MA',
  group: 'overlap',
  description: 'Moving average of any TA-Lib type (matype)',
  inputs: ['real'],
  params: [timeperiod(30, 1), maTypeParam('matype', MaType.SMA, 'Type of Moving Average')],
  outputs: ['real'],
  lookback: (params) => maLookback(params.matype, params.timeperiod),
  createKernel: (params) => new StageKernel(createMovingAverage(params.matype, params.timeperiod)),
});

class MamaKernel implements IndicatorKernel {
  readonly out = new Float64Array(2);
  private readonly stage: MamaStage;

  constructor(params: IndicatorParams) {
    this.stage = new MamaStage(params.fastlimit, params.slowlimit, 0);
  }

  step(x: number): boolean {
    if (!this.stage.push(x)) return false;
    this.out[0] = this.stage.value;
    this.out[1] = this.stage.fama;
    return true;
  }

  reset(): void {
    this.stage.reset();
  }
}

export const mama = defineIndicator({
  name: 'mama',
  talib: 'MAMA',
  group: 'overlap',
  description: 'MESA Adaptive Moving Average',
  inputs: ['real'],
  params: [realParam('fastlimit', 0.5, 0.01, 0.99, 'Upper limit use in the adaptive algorithm'), realParam('slowlimit', 0.05, 0.01, 0.99, 'Lower limit use in the adaptive algorithm')],
  outputs: ['mama', 'fama'],
  lookback: () => MAMA_LOOKBACK,
  createKernel: (params) => new MamaKernel(params),
});

/** Hull MA: WMA(2·WMA(x, n/2) − WMA(x, n), √n), periods floored; not in TA-Lib. */
class HmaKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly half: Stage;
  private readonly full: Stage;
  private readonly smoother: Stage;

  constructor(period: number) {
    this.half = createMovingAverage(MaType.WMA, Math.floor(period / 2));
    this.full = createMovingAverage(MaType.WMA, period);
    this.smoother = createMovingAverage(MaType.WMA, Math.floor(Math.sqrt(period)));
  }

  step(x: number): boolean {
    const halfReady = this.half.push(x);
    if (!this.full.push(x) || !halfReady) return false;
    if (!this.smoother.push(2.0 * this.half.value - this.full.value)) return false;
    this.out[0] = this.smoother.value;
    return true;
  }

  reset(): void {
    this.half.reset();
    this.full.reset();
    this.smoother.reset();
  }
}

export const hma = defineIndicator({
  name: 'hma',
  group: 'overlap',
  description: 'Hull Moving Average',
  inputs: ['real'],
  params: [timeperiod(9)],
  outputs: ['real'],
  lookback: (params) => params.timeperiod - 1 + (Math.floor(Math.sqrt(params.timeperiod)) - 1),
  createKernel: (params) => new HmaKernel(params.timeperiod),
});

/** BBANDS lookback: the MA's, except MAMA with a window longer than its fixed 32 bars. */
function bbandsLookback(params: IndicatorParams): number {
  const movingAverageLookback = maLookback(params.matype, params.timeperiod);
  if (params.matype === MaType.SMA) return movingAverageLookback;
  return Math.max(movingAverageLookback, params.timeperiod - 1);
}

/**
 * Bollinger Bands as TA-Lib computes them: for SMA the deviation reuses the MA (mean of squares
 * minus squared MA); for other MA types it is TA_STDDEV started where the MA starts.
 */
class BbandsKernel implements IndicatorKernel {
  /** upperband, middleband, lowerband, percentb, bandwidth */
  readonly out = new Float64Array(5);
  private readonly average: Stage;
  private readonly meanOfSquares: SmaStage | null;
  private readonly variance: VarianceStage | null;
  private readonly varianceFirstBar: number;
  private readonly nbdevup: number;
  private readonly nbdevdn: number;
  private bar = 0;

  constructor(params: IndicatorParams) {
    const period = params.timeperiod;
    this.average = createMovingAverage(params.matype, period);
    this.nbdevup = params.nbdevup;
    this.nbdevdn = params.nbdevdn;
    const usesSma = params.matype === MaType.SMA;
    this.meanOfSquares = usesSma ? new SmaStage(period) : null;
    this.variance = usesSma ? null : new VarianceStage(period);
    this.varianceFirstBar = Math.max(0, maLookback(params.matype, period) - (period - 1));
  }

  step(x: number): boolean {
    const bar = this.bar++;
    const averageReady = this.average.push(x);
    let deviation: number;
    if (this.meanOfSquares !== null) {
      if (!this.meanOfSquares.push(x * x) || !averageReady) return false;
      const middle = this.average.value;
      const variance = this.meanOfSquares.value - middle * middle;
      deviation = isZeroOrNegative(variance) ? 0.0 : Math.sqrt(variance);
    } else {
      const varianceReady = bar >= this.varianceFirstBar && this.variance!.push(x);
      if (!varianceReady || !averageReady) return false;
      const variance = this.variance!.value;
      deviation = isZeroOrNegative(variance) ? 0.0 : Math.sqrt(variance);
    }
    this.writeBands(x, this.average.value, deviation);
    return true;
  }

  private writeBands(x: number, middle: number, deviation: number): void {
    const upper = middle + deviation * this.nbdevup;
    const lower = middle - deviation * this.nbdevdn;
    const width = upper - lower;
    const out = this.out;
    out[0] = upper;
    out[1] = middle;
    out[2] = lower;
    out[3] = width !== 0 ? (x - lower) / width : 0.5;
    out[4] = middle !== 0 ? width / middle : 0;
  }

  reset(): void {
    this.average.reset();
    this.meanOfSquares?.reset();
    this.variance?.reset();
    this.bar = 0;
  }
}

export const bbands = defineIndicator({
  name: 'bbands',
  talib: 'BBANDS',
  group: 'overlap',
  description: 'Bollinger Bands, with %B and bandwidth',
  inputs: ['real'],
  params: [
    timeperiod(5),
    realParam('nbdevup', 2, REAL_MIN, REAL_MAX, 'Deviation multiplier for upper band'),
    realParam('nbdevdn', 2, REAL_MIN, REAL_MAX, 'Deviation multiplier for lower band'),
    maTypeParam('matype', MaType.SMA, 'Type of Moving Average'),
  ],
  outputs: ['upperband', 'middleband', 'lowerband', 'percentb', 'bandwidth'],
  lookback: bbandsLookback,
  createKernel: (params) => new BbandsKernel(params),
});

/** Wilder's Parabolic SAR, TA-Lib's variant (direction from the first bar's −DM). */
class SarKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly acceleration: number;
  private readonly maximum: number;
  private bar = 0;
  private isLong = true;
  private af = 0;
  private ep = 0;
  private sar = 0;
  private newHigh = 0;
  private newLow = 0;

  constructor(params: IndicatorParams) {
    this.maximum = params.maximum;
    this.acceleration = params.acceleration > params.maximum ? params.maximum : params.acceleration;
  }

  step(high: number, low: number): boolean {
    const bar = this.bar++;
    if (bar === 0) {
      this.newHigh = high;
      this.newLow = low;
      return false;
    }
    if (bar === 1) this.start(high, low);
    const prevLow = this.newLow;
    const prevHigh = this.newHigh;
    this.newLow = low;
    this.newHigh = high;
    this.out[0] = this.isLong ? this.stepLong(prevHigh, prevLow) : this.stepShort(prevHigh, prevLow);
    return true;
  }

  /** Second bar: direction from MINUS_DM(1) of bars 0→1, then TA-Lib's initial SAR and EP. */
  private start(high: number, low: number): void {
    const diffPlus = high - this.newHigh;
    const diffMinus = this.newLow - low;
    const minusDm = diffMinus > 0 && diffPlus < diffMinus ? diffMinus : 0;
    this.isLong = !(minusDm > 0);
    this.af = this.acceleration;
    if (this.isLong) {
      this.ep = high;
      this.sar = this.newLow;
    } else {
      this.ep = low;
      this.sar = this.newHigh;
    }
    // TA-Lib seeds "previous" with the second bar itself.
    this.newLow = low;
    this.newHigh = high;
  }

  private stepLong(prevHigh: number, prevLow: number): number {
    const { newHigh, newLow } = this;
    let output: number;
    if (newLow <= this.sar) {
      this.isLong = false;
      let sar = this.ep;
      if (sar < prevHigh) sar = prevHigh;
      if (sar < newHigh) sar = newHigh;
      output = sar;
      this.af = this.acceleration;
      this.ep = newLow;
      sar = sar + this.af * (this.ep - sar);
      if (sar < prevHigh) sar = prevHigh;
      if (sar < newHigh) sar = newHigh;
      this.sar = sar;
    } else {
      output = this.sar;
      if (newHigh > this.ep) {
        this.ep = newHigh;
        this.af += this.acceleration;
        if (this.af > this.maximum) this.af = this.maximum;
      }
      let sar = this.sar + this.af * (this.ep - this.sar);
      if (sar > prevLow) sar = prevLow;
      if (sar > newLow) sar = newLow;
      this.sar = sar;
    }
    return output;
  }

  private stepShort(prevHigh: number, prevLow: number): number {
    const { newHigh, newLow } = this;
    let output: number;
    if (newHigh >= this.sar) {
      this.isLong = true;
      let sar = this.ep;
      if (sar > prevLow) sar = prevLow;
      if (sar > newLow) sar = newLow;
      output = sar;
      this.af = this.acceleration;
      this.ep = newHigh;
      sar = sar + this.af * (this.ep - sar);
      if (sar > prevLow) sar = prevLow;
      if (sar > newLow) sar = newLow;
      this.sar = sar;
    } else {
      output = this.sar;
      if (newLow < this.ep) {
        this.ep = newLow;
        this.af += this.acceleration;
        if (this.af > this.maximum) this.af = this.maximum;
      }
      let sar = this.sar + this.af * (this.ep - this.sar);
      if (sar < prevHigh) sar = prevHigh;
      if (sar < newHigh) sar = newHigh;
      this.sar = sar;
    }
    return output;
  }

  reset(): void {
    this.bar = 0;
    this.isLong = true;
    this.af = 0;
    this.ep = 0;
    this.sar = 0;
    this.newHigh = 0;
    this.newLow = 0;
  }
}

export const sar = defineIndicator({
  name: 'sar',
  talib: 'SAR',
  group: 'overlap',
  description: 'Parabolic SAR',
  inputs: ['high', 'low'],
  params: [
    realParam('acceleration', 0.02, 0, REAL_MAX, 'Acceleration Factor used up to the Maximum value'),
    realParam('maximum', 0.2, 0, REAL_MAX, 'Acceleration Factor Maximum value'),
  ],
  outputs: ['real'],
  lookback: () => 1,
  createKernel: (params) => new SarKernel(params),
});

export const overlapStudies: readonly IndicatorDefinition[] = [sma, ema, wma, dema, tema, trima, kama, t3, mama, ma, hma, bbands, sar];

