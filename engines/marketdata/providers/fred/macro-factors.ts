// Macro factors derived from FRED series. Each is a plain difference or change of published
// series, computed only where every input has a value on the same date (no filling forward):
//   slope10y2y        = DGS10 − DGS2                 (percentage points, daily)
//   slope10y3m        = DGS10 − DGS3MO               (percentage points, daily)
//   realRate10y       = DGS10 − T10YIE               (10-year yield less 10-year breakeven inflation)
//   creditSpread      = DBAA − DGS10                 (Moody's Baa corporate yield over the 10-year)
//   inflationYoY      = 100 · (CPIAUCSL_t / CPIAUCSL_t−12 − 1)   (percent, monthly)
//   unemploymentChange = UNRATE_t − UNRATE_t−12      (percentage points, monthly)
import type { MacroObservation } from '../types.js';

export const macroFactorInputs = ['DGS10', 'DGS2', 'DGS3MO', 'T10YIE', 'DBAA', 'CPIAUCSL', 'UNRATE'] as const;
export type MacroFactorInput = (typeof macroFactorInputs)[number];

export const macroFactorNames = ['slope10y2y', 'slope10y3m', 'realRate10y', 'creditSpread', 'inflationYoY', 'unemploymentChange'] as const;
export type MacroFactorName = (typeof macroFactorNames)[number];

export type MacroFactors = Record<MacroFactorName, MacroObservation[]>;

/** Monthly factors look back 12 observations, so their inputs must start a year earlier. */
export const MACRO_FACTOR_LOOKBACK_MS = 400 * 86_400_000;

export function computeMacroFactors(inputs: Readonly<Record<MacroFactorInput, ReadonlyArray<MacroObservation>>>): MacroFactors {
  return {
    slope10y2y: difference(inputs.DGS10, inputs.DGS2),
    slope10y3m: difference(inputs.DGS10, inputs.DGS3MO),
    realRate10y: difference(inputs.DGS10, inputs.T10YIE),
    creditSpread: difference(inputs.DBAA, inputs.DGS10),
    inflationYoY: changeOver(inputs.CPIAUCSL, 12, (now, before) => 100 * (now / before - 1)),
    unemploymentChange: changeOver(inputs.UNRATE, 12, (now, before) => now - before),
  };
}

/** a − b on the dates where both have a value. */
export function difference(a: ReadonlyArray<MacroObservation>, b: ReadonlyArray<MacroObservation>): MacroObservation[] {
  const right = new Map(b.filter(hasValue).map((point) => [point.ts, point.value]));
  return a.filter(hasValue).flatMap((point) => {
    const other = right.get(point.ts);
    return other === undefined ? [] : [{ ts: point.ts, value: round(point.value - other) }];
  });
}

/** f(value_t, value_t−lag) over the series' valid observations in date order. */
export function changeOver(
  series: ReadonlyArray<MacroObservation>,
  lag: number,
  f: (now: number, before: number) => number,
): MacroObservation[] {
  const valid = series.filter(hasValue).sort((x, y) => x.ts - y.ts);
  return valid.slice(lag).map((point, index) => ({ ts: point.ts, value: round(f(point.value, valid[index]!.value)) }));
}

/** Keeps only observations in [startMs, endMs). */
export function clipObservations(series: ReadonlyArray<MacroObservation>, startMs = -Infinity, endMs = Infinity): MacroObservation[] {
  return series.filter((point) => point.ts >= startMs && point.ts < endMs);
}

function hasValue(point: MacroObservation): point is { ts: number; value: number } {
  return point.value !== null;
}

/** Differences of 2-decimal yields carry float noise (4.05 − 4.40 = −0.35000000000000053). */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
