/** Wilder's directional movement family: +DM, −DM, +DI, −DI, DX, ADX, ADXR. */
import { RingBuffer } from '../kernels/ring-buffer.js';
import { isZero } from '../kernels/stage.js';
import { periodParam } from '../params.js';
import type { IndicatorDefinition, IndicatorKernel } from '../types.js';
import { defineIndicator, trueRange } from './define.js';

/**
 * Wilder-smoothed +DM, −DM and true range as every TA-Lib DM function computes them: bars
 * 1..period−1 are summed, later bars use x − x/period + new.
 */
class DirectionalMovement {
  plusDm = 0;
  minusDm = 0;
  trueRange = 0;
  /** Raw one-bar moves of the latest bar (before smoothing). */
  lastPlus = 0;
  lastMinus = 0;
  lastTrueRange = 0;
  /** Index of the latest bar pushed, from 0. */
  bar = -1;
  private prevHigh = 0;
  private prevLow = 0;
  private prevClose = 0;

  constructor(private readonly period: number) {}

  push(high: number, low: number, close: number): void {
    const bar = ++this.bar;
    if (bar === 0) {
      this.prevHigh = high;
      this.prevLow = low;
      this.prevClose = close;
      return;
    }
    const diffPlus = high - this.prevHigh;
    const diffMinus = this.prevLow - low;
    this.prevHigh = high;
    this.prevLow = low;
    const range = trueRange(high, low, this.prevClose);
    this.prevClose = close;
    const isMinus = diffMinus > 0 && diffPlus < diffMinus;
    const isPlus = !isMinus && diffPlus > 0 && diffPlus > diffMinus;
    this.lastPlus = isPlus ? diffPlus : 0;
    this.lastMinus = isMinus ? diffMinus : 0;
    this.lastTrueRange = range;
    const period = this.period;
    if (bar < period) {
      if (isMinus) this.minusDm += diffMinus;
      else if (isPlus) this.plusDm += diffPlus;
      this.trueRange += range;
      return;
    }
    this.minusDm -= this.minusDm / period;
    this.plusDm -= this.plusDm / period;
    if (isMinus) this.minusDm += diffMinus;
    else if (isPlus) this.plusDm += diffPlus;
    this.trueRange = this.trueRange - this.trueRange / period + range;
  }

  reset(): void {
    this.plusDm = 0;
    this.minusDm = 0;
    this.trueRange = 0;
    this.lastPlus = 0;
    this.lastMinus = 0;
    this.lastTrueRange = 0;
    this.bar = -1;
    this.prevHigh = 0;
    this.prevLow = 0;
    this.prevClose = 0;
  }
}

/** DX from smoothed movements, or NaN when TA-Lib would skip the bar (zero range or zero DI sum). */
function directionalIndex(dm: DirectionalMovement): number {
  if (isZero(dm.trueRange)) return NaN;
  const minusDi = 100.0 * (dm.minusDm / dm.trueRange);
  const plusDi = 100.0 * (dm.plusDm / dm.trueRange);
  const sum = minusDi + plusDi;
  if (isZero(sum)) return NaN;
  return 100.0 * (Math.abs(minusDi - plusDi) / sum);
}

const hlc = ['high', 'low', 'close'] as const;

class DmKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly dm: DirectionalMovement;

  constructor(
    private readonly period: number,
    private readonly plus: boolean,
  ) {
    this.dm = new DirectionalMovement(period);
  }

  step(high: number, low: number): boolean {
    const dm = this.dm;
    dm.push(high, low, 0);
    if (dm.bar < Math.max(1, this.period - 1)) return false;
    this.out[0] = this.plus ? dm.plusDm : dm.minusDm;
    return true;
  }

  reset(): void {
    this.dm.reset();
  }
}

function dmDefinition(name: 'plus_dm' | 'minus_dm'): IndicatorDefinition {
  const plus = name === 'plus_dm';
  return defineIndicator({
    name,
    talib: name.toUpperCase(),
    group: 'momentum',
    description: plus ? 'Plus Directional Movement' : 'Minus Directional Movement',
    inputs: ['high', 'low'],
    params: [periodParam('timeperiod', 14, 1)],
    outputs: ['real'],
    lookback: (params) => (params.timeperiod > 1 ? params.timeperiod - 1 : 1),
    createKernel: (params) => new DmKernel(params.timeperiod, plus),
  });
}

export const plusDm = dmDefinition('plus_dm');
export const minusDm = dmDefinition('minus_dm');

class DiKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly dm: DirectionalMovement;

  constructor(
    private readonly period: number,
    private readonly plus: boolean,
  ) {
    this.dm = new DirectionalMovement(period);
  }

  step(high: number, low: number, close: number): boolean {
    const dm = this.dm;
    dm.push(high, low, close);
    if (dm.bar < this.period) return false;
    const movement = this.plus ? dm.plusDm : dm.minusDm;
    // TA-Lib's period-1 path returns the raw ratio, without the ×100 of the smoothed path.
    const scale = this.period === 1 ? 1 : 100.0;
    this.out[0] = isZero(dm.trueRange) ? 0.0 : scale === 1 ? movement / dm.trueRange : scale * (movement / dm.trueRange);
    return true;
  }

  reset(): void {
    this.dm.reset();
  }
}

