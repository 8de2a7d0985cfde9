/**
 * TA-Lib's moving averages as streaming stages. Each reproduces the floating-point operation order
 * of the C implementation (running sums, seeds, trailing subtraction), so outputs are bit-identical
 * to TA-Lib when the stage is fed from the same first bar.
 */
import { IdentityStage, isZero, periodToK, type Stage } from './stage.js';
import { MamaStage } from './mama.js';
import { RingBuffer } from './ring-buffer.js';

/** TA-Lib's TA_MAType codes, accepted by every `matype` parameter. */
export const MaType = {
  SMA: 0,
  EMA: 1,
  WMA: 2,
  DEMA: 3,
  TEMA: 4,
  TRIMA: 5,
  KAMA: 6,
  MAMA: 7,
  T3: 8,
} as const;
export type MaType = (typeof MaType)[keyof typeof MaType];

export const maTypeNames: readonly string[] = ['SMA', 'EMA', 'WMA', 'DEMA', 'TEMA', 'TRIMA', 'KAMA', 'MAMA', 'T3'];

/** Simple moving average: running total, TA_INT_SMA's add-then-subtract order. */
export class SmaStage implements Stage {
  value = 0;
  private readonly window: Float64Array;
  private slot = 0;
  private seen = 0;
  private total = 0;

  constructor(readonly period: number) {
    this.window = new Float64Array(period);
  }

  push(x: number): boolean {
    // One path for warm-up and after it (the same additions in the same order): short code that
    // the compiler inlines into a strategy's bar loop.
    const window = this.window;
    this.total += x;
    const windowSum = this.total;
    window[this.slot] = x;
    if (++this.slot === this.period) this.slot = 0;
    if (this.seen < this.period - 1) {
      this.seen++;
      return false;
    }
    // The slot after the newest holds the oldest value of the window: it leaves next bar.
    this.total -= window[this.slot];
    this.value = windowSum / this.period;
    return true;
  }

  reset(): void {
    this.window.fill(0);
    this.slot = 0;
    this.seen = 0;
    this.total = 0;
    this.value = 0;
  }
}

/** Exponential moving average seeded with the SMA of the first `period` values (TA-Lib default). */
export class EmaStage implements Stage {
  value = 0;
  private seen = 0;
  private seedSum = 0;

  constructor(
    readonly period: number,
    private readonly k: number = periodToK(period),
  ) {}

  push(x: number): boolean {
    if (this.seen < this.period) {
      this.seedSum += x;
      if (++this.seen < this.period) return false;
      this.value = this.seedSum / this.period;
      return true;
    }
    this.value = (x - this.value) * this.k + this.value;
    return true;
  }

  reset(): void {
    this.seen = 0;
    this.seedSum = 0;
    this.value = 0;
  }
}

/** Weighted moving average with TA-Lib's periodSum/periodSub recurrence. */
export class WmaStage implements Stage {
  value = 0;
  private readonly window: Float64Array;
  private readonly divider: number;
  private slot = 0;
  private seen = 0;
  private periodSum = 0;
  private periodSub = 0;
  private trailingValue = 0;

  constructor(readonly period: number) {
    this.window = new Float64Array(period);
    this.divider = (period * (period + 1)) / 2;
  }

  push(x: number): boolean {
    const window = this.window;
    if (this.seen < this.period - 1) {
      this.periodSub += x;
      this.periodSum += x * (this.seen + 1);
      window[this.slot] = x;
      if (++this.slot === this.period) this.slot = 0;
      this.seen++;
      return false;
    }
    this.periodSub += x;
    this.periodSub -= this.trailingValue;
    this.periodSum += x * this.period;
    window[this.slot] = x;
    if (++this.slot === this.period) this.slot = 0;
    this.trailingValue = window[this.slot];
    this.value = this.periodSum / this.divider;
    this.periodSum -= this.periodSub;
    return true;
  }

  reset(): void {
    this.window.fill(0);
    this.slot = 0;
    this.seen = 0;
    this.periodSum = 0;
    this.periodSub = 0;
    this.trailingValue = 0;
    this.value = 0;
  }
}

/** DEMA = 2·EMA − EMA(EMA). */
export class DemaStage implements Stage {
  value = 0;
  private readonly first: EmaStage;
  private readonly second: EmaStage;

  constructor(period: number) {
    this.first = new EmaStage(period);
    this.second = new EmaStage(period);
  }

  push(x: number): boolean {
    if (!this.first.push(x)) return false;
    if (!this.second.push(this.first.value)) return false;
    this.value = 2.0 * this.first.value - this.second.value;
    return true;
  }

