import { describe, expect, it } from 'vitest';
import { NwsError } from '@nws/core';
import { AAPL, ES, MSFT, XOM, fill, riskState } from './test-fixtures/risk-fixtures.js';

describe('RiskState', () => {
  it('keeps gross, net, sector sums and equity in step with fills and marks', () => {
    const state = riskState(100_000);
    fill(state, AAPL, 'BUY', 100, 100); // +10,000
    fill(state, MSFT, 'SELL', 20, 200); // -4,000
    fill(state, XOM, 'BUY', 40, 50); // +2,000
    expect(state.grossExposure).toBe(16_000);
    expect(state.netExposure).toBe(8_000);
    expect(state.sector('Technology')).toMatchObject({ gross: 14_000, net: 6_000 });
    expect(state.sector('Energy')).toMatchObject({ gross: 2_000, net: 2_000 });
    state.setMark(AAPL, 110); // +1,000 unrealised
    state.setMark(MSFT, 190); // short gains 200
    expect(state.grossExposure).toBe(11_000 + 3_800 + 2_000);
    expect(state.unrealizedPnl).toBe(1_200);
    expect(state.equity).toBe(101_200);
    expect(state.peakEquity).toBe(101_200);
    state.setMark(AAPL, 90);
    expect(state.equity).toBe(99_200);
    expect(state.peakEquity).toBe(101_200);
  });

  it('books realised P&L when a position closes, and futures carry their multiplier', () => {
    const state = riskState(100_000);
    fill(state, ES, 'BUY', 2, 5000);
    expect(state.grossExposure).toBe(2 * 50 * 5000);
    fill(state, ES, 'SELL', 2, 5010);
    expect(state.realizedPnl).toBe(1_000);
    expect(state.grossExposure).toBe(0);
    expect(state.equity).toBe(101_000);
  });

  it('after many updates matches a full resync', () => {
    const state = riskState(100_000);
    fill(state, AAPL, 'BUY', 37, 100.13);
    fill(state, MSFT, 'SELL', 11, 201.7);
    for (let step = 0; step < 1000; step++) state.setMark(AAPL, 100 + Math.sin(step) * 3.3);
    const gross = state.grossExposure;
    const equity = state.equity;
    state.resync();
    expect(state.grossExposure).toBeCloseTo(gross, 6);
    expect(state.equity).toBeCloseTo(equity, 6);
  });

  it('counts open orders by strategy, instrument and sector until they end', () => {
    const state = riskState();
    const order = { clientOrderId: 'O-1', instrumentId: AAPL, strategyId: 'S-1', status: 'ACCEPTED' } as const;
    state.applyOrder(order as never);
    state.applyOrder({ ...order, clientOrderId: 'O-2', instrumentId: XOM } as never);
    expect(state.openOrderCount).toBe(2);
    expect(state.openOrdersOf('sector', 'Technology')).toBe(1);
    expect(state.openOrdersOf('strategy', 'S-1')).toBe(2);
    state.applyOrder({ ...order, status: 'FILLED' } as never);
    expect(state.openOrderCount).toBe(1);
    expect(state.openOrdersOf('instrument', AAPL)).toBe(0);
  });

  it('refuses unknown instruments and bad marks with a clear error', () => {
    const state = riskState();
    expect(() => state.setMark('NOPE.XNAS' as never, 1)).toThrow(/NOPE.XNAS is not registered/);
    expect(() => state.setMark(AAPL, Number.NaN)).toThrow(NwsError);
    expect(() => new (state.constructor as never as new (o: object) => unknown)({ startingEquity: -1 })).toThrow(/startingEquity -1/);
  });
});
