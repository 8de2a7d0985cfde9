/** Helpers shared by the indicator definition files. */
import type { Stage } from '../kernels/stage.js';
import type { IndicatorDefinition, IndicatorKernel } from '../types.js';

/** Freezes a definition (and its arrays) so the registry hands out immutable metadata. */
export function defineIndicator(definition: IndicatorDefinition): IndicatorDefinition {
  Object.freeze(definition.inputs);
  Object.freeze(definition.params);
  Object.freeze(definition.outputs);
  return Object.freeze(definition);
}

/** Kernel of a single-input, single-output indicator that is one stage (SMA, EMA, ...). */
export class StageKernel implements IndicatorKernel {
  readonly out = new Float64Array(1);

  constructor(private readonly stage: Stage) {}

  step(x: number): boolean {
    if (!this.stage.push(x)) return false;
    this.out[0] = this.stage.value;
    return true;
  }

  reset(): void {
    this.stage.reset();
  }
}

/** Running sums of x and x² in TA_INT_VAR's order; `value` is the population variance. */
export class VarianceStage implements Stage {
  value = 0;
  private readonly window: Float64Array;
  private slot = 0;
  private seen = 0;
  private total1 = 0;
  private total2 = 0;

  constructor(readonly period: number) {
    this.window = new Float64Array(period);
  }

  push(x: number): boolean {
    const window = this.window;
    this.total1 += x;
    this.total2 += x * x;
    window[this.slot] = x;
    if (++this.slot === this.period) this.slot = 0;
    if (this.seen < this.period - 1) {
      this.seen++;
      return false;
    }
    const mean1 = this.total1 / this.period;
    const mean2 = this.total2 / this.period;
    const leaving = window[this.slot];
    this.total1 -= leaving;
    this.total2 -= leaving * leaving;
    this.value = mean2 - mean1 * mean1;
    return true;
  }

  reset(): void {
    this.window.fill(0);
    this.slot = 0;
    this.seen = 0;
    this.total1 = 0;
    this.total2 = 0;
    this.value = 0;
  }
}

/** TA-Lib's true range of a bar given the previous close. */
export function trueRange(high: number, low: number, previousClose: number): number {
  let greatest = high - low;
  const toHigh = Math.abs(previousClose - high);
  if (toHigh > greatest) greatest = toHigh;
  const toLow = Math.abs(previousClose - low);
  if (toLow > greatest) greatest = toLow;
  return greatest;
}
