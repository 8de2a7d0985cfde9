/**
 * A single-input, single-output streaming step: the building block indicators compose (an EMA
 * inside MACD, a moving average of %K inside STOCH, ...).
 */
export interface Stage {
  /** Feeds the next value; true once `value` holds the output for it. */
  push(x: number): boolean;
  /** Latest output; meaningful only after push returned true. */
  value: number;
  reset(): void;
}

/** TA-Lib treats values within 1e-14 of zero as zero (TA_IS_ZERO). */
export const TA_EPSILON = 0.00000000000001;

export function isZero(value: number): boolean {
  return -TA_EPSILON < value && value < TA_EPSILON;
}

export function isZeroOrNegative(value: number): boolean {
  return value < TA_EPSILON;
}

/** TA-Lib's PER_TO_K: the EMA smoothing factor for a period. */
export function periodToK(period: number): number {
  return 2.0 / (period + 1);
}

/** Passes values through; TA_MA with period 1 copies its input. */
export class IdentityStage implements Stage {
  value = 0;

  push(x: number): boolean {
    this.value = x;
    return true;
  }

  reset(): void {
    this.value = 0;
  }
}
