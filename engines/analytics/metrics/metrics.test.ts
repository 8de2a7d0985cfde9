// Hand-computed cases that need no reference data.
import { describe, expect, it } from 'vitest';
import { NwsError } from '@nws/core';
import { computePerformance } from '../performance.js';
import { kurtosis, skewness, tailRatio } from './distribution.js';
import { drawdownPeriods, topDrawdowns } from './drawdown.js';
import { monthlyReturns, yearlyReturns } from './period-tables.js';
import { dailyReturns, endOfDayValues, returnsFromEquity } from './returns.js';
import { rollingBeta, rollingMaxDrawdown, rollingSharpe } from './rolling.js';
import { sharpeRatio } from './risk-adjusted.js';
import { winLossStats } from './trade-stats.js';

const sample = [0.01, -0.02, 0.03, 0.05, -0.01, 0.0, 0.02];

describe('distribution', () => {
  it('skew and excess kurtosis equal scipy.stats with bias=False', () => {
    expect(skewness(sample)).toBeCloseTo(0.36727693613628787, 12);
    expect(kurtosis(sample)).toBeCloseTo(-0.5034130610051037, 12);
    expect(skewness([0.01, NaN, 0.02])).toBeNaN();
  });
  it('tail ratio is |p95| / |p5| with linear interpolation', () => {
    expect(tailRatio(sample)).toBeCloseTo(0.044 / 0.017, 10);
  });
});

describe('win/loss statistics', () => {
  it('counts non-flat periods only', () => {
    const stats = winLossStats(sample);
    expect(stats.winRate).toBeCloseTo(4 / 6, 12);
    expect(stats.averageWin).toBeCloseTo(0.11 / 4, 12);
    expect(stats.averageLoss).toBeCloseTo(-0.03 / 2, 12);
    expect(stats.profitFactor).toBeCloseTo(0.11 / 0.03, 12);
    expect(stats.expectancy).toBeCloseTo(0.08 / 6, 12);
    expect(stats.payoffRatio).toBeCloseTo(0.0275 / 0.015, 12);
    expect(winLossStats([0.01, 0.02]).profitFactor).toBe(Infinity);
    expect(winLossStats([0, NaN]).winRate).toBeNaN();
  });
});

describe('drawdowns', () => {
  // wealth: 1.1, 0.99, 1.089, 1.2, 0.96, 1.056, 1.2672
  const returns = [0.1, -0.1, 0.1, 1.2 / 1.089 - 1, -0.2, 0.1, 0.2];
  it('finds each spell with start, trough, recovery and duration', () => {
    const periods = drawdownPeriods(returns);
    expect(periods).toHaveLength(2);
    expect(periods[0]).toMatchObject({ startIndex: 1, troughIndex: 1, recoveryIndex: 3, durationPeriods: 2 });
    expect(periods[0]!.depth).toBeCloseTo(-0.1, 12);
    expect(periods[1]).toMatchObject({ startIndex: 4, troughIndex: 4, recoveryIndex: 6, durationPeriods: 2 });
    expect(periods[1]!.depth).toBeCloseTo(-0.2, 12);
    expect(topDrawdowns(returns, 1)[0]!.startIndex).toBe(4);
  });
  it('an unrecovered spell runs to the end', () => {
    expect(drawdownPeriods([0.1, -0.5, 0.1])).toEqual([{ depth: -0.5, startIndex: 1, troughIndex: 1, recoveryIndex: null, durationPeriods: 2 }]);
  });
});

describe('calendar tables', () => {
  it('compounds within UTC months and years', () => {
    const ts = [Date.UTC(2023, 11, 29), Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 31), Date.UTC(2024, 1, 1)];
    const returns = [0.1, 0.1, -0.5, 0.2];
    expect(monthlyReturns(returns, ts)).toEqual([
      { year: 2023, month: 12, return: expect.closeTo(0.1, 12) },
      { year: 2024, month: 1, return: expect.closeTo(1.1 * 0.5 - 1, 12) },
      { year: 2024, month: 2, return: expect.closeTo(0.2, 12) },
    ]);
    expect(yearlyReturns(returns, ts)[1]!.return).toBeCloseTo(0.55 * 1.2 - 1, 12);
    expect(() => monthlyReturns([0.1, 0.2], [2, 1])).toThrow(NwsError);
  });
});

describe('rolling', () => {
  it('lines up with the input, NaN before the first full window', () => {
    const rolled = rollingSharpe(sample, 3);
    expect(rolled).toHaveLength(sample.length);
    expect(rolled[1]).toBeNaN();
    expect(rolled[4]).toBeCloseTo(sharpeRatio(sample.slice(2, 5)), 12);
    expect(rollingMaxDrawdown([0.1, -0.1, 0.1, -0.2], 2)[3]).toBeCloseTo(-0.2, 12);
    expect(rollingBeta(sample, sample.map((value) => value / 2), 4)[6]).toBeCloseTo(2, 12);
  });
});

describe('computePerformance', () => {
  it('returns every metric, dates the drawdowns and refuses bad input', () => {
    const ts = sample.map((_, i) => Date.UTC(2024, 0, 1 + i));
    const metrics = computePerformance({ returns: sample, timestamps: ts, benchmark: sample.map((value) => value * 0.5 + 0.001) });
    expect(metrics.benchmark!.beta).toBeCloseTo(2, 12);
    expect(metrics.maxDrawdown!.startTs).toBe(ts[1]);
    expect(metrics.monthly).toHaveLength(1);
    expect(metrics.drawdowns.length).toBeGreaterThan(0);
    expect(() => computePerformance({ returns: [0.1, -1.5] })).toThrow(/index 1 is -1.5/);
    expect(() => computePerformance({ returns: [0.1] }, { periodsPerYear: -1 })).toThrow(/periodsPerYear/);
  });
  it('turns an equity curve into returns', () => {
    expect(Array.from(returnsFromEquity([100, 110, 99]))).toEqual([expect.closeTo(0.1, 12), expect.closeTo(-0.1, 12)]);
    expect(() => returnsFromEquity([0, 1])).toThrow(NwsError);
  });

  it('keeps the last value of each UTC day of a curve sampled at any times', () => {
    const day = (d: number, hours: number) => Date.UTC(2024, 0, d, hours);
    const curve = endOfDayValues([day(2, 14), day(2, 20), day(2, 23), day(3, 1), day(5, 9), day(5, 10)], [100, 101, 102, 99, 98, 97]);
    expect(Array.from(curve.ts)).toEqual([day(2, 23), day(3, 1), day(5, 10)]);
    expect(Array.from(curve.values)).toEqual([102, 99, 97]);
    expect(Array.from(endOfDayValues([], []).values)).toEqual([]);
    expect(() => endOfDayValues([1, 2], [1])).toThrow('ts has 2 values, values 1');
    // Daily returns: the first day against the curve's first value, then day against day.
    const daily = dailyReturns([day(2, 14), day(2, 20), day(2, 23), day(3, 1), day(5, 9), day(5, 10)], [100, 101, 102, 99, 98, 97]);
    expect(Array.from(daily.timestamps)).toEqual([day(2, 23), day(3, 1), day(5, 10)]);
    expect(Array.from(daily.returns)).toEqual([expect.closeTo(0.02, 12), expect.closeTo(99 / 102 - 1, 12), expect.closeTo(97 / 99 - 1, 12)]);
  });
});
