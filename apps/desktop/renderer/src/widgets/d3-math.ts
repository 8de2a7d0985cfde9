// The numbers behind the d3 widgets, apart from any drawing so they are tested on their own:
// the P&L waterfall's steps, daily returns and their correlation matrix, and the colour scales.
import { scaleLinear } from 'd3';

export interface PositionPnl {
  instrumentId: string;
  realized: number;
  unrealized: number;
}

export interface WaterfallStep {
  label: string;
  realized: number;
  unrealized: number;
  /** realized + unrealized: the bar's height, signed. */
  total: number;
  /** Running total before and after this step; the Total bar goes from 0 to the sum. */
  start: number;
  end: number;
  kind: 'gain' | 'loss' | 'total';
}

/** One bar per traded instrument (largest gain first, losses last) and a closing Total bar. */
export function waterfallSteps(positions: readonly PositionPnl[]): WaterfallStep[] {
  const sorted = positions
    .map((position) => ({ ...position, total: position.realized + position.unrealized }))
    .sort((a, b) => b.total - a.total || a.instrumentId.localeCompare(b.instrumentId));
  const steps: WaterfallStep[] = [];
  let running = 0;
  for (const position of sorted) {
    const start = running;
    running += position.total;
    steps.push({ label: position.instrumentId, realized: position.realized, unrealized: position.unrealized, total: position.total, start, end: running, kind: position.total < 0 ? 'loss' : 'gain' });
  }
  if (steps.length > 0) {
    const realized = steps.reduce((sum, step) => sum + step.realized, 0);
    const unrealized = steps.reduce((sum, step) => sum + step.unrealized, 0);
    steps.push({ label: 'Total', realized, unrealized, total: running, start: 0, end: running, kind: 'total' });
  }
  return steps;
}

/** Unrealised P&L of a netted position at `mark`; 0 when flat or without a mark. */
export function unrealizedPnl(netQty: number, avgOpenPrice: number, mark: number | undefined, multiplier = 1): number {
  if (netQty === 0 || mark === undefined || !Number.isFinite(mark)) return 0;
  return netQty * (mark - avgOpenPrice) * multiplier;
}

/** Close-to-close simple returns keyed by the later bar's open time (epoch ms). */
export function dailyReturns(ts: readonly number[], close: readonly number[]): Map<number, number> {
  const returns = new Map<number, number>();
  for (let index = 1; index < close.length; index++) {
    const previous = close[index - 1]!;
    if (previous > 0 && Number.isFinite(close[index]!)) returns.set(ts[index]!, close[index]! / previous - 1);
  }
  return returns;
}

/** Fewest common days for a correlation to be shown; below it the cell is null. */
export const MIN_COMMON_RETURNS = 20;

/**
 * Pearson correlation of every pair of return series over the days both have (pairwise complete).
 * Symmetric, 1 on the diagonal; null where two series share fewer than MIN_COMMON_RETURNS days or
 * one of them does not move.
 */
export function correlationMatrix(series: ReadonlyArray<Map<number, number>>): Array<Array<number | null>> {
  const columns = alignOnDays(series);
  const matrix = series.map(() => series.map((): number | null => null));
  for (let a = 0; a < series.length; a++) {
    matrix[a]![a] = series[a]!.size >= MIN_COMMON_RETURNS ? 1 : null;
    for (let b = a + 1; b < series.length; b++) {
      const value = pearson(columns[a]!, columns[b]!);
      matrix[a]![b] = value;
      matrix[b]![a] = value;
    }
  }
  return matrix;
}

/**
 * Every series on one axis of all their days (NaN where a series has no return that day), so the
 * pairwise pass is plain array arithmetic: 24 instruments × 250 days is well under a millisecond,
 * where map look-ups per pair took about 10 ms.
 */
function alignOnDays(series: ReadonlyArray<Map<number, number>>): Float64Array[] {
  const days = [...new Set(series.flatMap((returns) => [...returns.keys()]))].sort((a, b) => a - b);
  const position = new Map(days.map((day, index) => [day, index]));
  return series.map((returns) => {
    const column = new Float64Array(days.length).fill(Number.NaN);
    for (const [day, value] of returns) column[position.get(day)!] = value;
    return column;
  });
}

function pearson(left: Float64Array, right: Float64Array): number | null {
  let count = 0;
  let sumX = 0;
  let sumY = 0;
  let sumXX = 0;
  let sumYY = 0;
  let sumXY = 0;
  for (let index = 0; index < left.length; index++) {
    const x = left[index]!;
    const y = right[index]!;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    count++;
    sumX += x;
    sumY += y;
    sumXX += x * x;
    sumYY += y * y;
    sumXY += x * y;
  }
  if (count < MIN_COMMON_RETURNS) return null;
  const covariance = sumXY - (sumX * sumY) / count;
  const varianceX = sumXX - (sumX * sumX) / count;
  const varianceY = sumYY - (sumY * sumY) / count;
  if (varianceX <= 0 || varianceY <= 0) return null;
  return Math.max(-1, Math.min(1, covariance / Math.sqrt(varianceX * varianceY)));
}

/** Utilisation warns at 80 % and breaches at 100 % (the risk engine's defaults). */
export const WARN_AT = 0.8;

/** Green under the warning line, amber to the limit, red at and past it; stronger as it fills. */
export function utilisationPaint(utilisation: number): { color: string; opacity: number } {
  const color = utilisation >= 1 ? 'var(--bad)' : utilisation >= WARN_AT ? 'var(--warn)' : 'var(--good)';
  return { color, opacity: utilisationOpacity(utilisation) };
}

const utilisationOpacity = scaleLinear().domain([0, 1]).range([0.1, 0.9]).clamp(true);

/** Positive correlation in the accent blue, negative in red; |ρ| sets how strongly. */
export function correlationPaint(correlation: number): { color: string; opacity: number } {
  return { color: correlation >= 0 ? 'var(--accent)' : 'var(--bad)', opacity: correlationOpacity(Math.abs(correlation)) };
}

const correlationOpacity = scaleLinear().domain([0, 1]).range([0.04, 0.92]).clamp(true);
