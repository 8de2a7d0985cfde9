/**
 * Risk-adjusted ratios, as empyrical defines them. `riskFree` and `requiredReturn` are
 * per-period rates (a constant or a series aligned with the returns), not annual ones.
 */
import { annualReturn, checkPeriodsPerYear, DAILY_PERIODS_PER_YEAR } from './returns.js';
import { maxDrawdown } from './drawdown.js';
import { nanMean, nanStd, subtractRate, type Numbers, type RateInput } from './stats.js';

/** mean(r - rf) / std(r - rf, ddof = 1) × √periodsPerYear; NaN with fewer than 2 returns. */
export function sharpeRatio(returns: Numbers, riskFree: RateInput = 0, periodsPerYear = DAILY_PERIODS_PER_YEAR): number {
  checkPeriodsPerYear(periodsPerYear);
  if (returns.length < 2) return NaN;
  const excess = subtractRate(returns, riskFree);
  return ratio(nanMean(excess), nanStd(excess, 1)) * Math.sqrt(periodsPerYear);
}

/** √(mean(min(r - target, 0)²)) × √periodsPerYear: the annualised downside deviation. */
export function downsideRisk(returns: Numbers, requiredReturn: RateInput = 0, periodsPerYear = DAILY_PERIODS_PER_YEAR): number {
  checkPeriodsPerYear(periodsPerYear);
  if (returns.length < 1) return NaN;
  const shortfall = subtractRate(returns, requiredReturn);
  let squares = 0;
  let count = 0;
  for (let i = 0; i < shortfall.length; i++) {
    const value = shortfall[i]!;
    if (Number.isNaN(value)) continue;
    const below = Math.min(value, 0);
    squares += below * below;
    count++;
  }
  return count === 0 ? NaN : Math.sqrt(squares / count) * Math.sqrt(periodsPerYear);
}

/** mean(r - target) × periodsPerYear / downsideRisk; NaN with fewer than 2 returns. */
export function sortinoRatio(returns: Numbers, requiredReturn: RateInput = 0, periodsPerYear = DAILY_PERIODS_PER_YEAR): number {
  checkPeriodsPerYear(periodsPerYear);
  if (returns.length < 2) return NaN;
  const averageAnnualExcess = nanMean(subtractRate(returns, requiredReturn)) * periodsPerYear;
  return ratio(averageAnnualExcess, downsideRisk(returns, requiredReturn, periodsPerYear));
}

/** annualReturn / |maxDrawdown|; NaN without a drawdown. */
export function calmarRatio(returns: Numbers, periodsPerYear = DAILY_PERIODS_PER_YEAR): number {
  const depth = maxDrawdown(returns);
  if (!(depth < 0)) return NaN;
  return annualReturn(returns, periodsPerYear) / Math.abs(depth);
}

/**
 * Omega: sum of gains over the threshold / sum of losses under it, with the threshold
 * (1 + requiredReturn)^(1/periodsPerYear) - 1 per period (requiredReturn is annual here, as in
 * empyrical). NaN when nothing falls below the threshold or with fewer than 2 returns.
 */
export function omegaRatio(
  returns: Numbers,
  riskFree: RateInput = 0,
  requiredReturn = 0,
  periodsPerYear = DAILY_PERIODS_PER_YEAR,
): number {
  checkPeriodsPerYear(periodsPerYear);
  if (returns.length < 2 || requiredReturn <= -1) return NaN;
  const threshold = periodsPerYear === 1 ? requiredReturn : Math.pow(1 + requiredReturn, 1 / periodsPerYear) - 1;
  const excess = subtractRate(subtractRate(returns, riskFree), threshold);
  let gains = 0;
  let losses = 0;
  for (let i = 0; i < excess.length; i++) {
    const value = excess[i]!;
    if (value > 0) gains += value;
    else if (value < 0) losses -= value;
  }
  return losses > 0 ? gains / losses : NaN;
}

/** a / b with numpy's conventions: x/0 = ±inf, 0/0 = NaN. */
function ratio(numerator: number, denominator: number): number {
  if (denominator === 0) return numerator === 0 || Number.isNaN(numerator) ? NaN : Math.sign(numerator) * Infinity;
  return numerator / denominator;
}