  reset(): void {
    this.first.reset();
    this.second.reset();
    this.value = 0;
  }
}

/** TEMA = 3·EMA − 3·EMA(EMA) + EMA(EMA(EMA)). */
export class TemaStage implements Stage {
  value = 0;
  private readonly first: EmaStage;
  private readonly second: EmaStage;
  private readonly third: EmaStage;

  constructor(period: number) {
    this.first = new EmaStage(period);
    this.second = new EmaStage(period);
    this.third = new EmaStage(period);
  }

  push(x: number): boolean {
    if (!this.first.push(x)) return false;
    if (!this.second.push(this.first.value)) return false;
    if (!this.third.push(this.second.value)) return false;
    this.value = this.third.value + (3.0 * this.first.value - 3.0 * this.second.value);
    return true;
  }

  reset(): void {
    this.first.reset();
    this.second.reset();
    this.third.reset();
    this.value = 0;
  }
}

/**
 * Triangular moving average by TA-Lib's numerator recurrence (four adjustments per bar), which
 * equals SMA(SMA(x)) in exact arithmetic but rounds differently; we follow TA-Lib's rounding.
 */
export class TrimaStage implements Stage {
  value = 0;
  private readonly history: RingBuffer;
  private readonly half: number;
  private readonly factor: number;
  private readonly odd: boolean;
  private seen = 0;
  private numerator = 0;
  private numeratorSub = 0;
  private numeratorAdd = 0;

  constructor(readonly period: number) {
    this.history = new RingBuffer(period + 1);
    this.half = period >> 1;
    this.odd = period % 2 === 1;
    const weightSum = this.odd ? (this.half + 1) * (this.half + 1) : this.half * (this.half + 1);
    this.factor = 1.0 / weightSum;
  }

  push(x: number): boolean {
    this.history.push(x);
    this.seen++;
    if (this.seen < this.period) return false;
    if (this.seen === this.period) {
      this.initialise();
    } else {
      this.advance(x);
    }
    this.value = this.numerator * this.factor;
    return true;
  }

  /** First full window: sums built outward from the middle exactly as TA-Lib does. */
  private initialise(): void {
    const period = this.period;
    const middle = this.odd ? this.half : this.half - 1;
    const valueAt = (index: number) => this.history.ago(period - 1 - index);
    this.numerator = 0;
    this.numeratorSub = 0;
    for (let i = middle; i >= 0; i--) {
      this.numeratorSub += valueAt(i);
      this.numerator += this.numeratorSub;
    }
    this.numeratorAdd = 0;
    for (let i = middle + 1; i <= period - 1; i++) {
      this.numeratorAdd += valueAt(i);
      this.numerator += this.numeratorAdd;
    }
  }

  private advance(x: number): void {
    const leaving = this.history.ago(this.period);
    const middle = this.history.ago(this.half);
    this.numerator -= this.numeratorSub;
    this.numeratorSub -= leaving;
    this.numeratorSub += middle;
    if (this.odd) {
      this.numerator += this.numeratorAdd;
      this.numeratorAdd -= middle;
    } else {
      this.numeratorAdd -= middle;
      this.numerator += this.numeratorAdd;
    }
    this.numeratorAdd += x;
    this.numerator += x;
  }

  reset(): void {
    this.history.reset();
    this.seen = 0;
    this.numerator = 0;
    this.numeratorSub = 0;
    this.numeratorAdd = 0;
    this.value = 0;
  }
}

const KAMA_SLOWEST = 2.0 / (30.0 + 1.0);
const KAMA_SPREAD = 2.0 / (2.0 + 1.0) - KAMA_SLOWEST;

/** Kaufman adaptive moving average: efficiency ratio over `period` bars, fixed 2/30 bounds. */
export class KamaStage implements Stage {
  value = 0;
  private readonly history: RingBuffer;
  private seen = 0;
  private sumRoc1 = 0;
  private trailingValue = 0;

  constructor(readonly period: number) {
    this.history = new RingBuffer(period + 1);
  }

  push(x: number): boolean {
    this.history.push(x);
    this.seen++;
    const period = this.period;
    if (this.seen <= period) return false;
    const leaving = this.history.ago(period);
    if (this.seen === period + 1) {
      this.sumRoc1 = 0;
      for (let age = period; age > 0; age--) {
        this.sumRoc1 += Math.abs(this.history.ago(age) - this.history.ago(age - 1));
      }
      this.value = this.history.ago(1);
    } else {
      this.sumRoc1 -= Math.abs(this.trailingValue - leaving);
      this.sumRoc1 += Math.abs(x - this.history.ago(1));
    }
    this.trailingValue = leaving;
    const periodRoc = x - leaving;
    let efficiency: number;
    if (this.sumRoc1 <= periodRoc || isZero(this.sumRoc1)) efficiency = 1.0;
    else efficiency = Math.abs(periodRoc / this.sumRoc1);
    let smoothing = efficiency * KAMA_SPREAD + KAMA_SLOWEST;
    smoothing *= smoothing;
    this.value = (x - this.value) * smoothing + this.value;
    return true;
  }

