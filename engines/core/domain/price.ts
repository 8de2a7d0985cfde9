import { z } from 'zod';
import { ErrorCode, NwsError } from '../errors.js';
import type { Brand } from './brand.js';

/**
 * A checked price. Plain number at runtime (fast in hot loops, free to store in Float64Array);
 * the brand says it came through `price()` so it is finite and rounded to its precision.
 * Prices may be negative (spreads, some futures).
 */
export type Price = Brand<number, 'Price'>;

/** A checked, non-negative quantity; plain number at runtime. */
export type Quantity = Brand<number, 'Quantity'>;

/** Decimal places a price or quantity may carry (Nautilus' standard fixed precision). */
export const MAX_PRECISION = 9;

/** The most the half-way nudge of `roundToPrecision` may add, in units of the last decimal. */
const MAX_NUDGE = 1 / 16;
/** Units of the last decimal up to which a double still resolves every decimal: 2^51. */
const EXACT_UNITS = 2 ** 51;

const POWERS_OF_TEN = Array.from({ length: MAX_PRECISION + 1 }, (_, exponent) => 10 ** exponent);

function checkPrecision(precision: number): void {
  if (!Number.isInteger(precision) || precision < 0 || precision > MAX_PRECISION) {
    throw new NwsError(ErrorCode.InvalidValue, `precision ${precision} must be an integer from 0 to ${MAX_PRECISION}`);
  }
}

/**
 * Rounds half away from zero at `precision` decimals, as the decimal literal reads:
 * 1.005 at 2 gives 1.01 although 1.005 is stored as 1.00499999999999989... A relative nudge
 * (a few ulps of the scaled value) lifts such values over the half. It is capped at 1/16 of the
 * last unit: uncapped, it grew past a half from about 5.6e14 scaled (1,000,000 at 9 decimals)
 * and moved whole values up a unit (1e6 became 1000000.000000001), which made a 1M-unit fill
 * overfill its own order. Capped, every decimal of up to 2^51 units of its last place comes back
 * unchanged; beyond that (4.5M at 9 decimals) the value is returned as it is, so rounding twice
 * gives what rounding once gave.
 */
export function roundToPrecision(value: number, precision: number): number {
  checkPrecision(precision);
  // A whole number is its own rounding at any precision; most quantities are whole.
  if (Number.isInteger(value)) return value + 0;
  const factor = POWERS_OF_TEN[precision]!;
  const scaled = Math.abs(value) * factor;
  // From 2^51 units of the last decimal a double cannot tell the decimals apart (its ulp there is
  // half a unit or more): rounding would only add the multiplication's error. `value` is already
  // the nearest double to its decimal, and stays as it is.
  if (scaled >= EXACT_UNITS) return value + 0;
  const rounded = Math.round(scaled + Math.min(scaled * Number.EPSILON * 4, MAX_NUDGE)) / factor;
  // `+ 0` turns -0 (from a tiny negative) into 0, so rounded values compare and print cleanly.
  return (value < 0 ? -rounded : rounded) + 0;
}

/**
 * Whether two quantities are the same. Below 2^51 units of 1e-9 (about 2.25 million) quantities
 * rounded to 9 decimals are exact and compare as they are; beyond, a double cannot hold 9
 * decimals and a sum of fills can miss the order's quantity by an ulp or two, which counts as
 * the same (4 ulps of the larger).
 */
export function sameQuantity(a: number, b: number): boolean {
  if (a === b) return true;
  const larger = Math.max(Math.abs(a), Math.abs(b));
  return larger * POWERS_OF_TEN[MAX_PRECISION]! >= EXACT_UNITS && Math.abs(a - b) <= larger * 4 * Number.EPSILON;
}

/** Decimal places of a tick or lot size: 0.01 -> 2, 0.25 -> 2, 1 -> 0, 1e-8 -> 8. */
export function precisionOf(increment: number): number {
  if (!Number.isFinite(increment) || increment <= 0) {
    throw new NwsError(ErrorCode.InvalidValue, `increment ${increment} must be a positive finite number`);
  }
  for (let precision = 0; precision <= MAX_PRECISION; precision++) {
    const scaled = increment * POWERS_OF_TEN[precision]!;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, scaled)) return precision;
  }
  throw new NwsError(ErrorCode.InvalidValue, `increment ${increment} needs more than ${MAX_PRECISION} decimal places`);
}

/** Nearest multiple of `tickSize` (e.g. 150.123 at 0.05 gives 150.1), cleaned to the tick's precision. */
export function roundToTick(value: number, tickSize: number): number {
  const precision = precisionOf(tickSize);
  return roundToPrecision(Math.round(roundToPrecision(value / tickSize, MAX_PRECISION)) * tickSize, precision);
}

/** A finite price, rounded to `precision` decimals when given. Throws INVALID_VALUE naming the value. */
export function price(value: number, precision?: number): Price {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new NwsError(ErrorCode.InvalidValue, `price ${String(value)} is not a finite number`, { value: String(value) });
  }
  return (precision === undefined ? value : roundToPrecision(value, precision)) as Price;
}

/** A finite, non-negative quantity, rounded to `precision` decimals when given. Throws INVALID_VALUE naming the value. */
export function quantity(value: number, precision?: number): Quantity {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new NwsError(ErrorCode.InvalidValue, `quantity ${String(value)} is not a finite number`, { value: String(value) });
  }
  if (value < 0) {
    throw new NwsError(ErrorCode.InvalidValue, `quantity ${value} is negative`, { value });
  }
  return (precision === undefined ? value : roundToPrecision(value, precision)) as Quantity;
}

/** zod's message for a missing or non-number field (NaN and Infinity are not numbers to zod). */
function numberError(issue: { input?: unknown }): string {
  if (issue.input === undefined) return 'is required';
  const shown = typeof issue.input === 'number' ? String(issue.input) : JSON.stringify(issue.input) ?? typeof issue.input;
  return `must be a finite number, got ${shown}`;
}

export const priceSchema = z
  .number({ error: numberError })
  .transform((value) => value as Price);

export const quantitySchema = z
  .number({ error: numberError })
  .refine((value) => value >= 0, { error: (issue) => `must not be negative, got ${String(issue.input)}` })
  .transform((value) => value as Quantity);

/** A quantity that must be more than zero (order sizes). */
export const positiveQuantitySchema = z
  .number({ error: numberError })
  .refine((value) => value > 0, { error: (issue) => `must be greater than 0, got ${String(issue.input)}` })
  .transform((value) => value as Quantity);
