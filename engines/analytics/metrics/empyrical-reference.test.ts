// The metrics against empyrical's own expected values (quantopian/empyrical tests/test_stats.py),
// on the series transcribed into /work/shared/refdata/empyrical. Skipped, saying so, when the
// reference folder is absent.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alphaBeta, beta, informationRatio } from './benchmark-relative.js';
import { conditionalValueAtRisk, tailRatio, valueAtRisk } from './distribution.js';
import { maxDrawdown } from './drawdown.js';
import { monthlyReturns, yearlyReturns } from './period-tables.js';
import { annualReturn, annualVolatility, cumulativeReturns, totalReturn } from './returns.js';
import { calmarRatio, downsideRisk, omegaRatio, sharpeRatio, sortinoRatio } from './risk-adjusted.js';

const REFDATA = '/work/shared/refdata/empyrical';
const present = existsSync(join(REFDATA, 'empyrical_returns_9.csv')) && existsSync(join(REFDATA, 'empyrical_one_two_8.csv'));
if (!present) console.warn(`[analytics] ${REFDATA} not found: the empyrical reference tests are skipped`);

function readColumns(file: string): Record<string, number[]> & { daily_date?: never } {
  const [header, ...lines] = readFileSync(join(REFDATA, file), 'utf8').trim().split(/\r?\n/);
  const names = header!.split(',');
  const columns: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, [] as number[]]));
  for (const line of lines) {
    line.split(',').forEach((cell, index) => columns[names[index]!]!.push(cell === '' ? NaN : Number(cell)));
  }
  return columns;
}

/** empyrical compares with assert_almost_equal at DECIMAL_PLACES = 8 unless said otherwise. */
const DECIMALS = 8;

