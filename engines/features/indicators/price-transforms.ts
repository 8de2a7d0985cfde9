/** Price transforms and window extremes: MAX, MIN, MIDPOINT, MIDPRICE, SUM, TYPPRICE, ... */
import { ExtremumWindow } from '../kernels/ring-buffer.js';
import { periodParam } from '../params.js';
import type { IndicatorDefinition, IndicatorKernel, InputName } from '../types.js';
import { defineIndicator } from './define.js';

/** Highest and/or lowest of the window; `combine` turns them into the output. */
class WindowExtremesKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly highest: ExtremumWindow;
  private readonly lowest: ExtremumWindow;
  private bar = -1;

  constructor(
    private readonly period: number,
    private readonly combine: (highest: number, lowest: number) => number,
    private readonly singleInput: boolean,
  ) {
    this.highest = new ExtremumWindow(period, true);
    this.lowest = new ExtremumWindow(period, false);
  }

  /** One input (real) or two (high, low). */
  step(first: number, second: number): boolean {
    const bar = ++this.bar;
    this.highest.push(bar, first);
    this.lowest.push(bar, this.singleInput ? first : second);
    if (bar < this.period - 1) return false;
    this.out[0] = this.combine(this.highest.value, this.lowest.value);
    return true;
  }

  reset(): void {
    this.highest.reset();
    this.lowest.reset();
    this.bar = -1;
  }
}

function windowExtremes(
  name: string,
  description: string,
  inputs: readonly InputName[],
  defaultPeriod: number,
  combine: (highest: number, lowest: number) => number,
): IndicatorDefinition {
  return defineIndicator({
    name,
    talib: name.toUpperCase(),
    group: 'overlap',
    description,
    inputs,
    params: [periodParam('timeperiod', defaultPeriod, 2)],
    outputs: ['real'],
    lookback: (params) => params.timeperiod - 1,
    createKernel: (params) => new WindowExtremesKernel(params.timeperiod, combine, inputs.length === 1),
  });
}

export const max = windowExtremes('max', 'Highest value over a specified period', ['real'], 30, (highest) => highest);
export const min = windowExtremes('min', 'Lowest value over a specified period', ['real'], 30, (_highest, lowest) => lowest);
export const midpoint = windowExtremes('midpoint', 'MidPoint over period', ['real'], 14, (highest, lowest) => (highest + lowest) / 2.0);
export const midprice = windowExtremes('midprice', 'Midpoint Price over period', ['high', 'low'], 14, (highest, lowest) => (highest + lowest) / 2.0);

/** Running window sum in TA-Lib's add, keep, subtract order. */
class SumKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);
  private readonly window: Float64Array;
  private slot = 0;
  private seen = 0;
  private total = 0;

  constructor(private readonly period: number) {
    this.window = new Float64Array(period);
  }

  step(x: number): boolean {
    this.total += x;
    const windowSum = this.total;
    this.window[this.slot] = x;
    if (++this.slot === this.period) this.slot = 0;
    if (this.seen < this.period - 1) {
      this.seen++;
      return false;
    }
    this.total -= this.window[this.slot];
    this.out[0] = windowSum;
    return true;
  }

  reset(): void {
    this.window.fill(0);
    this.slot = 0;
    this.seen = 0;
    this.total = 0;
  }
}

export const sum = defineIndicator({
  name: 'sum',
  talib: 'SUM',
  group: 'statistic',
  description: 'Summation',
  inputs: ['real'],
  params: [periodParam('timeperiod', 30, 2)],
  outputs: ['real'],
  lookback: (params) => params.timeperiod - 1,
  createKernel: (params) => new SumKernel(params.timeperiod),
});

/** A bar-wise formula with no state and no warm-up. */
class FormulaKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);

  constructor(private readonly formula: (a: number, b: number, c: number, d: number) => number) {}

  step(a: number, b: number, c: number, d: number): boolean {
    this.out[0] = this.formula(a, b, c, d);
    return true;
  }

  reset(): void {}
}

function priceTransform(name: string, description: string, inputs: readonly InputName[], formula: (a: number, b: number, c: number, d: number) => number): IndicatorDefinition {
  return defineIndicator({
    name,
    talib: name.toUpperCase(),
    group: 'overlap',
    description,
    inputs,
    params: [],
    outputs: ['real'],
    lookback: () => 0,
    createKernel: () => new FormulaKernel(formula),
  });
}

export const typprice = priceTransform('typprice', 'Typical Price', ['high', 'low', 'close'], (high, low, close) => (high + low + close) / 3.0);
export const medprice = priceTransform('medprice', 'Median Price', ['high', 'low'], (high, low) => (high + low) / 2.0);
export const wclprice = priceTransform('wclprice', 'Weighted Close Price', ['high', 'low', 'close'], (high, low, close) => (high + low + close * 2.0) / 4.0);
export const avgprice = priceTransform('avgprice', 'Average Price', ['open', 'high', 'low', 'close'], (open, high, low, close) => (high + low + close + open) / 4);

export const priceTransforms: readonly IndicatorDefinition[] = [max, min, midpoint, midprice, sum, typprice, medprice, wclprice, avgprice];