function diDefinition(name: 'plus_di' | 'minus_di'): IndicatorDefinition {
  const plus = name === 'plus_di';
  return defineIndicator({
    name,
    talib: name.toUpperCase(),
    group: 'momentum',
    description: plus ? 'Plus Directional Indicator' : 'Minus Directional Indicator',
    inputs: hlc,
    params: [periodParam('timeperiod', 14, 1)],
    outputs: ['real'],
    lookback: (params) => (params.timeperiod > 1 ? params.timeperiod : 1),
    createKernel: (params) => new DiKernel(params.timeperiod, plus),
  });
}

export const plusDi = diDefinition('plus_di');
export const minusDi = diDefinition('minus_di');

class DxKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly dm: DirectionalMovement;

  constructor(private readonly period: number) {
    this.dm = new DirectionalMovement(period);
  }

  step(high: number, low: number, close: number): boolean {
    const dm = this.dm;
    dm.push(high, low, close);
    if (dm.bar < this.period) return false;
    const dx = directionalIndex(dm);
    // Undefined DX: 0 on the first output, else TA-Lib repeats the previous output.
    if (!Number.isNaN(dx)) this.out[0] = dx;
    else if (dm.bar === this.period) this.out[0] = 0.0;
    return true;
  }

  reset(): void {
    this.dm.reset();
    this.out[0] = 0;
  }
}

export const dx = defineIndicator({
  name: 'dx',
  talib: 'DX',
  group: 'momentum',
  description: 'Directional Movement Index',
  inputs: hlc,
  params: [periodParam('timeperiod', 14, 2)],
  outputs: ['real'],
  lookback: (params) => params.timeperiod,
  createKernel: (params) => new DxKernel(params.timeperiod),
});

/** ADX: DX averaged over the first `period` bars after the DM seed, then Wilder-smoothed. */
class AdxState {
  value = 0;
  private readonly dm: DirectionalMovement;
  private sumDx = 0;

  constructor(private readonly period: number) {
    this.dm = new DirectionalMovement(period);
  }

  push(high: number, low: number, close: number): boolean {
    const dm = this.dm;
    dm.push(high, low, close);
    const period = this.period;
    if (dm.bar < period) return false;
    const dxValue = directionalIndex(dm);
    if (dm.bar < 2 * period) {
      if (!Number.isNaN(dxValue)) this.sumDx += dxValue;
      if (dm.bar < 2 * period - 1) return false;
      this.value = this.sumDx / period;
      return true;
    }
    if (!Number.isNaN(dxValue)) this.value = (this.value * (period - 1) + dxValue) / period;
    return true;
  }

  reset(): void {
    this.dm.reset();
    this.sumDx = 0;
    this.value = 0;
  }
}

class AdxKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly adx: AdxState;

  constructor(period: number) {
    this.adx = new AdxState(period);
  }

  step(high: number, low: number, close: number): boolean {
    if (!this.adx.push(high, low, close)) return false;
    this.out[0] = this.adx.value;
    return true;
  }

  reset(): void {
    this.adx.reset();
  }
}

export const adx = defineIndicator({
  name: 'adx',
  talib: 'ADX',
  group: 'momentum',
  description: 'Average Directional Movement Index',
  inputs: hlc,
  params: [periodParam('timeperiod', 14, 2)],
  outputs: ['real'],
  lookback: (params) => 2 * params.timeperiod - 1,
  createKernel: (params) => new AdxKernel(params.timeperiod),
});

/** ADXR: mean of today's ADX and the ADX `period − 1` outputs earlier. */
class AdxrKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly adx: AdxState;
  private readonly history: RingBuffer;

  constructor(private readonly period: number) {
    this.adx = new AdxState(period);
    this.history = new RingBuffer(period);
  }

  step(high: number, low: number, close: number): boolean {
    if (!this.adx.push(high, low, close)) return false;
    this.history.push(this.adx.value);
    if (this.history.size < this.period) return false;
    this.out[0] = (this.adx.value + this.history.ago(this.period - 1)) / 2.0;
    return true;
  }

  reset(): void {
    this.adx.reset();
    this.history.reset();
  }
}

export const adxr = defineIndicator({
  name: 'adxr',
  talib: 'ADXR',
  group: 'momentum',
  description: 'Average Directional Movement Index Rating',
  inputs: hlc,
  params: [periodParam('timeperiod', 14, 2)],
  outputs: ['real'],
  lookback: (params) => params.timeperiod + 2 * params.timeperiod - 1 - 1,
  createKernel: (params) => new AdxrKernel(params.timeperiod),
});

export const directionalMovement: readonly IndicatorDefinition[] = [plusDm, minusDm, plusDi, minusDi, dx, adx, adxr];

