/**
 * Drawdowns on compounded returns. The wealth index starts at 1 before the first period, so a
 * loss in the very first period is a drawdown (as in empyrical's `max_drawdown`). A NaN return is
 * a flat period.
 */
import type { Numbers } from './stats.js';

/** One spell under water: from the first losing period after a peak to the recovery. */
export interface DrawdownPeriod {
  /** Peak-to-trough loss as a negative fraction (-0.1 = 10% below the peak). */
  depth: number;
  /** Index of the first period below the peak. */
  startIndex: number;
  /** Index of the period with the lowest wealth. */
  troughIndex: number;
  /** Index of the first period back at (or above) the peak; null while still under water. */
  recoveryIndex: number | null;
  /** Periods under water: recoveryIndex - startIndex, or to the end of the series when not recovered. */
  durationPeriods: number;
}

/** Wealth relative to its running peak minus 1, per period (0 at a new high, negative below). */
export function drawdownSeries(returns: Numbers): Float64Array {
  const out = new Float64Array(returns.length);
  let wealth = 1;
  let peak = 1;
  for (let i = 0; i < returns.length; i++) {
    const value = returns[i]!;
    if (!Number.isNaN(value)) wealth *= 1 + value;
    if (wealth > peak) peak = wealth;
    out[i] = wealth / peak - 1;
  }
  return out;
}

/** The deepest drawdown as a negative fraction (0 when the series never falls); NaN when empty. */
export function maxDrawdown(returns: Numbers): number {
  if (returns.length === 0) return NaN;
  let wealth = 1;
  let peak = 1;
  let deepest = 0;
  for (let i = 0; i < returns.length; i++) {
    const value = returns[i]!;
    if (!Number.isNaN(value)) wealth *= 1 + value;
    if (wealth > peak) peak = wealth;
    const drawdown = wealth / peak - 1;
    if (drawdown < deepest) deepest = drawdown;
  }
  return deepest;
}

/** Every spell under water, in time order. */
export function drawdownPeriods(returns: Numbers): DrawdownPeriod[] {
  const underwater = drawdownSeries(returns);
  const periods: DrawdownPeriod[] = [];
  let current: DrawdownPeriod | null = null;
  for (let i = 0; i < underwater.length; i++) {
    const drawdown = underwater[i]!;
    if (drawdown < 0) {
      if (current === null) {
        current = { depth: drawdown, startIndex: i, troughIndex: i, recoveryIndex: null, durationPeriods: 0 };
      } else if (drawdown < current.depth) {
        current.depth = drawdown;
        current.troughIndex = i;
      }
    } else if (current !== null) {
      current.recoveryIndex = i;
      current.durationPeriods = i - current.startIndex;
      periods.push(current);
      current = null;
    }
  }
  if (current !== null) {
    current.durationPeriods = underwater.length - current.startIndex;
    periods.push(current);
  }
  return periods;
}

/** The `count` deepest spells, deepest first (pyfolio's drawdown table). */
export function topDrawdowns(returns: Numbers, count = 5): DrawdownPeriod[] {
  return drawdownPeriods(returns)
    .sort((a, b) => a.depth - b.depth)
    .slice(0, count);
}

/** The deepest spell, or null when the series never falls below a peak. */
export function maxDrawdownPeriod(returns: Numbers): DrawdownPeriod | null {
  return topDrawdowns(returns, 1)[0] ?? null;
}
