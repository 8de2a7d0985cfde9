/**
 * Ehlers' MESA adaptive moving average, ported from TA-Lib's ta_MAMA.c step for step. The Hilbert
 * transform keeps separate state for even and odd bars, chosen by the parity of the absolute bar
 * index; `firstBarIndex` says which index the first pushed value has so parity matches TA-Lib.
 */
import type { Stage } from './stage.js';

const A = 0.0962;
const B = 0.5769;
const RAD_TO_DEG = 180.0 / (4.0 * Math.atan(1));
/** Bars before the first output; TA_MAMA_Lookback without unstable period. */
export const MAMA_LOOKBACK = 32;

/** One Hilbert-transform filter (DO_HILBERT_TRANSFORM) with its odd/even circular state. */
class HilbertFilter {
  value = 0;
  private readonly odd = new Float64Array(3);
  private readonly even = new Float64Array(3);
  private prevOdd = 0;
  private prevEven = 0;
  private prevInputOdd = 0;
  private prevInputEven = 0;

  evenStep(input: number, slot: number, adjustedPrevPeriod: number): void {
    const scaled = A * input;
    let result = -this.even[slot];
    this.even[slot] = scaled;
    result += scaled;
    result -= this.prevEven;
    this.prevEven = B * this.prevInputEven;
    result += this.prevEven;
    this.prevInputEven = input;
    this.value = result * adjustedPrevPeriod;
  }

  oddStep(input: number, slot: number, adjustedPrevPeriod: number): void {
    const scaled = A * input;
    let result = -this.odd[slot];
    this.odd[slot] = scaled;
    result += scaled;
    result -= this.prevOdd;
    this.prevOdd = B * this.prevInputOdd;
    result += this.prevOdd;
    this.prevInputOdd = input;
    this.value = result * adjustedPrevPeriod;
  }

  reset(): void {
    this.value = 0;
    this.odd.fill(0);
    this.even.fill(0);
    this.prevOdd = 0;
    this.prevEven = 0;
    this.prevInputOdd = 0;
    this.prevInputEven = 0;
  }
}

export class MamaStage implements Stage {
  /** MAMA; `fama` holds the following adaptive moving average of the same bar. */
  value = 0;
  fama = 0;
  private readonly recent = new Float64Array(4);
  private readonly detrender = new HilbertFilter();
  private readonly q1 = new HilbertFilter();
  private readonly jI = new HilbertFilter();
  private readonly jQ = new HilbertFilter();
  private seen = 0;
  private wmaSum = 0;
  private wmaSub = 0;
  private trailingWmaValue = 0;
  private hilbertSlot = 0;
  private period = 0;
  private prevI2 = 0;
  private prevQ2 = 0;
  private re = 0;
  private im = 0;
  private mama = 0;
  private famaState = 0;
  private i1ForOddPrev2 = 0;
  private i1ForOddPrev3 = 0;
  private i1ForEvenPrev2 = 0;
  private i1ForEvenPrev3 = 0;
  private prevPhase = 0;

  constructor(
    private readonly fastLimit: number,
    private readonly slowLimit: number,
    private readonly firstBarIndex: number,
  ) {}

  push(x: number): boolean {
    const index = this.seen;
    this.recent[index & 3] = x;
    this.seen++;
    if (index < 3) {
      // Price smoother (4-bar WMA) initialisation, unrolled in TA-Lib.
      this.wmaSub += x;
      this.wmaSum += x * (index + 1.0);
      return false;
    }
    const smoothed = this.priceWma(x, index);
    if (index < 12) return false;
    this.cycleStep(x, smoothed, this.firstBarIndex + index);
    return index >= MAMA_LOOKBACK;
  }

  /** DO_PRICE_WMA: the trailing value is the bar three before the new one. */
  private priceWma(x: number, index: number): number {
    this.wmaSub += x;
    this.wmaSub -= this.trailingWmaValue;
    this.wmaSum += x * 4.0;
    this.trailingWmaValue = this.recent[(index - 3) & 3];
    const smoothed = this.wmaSum * 0.1;
    this.wmaSum -= this.wmaSub;
    return smoothed;
  }

