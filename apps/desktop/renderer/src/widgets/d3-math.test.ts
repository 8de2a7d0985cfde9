import { describe, expect, it } from 'vitest';
import { MIN_COMMON_RETURNS, correlationMatrix, correlationPaint, dailyReturns, unrealizedPnl, utilisationPaint, waterfallSteps } from './d3-math.js';

const DAY = 86_400_000;

describe('waterfallSteps', () => {
  it('orders gains before losses, runs a cumulative total and closes with a Total bar', () => {
    const steps = waterfallSteps([
      { instrumentId: 'LOSS.SIM', realized: -50, unrealized: -25 },
      { instrumentId: 'FLAT.SIM', realized: 0, unrealized: 0 }, // traded, no P&L: a flat step
      { instrumentId: 'WIN.SIM', realized: 200, unrealized: 10 },
    ]);
    expect(steps.map(({ label, start, end, kind }) => ({ label, start, end, kind }))).toEqual([
      { label: 'WIN.SIM', start: 0, end: 210, kind: 'gain' },
      { label: 'FLAT.SIM', start: 210, end: 210, kind: 'gain' },
      { label: 'LOSS.SIM', start: 210, end: 135, kind: 'loss' },
      { label: 'Total', start: 0, end: 135, kind: 'total' },
    ]);
    expect(steps.at(-1)).toMatchObject({ realized: 150, unrealized: -15, total: 135 });
  });

  it('has no steps without P&L', () => {
    expect(waterfallSteps([])).toEqual([]);
  });
});

describe('unrealizedPnl', () => {
  it('values long and short positions at the mark, and is 0 when flat or unpriced', () => {
    expect(unrealizedPnl(100, 50, 52.5)).toBeCloseTo(250, 10);
    expect(unrealizedPnl(-10, 50, 52, 100)).toBeCloseTo(-2_000, 10);
    expect(unrealizedPnl(0, 50, 60)).toBe(0);
    expect(unrealizedPnl(10, 50, undefined)).toBe(0);
  });
});

describe('correlationMatrix', () => {
  const ts = Array.from({ length: 61 }, (_, index) => index * DAY);
  const wave = ts.map((_, index) => 100 * (1 + 0.02 * Math.sin(index * 1.3)));
  const noise = ts.map((_, index) => 100 * (1 + 0.02 * Math.sin(index * 7.1 + 2)));

  it('is 1 for a series with itself and a scaled copy, -1 for a mirror, symmetric', () => {
    const base = dailyReturns(ts, wave);
    const mirror = new Map([...base].map(([key, value]) => [key, -value]));
    const scaled = new Map([...base].map(([key, value]) => [key, value * 3]));
    const other = dailyReturns(ts, noise);
    const matrix = correlationMatrix([base, mirror, scaled, other]);
    expect(matrix[0]![0]).toBe(1);
    expect(matrix[0]![1]).toBeCloseTo(-1, 10);
    expect(matrix[0]![2]).toBeCloseTo(1, 10);
    expect(matrix[3]![0]).toBe(matrix[0]![3]);
    expect(Math.abs(matrix[0]![3]!)).toBeLessThan(0.5);
  });

  it('uses only the days both series have, and gives null below the minimum overlap', () => {
    const base = dailyReturns(ts, wave);
    const late = new Map([...base].filter(([key]) => key >= (61 - MIN_COMMON_RETURNS + 1) * DAY)); // 19 common days
    const matrix = correlationMatrix([base, late]);
    expect(late.size).toBe(MIN_COMMON_RETURNS - 1);
    expect(matrix[0]![1]).toBeNull();
    expect(matrix[1]![1]).toBeNull();
  });

  it('gives null for a series that does not move', () => {
    const flat = dailyReturns(ts, ts.map(() => 100));
    expect(correlationMatrix([dailyReturns(ts, wave), flat])[0]![1]).toBeNull();
  });
});

describe('colour scales', () => {
  it('turns utilisation amber at 80 % and red at 100 %, stronger as it fills', () => {
    expect(utilisationPaint(0.5).color).toBe('var(--good)');
    expect(utilisationPaint(0.8).color).toBe('var(--warn)');
    expect(utilisationPaint(1).color).toBe('var(--bad)');
    expect(utilisationPaint(0.9).opacity).toBeGreaterThan(utilisationPaint(0.2).opacity);
    expect(utilisationPaint(3).opacity).toBe(utilisationPaint(1).opacity);
  });

  it('colours correlation by sign with strength by size', () => {
    expect(correlationPaint(0.7).color).toBe('var(--accent)');
    expect(correlationPaint(-0.7)).toEqual({ color: 'var(--bad)', opacity: correlationPaint(0.7).opacity });
    expect(correlationPaint(0).opacity).toBeLessThan(correlationPaint(0.5).opacity);
  });
});
