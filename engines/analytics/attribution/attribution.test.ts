import { describe, expect, it } from 'vitest';
import { NwsError } from '@nws/core';
import { brinsonFachler } from './brinson.js';
import { executionQuality } from './execution-quality.js';
import { factorAttribution } from './factor-attribution.js';

describe('Brinson-Fachler', () => {
  it('computes allocation, selection and interaction that sum to the active return', () => {
    const result = brinsonFachler([
      { sector: 'Tech', portfolioWeight: 0.6, portfolioReturn: 0.1, benchmarkWeight: 0.5, benchmarkReturn: 0.08 },
      { sector: 'Energy', portfolioWeight: 0.4, portfolioReturn: 0.02, benchmarkWeight: 0.5, benchmarkReturn: 0.04 },
    ]);
    // Rb = 0.06, Rp = 0.068. Tech: alloc 0.1×0.02, sel 0.5×0.02, inter 0.1×0.02.
    expect(result.benchmarkReturn).toBeCloseTo(0.06, 12);
    expect(result.portfolioReturn).toBeCloseTo(0.068, 12);
    expect(result.sectors[0]).toMatchObject({ allocation: expect.closeTo(0.002, 12), selection: expect.closeTo(0.01, 12), interaction: expect.closeTo(0.002, 12) });
    // Energy: alloc -0.1×-0.02, sel 0.5×-0.02, inter -0.1×-0.02.
    expect(result.sectors[1]).toMatchObject({ allocation: expect.closeTo(0.002, 12), selection: expect.closeTo(-0.01, 12), interaction: expect.closeTo(0.002, 12) });
    expect(result.allocation + result.selection + result.interaction).toBeCloseTo(result.activeReturn, 12);
    expect(result.activeReturn).toBeCloseTo(0.008, 12);
  });
  it('refuses weights that do not sum to 1, naming every problem', () => {
    expect(() =>
      brinsonFachler([{ sector: 'Tech', portfolioWeight: 0.6, portfolioReturn: NaN, benchmarkWeight: 1, benchmarkReturn: 0.1 }]),
    ).toThrow(/portfolioReturn is NaN.*portfolioWeights sum to 0.6/);
  });
});

describe('factor attribution', () => {
  it('recovers the exposures of returns built from known factors', () => {
    const market = [0.01, -0.02, 0.015, 0.003, -0.007, 0.012, 0.004, -0.01];
    const value = [0.002, 0.001, -0.003, 0.004, 0.0, -0.001, 0.002, 0.003];
    const noise = [0.0001, -0.0001, 0.0002, -0.0002, 0.0001, 0, -0.0001, 0];
    const returns = market.map((m, t) => 0.0005 + 1.2 * m - 0.5 * value[t]! + noise[t]!);
    const result = factorAttribution(returns, { market, value });
    expect(result.factors[0]!.beta).toBeCloseTo(1.2, 1);
    expect(result.factors[1]!.beta).toBeCloseTo(-0.5, 1);
    expect(result.rSquared).toBeGreaterThan(0.99);
    const explained = result.alpha + result.factors.reduce((sum, factor) => sum + factor.contribution, 0);
    expect(explained).toBeCloseTo(result.meanReturn, 12);
    const exact = factorAttribution(market.map((m) => 0.001 + 2 * m), { market });
    expect(exact.alpha).toBeCloseTo(0.001, 12);
    expect(exact.factors[0]!.beta).toBeCloseTo(2, 12);
    expect(exact.rSquared).toBeCloseTo(1, 12);
  });
  it('refuses collinear factors', () => {
    const market = [0.01, -0.02, 0.015, 0.003, -0.007];
    expect(() => factorAttribution(market, { market, twice: market.map((m) => 2 * m) })).toThrow(/collinear/);
  });
});

describe('execution quality', () => {
  it('measures slippage, implementation shortfall and fill rate', () => {
    const summary = executionQuality([
      { orderId: 'A', side: 'BUY', orderedQty: 100, arrivalPrice: 100, endPrice: 103, fills: [{ qty: 50, price: 100.1, commission: 1 }, { qty: 30, price: 100.3 }] },
      { orderId: 'B', side: 'SELL', orderedQty: 200, arrivalPrice: 50, fills: [{ qty: 200, price: 49.95 }] },
    ]);
    const buy = summary.orders[0]!;
    expect(buy.averageFillPrice).toBeCloseTo(100.175, 12);
    expect(buy.slippageBps).toBeCloseTo(17.5, 9);
    expect(buy.executionCost).toBeCloseTo(5 + 9 + 1, 9);
    expect(buy.opportunityCost).toBeCloseTo(3 * 20, 9);
    expect(buy.implementationShortfallBps).toBeCloseTo((75 / 10_000) * 1e4, 9);
    expect(buy.fillRate).toBeCloseTo(0.8, 12);
    const sell = summary.orders[1]!;
    expect(sell.slippageBps).toBeCloseTo(10, 9);
    expect(summary.fillRate).toBeCloseTo(280 / 300, 12);
    expect(summary.slippageBps).toBeCloseTo((17.5 * 80 + 10 * 200) / 280, 9);
    expect(summary.implementationShortfall).toBeCloseTo(75 + 10, 9);
  });
  it('refuses an overfilled order', () => {
    expect(() => executionQuality([{ orderId: 'X', side: 'BUY', orderedQty: 10, arrivalPrice: 1, fills: [{ qty: 11, price: 1 }] }])).toThrow(NwsError);
  });
});