  private cycleStep(todayValue: number, smoothed: number, absoluteIndex: number): void {
    const adjustedPrevPeriod = 0.075 * this.period + 0.54;
    const slot = this.hilbertSlot;
    let q2: number;
    let i2: number;
    let phase: number;
    if (absoluteIndex % 2 === 0) {
      this.detrender.evenStep(smoothed, slot, adjustedPrevPeriod);
      this.q1.evenStep(this.detrender.value, slot, adjustedPrevPeriod);
      this.jI.evenStep(this.i1ForEvenPrev3, slot, adjustedPrevPeriod);
      this.jQ.evenStep(this.q1.value, slot, adjustedPrevPeriod);
      if (++this.hilbertSlot === 3) this.hilbertSlot = 0;
      q2 = 0.2 * (this.q1.value + this.jI.value) + 0.8 * this.prevQ2;
      i2 = 0.2 * (this.i1ForEvenPrev3 - this.jQ.value) + 0.8 * this.prevI2;
      this.i1ForOddPrev3 = this.i1ForOddPrev2;
      this.i1ForOddPrev2 = this.detrender.value;
      phase = this.i1ForEvenPrev3 !== 0.0 ? Math.atan(this.q1.value / this.i1ForEvenPrev3) * RAD_TO_DEG : 0.0;
    } else {
      this.detrender.oddStep(smoothed, slot, adjustedPrevPeriod);
      this.q1.oddStep(this.detrender.value, slot, adjustedPrevPeriod);
      this.jI.oddStep(this.i1ForOddPrev3, slot, adjustedPrevPeriod);
      this.jQ.oddStep(this.q1.value, slot, adjustedPrevPeriod);
      q2 = 0.2 * (this.q1.value + this.jI.value) + 0.8 * this.prevQ2;
      i2 = 0.2 * (this.i1ForOddPrev3 - this.jQ.value) + 0.8 * this.prevI2;
      this.i1ForEvenPrev3 = this.i1ForEvenPrev2;
      this.i1ForEvenPrev2 = this.detrender.value;
      phase = this.i1ForOddPrev3 !== 0.0 ? Math.atan(this.q1.value / this.i1ForOddPrev3) * RAD_TO_DEG : 0.0;
    }
    let alpha = this.prevPhase - phase;
    this.prevPhase = phase;
    if (alpha < 1.0) alpha = 1.0;
    if (alpha > 1.0) {
      alpha = this.fastLimit / alpha;
      if (alpha < this.slowLimit) alpha = this.slowLimit;
    } else {
      alpha = this.fastLimit;
    }
    this.mama = alpha * todayValue + (1 - alpha) * this.mama;
    alpha *= 0.5;
    this.famaState = alpha * this.mama + (1 - alpha) * this.famaState;
    this.value = this.mama;
    this.fama = this.famaState;
    this.updatePeriod(q2, i2);
  }

  private updatePeriod(q2: number, i2: number): void {
    this.re = 0.2 * (i2 * this.prevI2 + q2 * this.prevQ2) + 0.8 * this.re;
    this.im = 0.2 * (i2 * this.prevQ2 - q2 * this.prevI2) + 0.8 * this.im;
    this.prevQ2 = q2;
    this.prevI2 = i2;
    const previous = this.period;
    if (this.im !== 0.0 && this.re !== 0.0) this.period = 360.0 / (Math.atan(this.im / this.re) * RAD_TO_DEG);
    let bound = 1.5 * previous;
    if (this.period > bound) this.period = bound;
    bound = 0.67 * previous;
    if (this.period < bound) this.period = bound;
    if (this.period < 6) this.period = 6;
    else if (this.period > 50) this.period = 50;
    this.period = 0.2 * this.period + 0.8 * previous;
  }

  reset(): void {
    this.value = 0;
    this.fama = 0;
    this.recent.fill(0);
    this.detrender.reset();
    this.q1.reset();
    this.jI.reset();
    this.jQ.reset();
    this.seen = 0;
    this.wmaSum = 0;
    this.wmaSub = 0;
    this.trailingWmaValue = 0;
    this.hilbertSlot = 0;
    this.period = 0;
    this.prevI2 = 0;
    this.prevQ2 = 0;
    this.re = 0;
    this.im = 0;
    this.mama = 0;
    this.famaState = 0;
    this.i1ForOddPrev2 = 0;
    this.i1ForOddPrev3 = 0;
    this.i1ForEvenPrev2 = 0;
    this.i1ForEvenPrev3 = 0;
    this.prevPhase = 0;
  }
}