  reset(): void {
    this.history.reset();
    this.seen = 0;
    this.sumRoc1 = 0;
    this.trailingValue = 0;
    this.value = 0;
  }
}

/** Tillson T3: six chained EMAs, each seeded with the average of its input's first values. */
export class T3Stage implements Stage {
  value = 0;
  private readonly levels = new Float64Array(6);
  private readonly k: number;
  private readonly oneMinusK: number;
  private readonly c1: number;
  private readonly c2: number;
  private readonly c3: number;
  private readonly c4: number;
  private seeded = 0;
  private count = 0;
  private accumulator = 0;

  constructor(
    readonly period: number,
    vfactor: number,
  ) {
    this.k = 2.0 / (period + 1.0);
    this.oneMinusK = 1.0 - this.k;
    const squared = vfactor * vfactor;
    this.c1 = -(squared * vfactor);
    this.c2 = 3.0 * (squared - this.c1);
    this.c3 = -6.0 * squared - 3.0 * (vfactor - this.c1);
    this.c4 = 1.0 + 3.0 * vfactor - this.c1 + 3.0 * squared;
  }

  push(x: number): boolean {
    const e = this.levels;
    if (this.seeded === 0) {
      this.accumulator = this.count === 0 ? x : this.accumulator + x;
      if (++this.count === this.period) {
        e[0] = this.accumulator / this.period;
        this.accumulator = e[0];
        this.seeded = 1;
        this.count = 0;
      }
      return false;
    }
    const k = this.k;
    const oneMinusK = this.oneMinusK;
    e[0] = k * x + oneMinusK * e[0];
    for (let level = 1; level < this.seeded; level++) e[level] = k * e[level - 1] + oneMinusK * e[level];
    if (this.seeded < 6) {
      this.accumulator += e[this.seeded - 1];
      if (++this.count === this.period - 1) {
        e[this.seeded] = this.accumulator / this.period;
        this.accumulator = e[this.seeded];
        this.seeded++;
        this.count = 0;
      }
      if (this.seeded < 6) return false;
    }
    this.value = this.c1 * e[5] + this.c2 * e[4] + this.c3 * e[3] + this.c4 * e[2];
    return true;
  }

  reset(): void {
    this.levels.fill(0);
    this.seeded = 0;
    this.count = 0;
    this.accumulator = 0;
    this.value = 0;
  }
}

/** TA_MA_Lookback: bars before the first output of a moving average of this type and period. */
export function maLookback(type: number, period: number): number {
  if (period <= 1) return 0;
  switch (type) {
    case MaType.SMA:
    case MaType.EMA:
    case MaType.WMA:
    case MaType.TRIMA:
      return period - 1;
    case MaType.DEMA:
      return 2 * (period - 1);
    case MaType.TEMA:
      return 3 * (period - 1);
    case MaType.KAMA:
      return period;
    case MaType.MAMA:
      return 32;
    case MaType.T3:
      return 6 * (period - 1);
    default:
      return 0;
  }
}

/**
 * TA_MA as a stage. `firstBarIndex` is the index, in the series TA-Lib would index, of the first
 * value this stage will see: only MAMA depends on it (its Hilbert transform alternates on the
 * parity of the absolute bar index).
 */
export function createMovingAverage(type: number, period: number, firstBarIndex = 0): Stage {
  if (period === 1) return new IdentityStage();
  switch (type) {
    case MaType.SMA:
      return new SmaStage(period);
    case MaType.EMA:
      return new EmaStage(period);
    case MaType.WMA:
      return new WmaStage(period);
    case MaType.DEMA:
      return new DemaStage(period);
    case MaType.TEMA:
      return new TemaStage(period);
    case MaType.TRIMA:
      return new TrimaStage(period);
    case MaType.KAMA:
      return new KamaStage(period);
    case MaType.MAMA:
      return new MamaStage(0.5, 0.05, firstBarIndex);
    case MaType.T3:
      return new T3Stage(period, 0.7);
    default:
      throw new RangeError(`unknown moving-average type ${type}`);
  }
}