describe.runIf(present)('empyrical reference values (test_stats.py)', () => {
  const nine = present ? readColumns('empyrical_returns_9.csv') : {};
  const pair = present ? readColumns('empyrical_one_two_8.csv') : {};
  const simpleBenchmark = nine.simple_benchmark!;
  const positive = nine.positive_returns!;
  const negative = nine.negative_returns!;
  const allNegative = nine.all_negative_returns!;
  const mixed = nine.mixed_returns!;
  const flatLine = nine.flat_line_1!;
  const weeklyMonthly = nine.weekly_monthly_returns!;
  const one = pair.one!;
  const two = pair.two!;
  const dailyDates = present
    ? readFileSync(join(REFDATA, 'empyrical_returns_9.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((line) => Date.parse(`${line.split(',')[1]}T00:00:00Z`))
    : [];

  it('reads the transcribed series', () => {
    expect(mixed[0]).toBeNaN();
    expect(mixed.slice(1)).toEqual([0.01, 0.1, -0.04, 0.02, 0.03, 0.02, 0.01, -0.1]);
    expect(one).toHaveLength(8);
  });

  it('cum_returns', () => {
    const expected = [0.0, 0.01, 0.111, 0.066559, 0.08789, 0.12052, 0.14293, 0.15436, 0.03893];
    Array.from(cumulativeReturns(mixed)).forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 4));
    const indexed = [100.0, 101.0, 111.1, 106.65599, 108.78912, 112.05279, 114.29384, 115.43678, 103.8931];
    Array.from(cumulativeReturns(mixed, 100)).forEach((value, i) => expect(value).toBeCloseTo(indexed[i]!, 4));
    expect(totalReturn(negative)).toBeCloseTo(-0.3659, 4);
    expect(totalReturn([])).toBeNaN();
  });

  it('max_drawdown', () => {
    expect(maxDrawdown([])).toBeNaN();
    expect(maxDrawdown([0.01])).toBe(0);
    expect(maxDrawdown(simpleBenchmark)).toBe(0);
    expect(maxDrawdown(mixed)).toBeCloseTo(-0.1, DECIMALS);
    expect(maxDrawdown(positive)).toBe(0);
    expect(maxDrawdown(negative)).toBeCloseTo(totalReturn(negative), DECIMALS);
    expect(maxDrawdown(allNegative)).toBeCloseTo(totalReturn(allNegative), DECIMALS);
    expect(maxDrawdown([0.1, -0.1, 0.1])).toBeCloseTo(-0.1, DECIMALS);
  });

  it('annual_return, annual_volatility and calmar (daily, weekly, monthly)', () => {
    expect(annualReturn(mixed, 252)).toBeCloseTo(1.9135925373194231, DECIMALS);
    expect(annualReturn(weeklyMonthly, 52)).toBeCloseTo(0.24690830513998208, DECIMALS);
    expect(annualReturn(weeklyMonthly, 12)).toBeCloseTo(0.052242061386048144, DECIMALS);
    expect(annualVolatility(flatLine, 252)).toBe(0);
    expect(annualVolatility(mixed, 252)).toBeCloseTo(0.9136465399704637, DECIMALS);
    expect(annualVolatility(weeklyMonthly, 52)).toBeCloseTo(0.38851569394870583, DECIMALS);
    expect(annualVolatility(weeklyMonthly, 12)).toBeCloseTo(0.18663690238892558, DECIMALS);
    expect(calmarRatio([], 252)).toBeNaN();
    expect(calmarRatio([0.01], 252)).toBeNaN();
    expect(calmarRatio(mixed, 252)).toBeCloseTo(19.135925373194233, 6);
    expect(calmarRatio(weeklyMonthly, 52)).toBeCloseTo(2.4690830513998208, DECIMALS);
    expect(calmarRatio(weeklyMonthly, 12)).toBeCloseTo(0.52242061386048144, DECIMALS);
  });

  it('omega_ratio', () => {
    expect(omegaRatio([], 0, 0)).toBeNaN();
    expect(omegaRatio([0.01], 0, 0)).toBeNaN();
    expect(omegaRatio(mixed, 0, 10)).toBeCloseTo(0.83354263497557934, DECIMALS);
    expect(omegaRatio(mixed, 0, -10)).toBeNaN();
    expect(omegaRatio(mixed, flatLine, 0)).toBeCloseTo(0.8125, DECIMALS);
    expect(omegaRatio(positive, 0.01, 0)).toBeNaN();
    expect(omegaRatio(positive, 0.011, 0)).toBeCloseTo(1.125, DECIMALS);
    expect(omegaRatio(positive, 0.02, 0)).toBe(0);
    expect(omegaRatio(negative, 0.01, 0)).toBe(0);
  });

  it('sharpe_ratio', () => {
    expect(sharpeRatio([], 0)).toBeNaN();
    expect(sharpeRatio([0.01], 0)).toBeNaN();
    expect(sharpeRatio(mixed, mixed)).toBeNaN();
    expect(sharpeRatio(mixed, 0)).toBeCloseTo(1.7238613961706866, DECIMALS);
    expect(sharpeRatio(mixed, simpleBenchmark)).toBeCloseTo(0.34111411441060574, DECIMALS);
    expect(sharpeRatio(positive, 0)).toBeCloseTo(52.915026221291804, DECIMALS);
    expect(sharpeRatio(negative, 0)).toBeCloseTo(-24.406808633910085, DECIMALS);
    expect(sharpeRatio(flatLine, 0)).toBe(Infinity);
  });

  it('downside_risk', () => {
    expect(downsideRisk([], 0)).toBeNaN();
    expect(downsideRisk([0.01], 0)).toBe(0);
    expect(downsideRisk(mixed, mixed)).toBe(0);
    expect(downsideRisk(mixed, 0, 252)).toBeCloseTo(0.60448325038829653, DECIMALS);
    expect(downsideRisk(mixed, 0.1, 252)).toBeCloseTo(1.7161730681956295, DECIMALS);
    expect(downsideRisk(weeklyMonthly, 0, 52)).toBeCloseTo(0.25888650451930134, DECIMALS);
    expect(downsideRisk(weeklyMonthly, 0.1, 52)).toBeCloseTo(0.7733045971672482, DECIMALS);
    expect(downsideRisk(weeklyMonthly, 0, 12)).toBeCloseTo(0.1243650540411842, DECIMALS);
    expect(downsideRisk(weeklyMonthly, 0.1, 12)).toBeCloseTo(0.37148351242013422, DECIMALS);
    expect(downsideRisk(one, 0, 252)).toBeCloseTo(0.20671788246185202, DECIMALS);
    expect(downsideRisk(two, 0, 252)).toBeCloseTo(0.083495680595704475, DECIMALS);
    expect(downsideRisk(one, 0, 52)).toBeCloseTo(0.093902996054410062, DECIMALS);
    expect(downsideRisk(two, 0, 52)).toBeCloseTo(0.037928477556776516, DECIMALS);
    expect(downsideRisk(one, 0, 12)).toBeCloseTo(0.045109540184877193, DECIMALS);
    expect(downsideRisk(two, 0, 12)).toBeCloseTo(0.018220251263412916, DECIMALS);
  });

  it('sortino_ratio', () => {
    expect(sortinoRatio([], 0)).toBeNaN();
    expect(sortinoRatio([0.01], 0)).toBeNaN();
    expect(sortinoRatio(mixed, mixed)).toBeNaN();
    expect(sortinoRatio(mixed, 0, 252)).toBeCloseTo(2.605531251673693, DECIMALS);
    expect(sortinoRatio(mixed, flatLine, 252)).toBeCloseTo(-1.3934779588919977, DECIMALS);
    expect(sortinoRatio(positive, 0)).toBe(Infinity);
    expect(sortinoRatio(negative, 0, 252)).toBeCloseTo(-13.532743075043401, DECIMALS);
    expect(sortinoRatio(simpleBenchmark, 0)).toBe(Infinity);
    expect(sortinoRatio(weeklyMonthly, 0, 52)).toBeCloseTo(1.1158901056866439, DECIMALS);
    expect(sortinoRatio(weeklyMonthly, 0, 12)).toBeCloseTo(0.53605626741889756, DECIMALS);
    expect(sortinoRatio(one, 0, 252)).toBeCloseTo(3.0639640966566306, DECIMALS);
    expect(sortinoRatio(two, 0, 252)).toBeCloseTo(38.090963117002495, DECIMALS);
    expect(sortinoRatio(one, 0, 52)).toBeCloseTo(1.3918264112070571, DECIMALS);
    expect(sortinoRatio(two, 0, 52)).toBeCloseTo(17.303077589064618, DECIMALS);
    expect(sortinoRatio(one, 0, 12)).toBeCloseTo(0.6686117809312383, DECIMALS);
    expect(sortinoRatio(two, 0, 12)).toBeCloseTo(8.3121296084492844, DECIMALS);
  });

  it('excess_sharpe (our per-period information ratio)', () => {
    expect(informationRatio([], [])).toBeNaN();
    expect(informationRatio(mixed, new Array(9).fill(0))).toBeCloseTo(0.10859306069076737, DECIMALS);
    expect(informationRatio(mixed, flatLine)).toBeCloseTo(-0.06515583641446039, DECIMALS);
  });

  it('alpha_beta', () => {
    const negativeFromSecond = [NaN, ...negative.slice(1)];
    const { alpha, beta: slope } = alphaBeta(mixed, negativeFromSecond);
    // empyrical master compounds the daily alpha; older releases pinned -8.306666666666668 = daily × 252.
    expect(alpha).toBeCloseTo(-0.9997853834885004, DECIMALS);
    expect((Math.pow(1 + alpha, 1 / 252) - 1) * 252).toBeCloseTo(-8.306666666666668, DECIMALS);
    expect(slope).toBeCloseTo(-0.71296296296296313, DECIMALS);
    const self = alphaBeta(mixed, mixed);
    expect(self.alpha).toBeCloseTo(0, DECIMALS);
    expect(self.beta).toBeCloseTo(1, DECIMALS);
    const inverse = alphaBeta(mixed, mixed.map((value) => -value));
    expect(inverse.alpha).toBeCloseTo(0, DECIMALS);
    expect(inverse.beta).toBeCloseTo(-1, DECIMALS);
    expect(alphaBeta([0.01], [0.01])).toEqual({ alpha: NaN, beta: NaN });
    expect(beta(mixed, flatLine)).toBeNaN();
  });

  it("alpha and beta of 'one' against 'two' equal the OLS fit done by hand", () => {
    // No pinned empyrical value for this pair: check against the textbook least-squares slope.
    const n = one.length;
    const meanOne = one.reduce((a, b) => a + b, 0) / n;
    const meanTwo = two.reduce((a, b) => a + b, 0) / n;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < n; i++) {
      sxy += (two[i]! - meanTwo) * (one[i]! - meanOne);
      sxx += (two[i]! - meanTwo) ** 2;
    }
    const slope = sxy / sxx;
    const { alpha, beta: fitted } = alphaBeta(one, two);
    expect(fitted).toBeCloseTo(slope, 12);
    expect(alpha).toBeCloseTo((1 + meanOne - slope * meanTwo) ** 252 - 1, 10);
  });

  it('tail_ratio', () => {
    expect(tailRatio([])).toBeNaN();
    expect(tailRatio([0.01])).toBe(1);
    // empyrical checks this one to 1 decimal only (its percentile interpolation differs in old numpy).
    expect(tailRatio(mixed)).toBeCloseTo(0.9473684210526313, 1);
  });

  it('value_at_risk and conditional_value_at_risk', () => {
    expect(valueAtRisk([1, 2], 0)).toBeCloseTo(1, DECIMALS);
    expect(valueAtRisk([1, 2], 0.3)).toBeCloseTo(1.3, DECIMALS);
    expect(valueAtRisk([1, 2], 1)).toBeCloseTo(2, DECIMALS);
    const steps = [1, 81, 82, 83, 84, 85];
    expect(valueAtRisk(steps, 0.1)).toBeCloseTo(41, DECIMALS);
    expect(valueAtRisk(steps, 0.2)).toBeCloseTo(81, DECIMALS);
    expect(valueAtRisk(steps, 0.3)).toBeCloseTo(81.5, DECIMALS);
    expect(conditionalValueAtRisk([0.013], 0)).toBeCloseTo(0.013, DECIMALS);
    expect(conditionalValueAtRisk([0.013], 1)).toBeCloseTo(0.013, DECIMALS);
    const valid = mixed.slice(1);
    const threshold = valueAtRisk(valid, 0.2);
    const tail = valid.filter((value) => value <= threshold);
    expect(conditionalValueAtRisk(valid, 0.2)).toBeCloseTo(tail.reduce((a, b) => a + b, 0) / tail.length, DECIMALS);
  });

  it('aggregate_returns (monthly, yearly)', () => {
    expect(monthlyReturns(simpleBenchmark, dailyDates).map((row) => row.return)).toEqual([
      expect.closeTo(0.01, DECIMALS),
      expect.closeTo(0.03030099999999991, DECIMALS),
    ]);
    expect(yearlyReturns(simpleBenchmark, dailyDates)).toEqual([{ year: 2000, return: expect.closeTo(0.040604010000000024, DECIMALS) }]);
  });
});
