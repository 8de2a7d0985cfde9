import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode, unrealizedPnl } from '@nws/core';
import type { InstrumentId } from '@nws/core';
import { commissionFor } from './commission.js';
import { defineSimulatedVenueConfig } from './config.js';
import { AAPL, harness } from './test-support/harness.js';

const aapl = AAPL as InstrumentId;

const barArbitrary = fc.record({ open: fc.integer({ min: 9000, max: 11000 }), up: fc.integer({ min: 0, max: 300 }), down: fc.integer({ min: 0, max: 300 }), close: fc.double({ min: 0, max: 1, noNaN: true }) });
const orderArbitrary = fc.record({
  kind: fc.constantFrom('MARKET', 'LIMIT', 'STOP_MARKET', 'TRAILING_STOP_MARKET', 'CANCEL'),
  side: fc.constantFrom('BUY', 'SELL'),
  quantity: fc.integer({ min: 1, max: 50 }),
  offset: fc.integer({ min: -200, max: 200 }),
});
const stepArbitrary = fc.record({ bar: barArbitrary, orders: fc.array(orderArbitrary, { maxLength: 3 }) });

type Step = { bar: { open: number; up: number; down: number; close: number }; orders: Array<{ kind: string; side: string; quantity: number; offset: number }> };

/** Runs a random sequence on a margin account and checks the identities after every bar. */
function run(steps: Step[], check: boolean) {
  const h = harness({ accountType: 'margin', leverage: 4, commission: { model: 'per-share' }, slippage: { model: 'ticks', ticks: 1 }, volumeParticipation: 0.5 });
  for (const step of steps) {
    const open = step.bar.open / 100;
    const high = open + step.bar.up / 100;
    const low = open - step.bar.down / 100;
    const close = Math.round((low + (high - low) * step.bar.close) * 100) / 100;
    h.bar(open, high, low, close, 60);
    for (const spec of step.orders) submitRandom(h, spec, close);
    if (!check) continue;
    const position = h.venue.position(aapl)!;
    const last = h.venue.lastPrice(aapl)!;
    const equity = h.venue.equity();
    expect(equity).toBeCloseTo(h.venue.cash() + position.netQty * last, 6);
    expect(equity).toBeCloseTo(h.venue.accountEquity(), 6);
    // Every dollar gained or lost is realised (net of commissions) or unrealised P&L.
    expect(equity - 100_000).toBeCloseTo(position.realizedPnl + unrealizedPnl(position, last), 6);
    const filledQty = h.fills.reduce((sum, fill) => sum + (fill.side === 'BUY' ? fill.qty : -fill.qty), 0);
    expect(position.netQty).toBeCloseTo(filledQty, 9);
  }
  return h;
}

function submitRandom(h: ReturnType<typeof harness>, spec: Step['orders'][number], close: number): void {
  if (spec.kind === 'CANCEL') {
    const open = h.manager.openOrders()[0];
    if (open !== undefined && open.status !== 'PENDING_CANCEL') h.manager.cancel(open.clientOrderId);
    return;
  }
  const level = Math.max(1, Math.round((close + spec.offset / 100) * 100) / 100);
  const base = { instrumentId: AAPL, side: spec.side, quantity: spec.quantity };
  if (spec.kind === 'MARKET') h.manager.submit({ ...base, type: 'MARKET' });
  if (spec.kind === 'LIMIT') h.manager.submit({ ...base, type: 'LIMIT', price: level });
  if (spec.kind === 'STOP_MARKET') h.manager.submit({ ...base, type: 'STOP_MARKET', triggerPrice: level });
  if (spec.kind === 'TRAILING_STOP_MARKET') h.manager.submit({ ...base, type: 'TRAILING_STOP_MARKET', trailingOffset: Math.abs(spec.offset) / 100 + 0.5, trailingOffsetType: 'price' });
}

describe('accounting', () => {
  it('equity = cash + positions, and = start + realised + unrealised P&L, after every bar', () => {
    fc.assert(fc.property(fc.array(stepArbitrary, { minLength: 1, maxLength: 40 }), (steps) => {
      run(steps, true);
    }), { numRuns: 60, seed: 7 });
  });

  it('is deterministic: the same inputs give identical journals and fills', () => {
    fc.assert(fc.property(fc.array(stepArbitrary, { minLength: 5, maxLength: 30 }), (steps) => {
      const first = run(steps, false);
      const second = run(steps, false);
      expect(second.journal.events).toEqual(first.journal.events);
      expect(second.fills).toEqual(first.fills);
      expect(second.venue.equity()).toBe(first.venue.equity());
    }), { numRuns: 15, seed: 11 });
  });
});

describe('commission models', () => {
  const perShare = defineSimulatedVenueConfig({ commission: { model: 'per-share' } }).commission;
  it.each([
    [100, 5_000, 1], // 0.50 raised to the 1.00 minimum
    [1_000, 50_000, 5], // 0.005 x 1000
    [10_000, 500, 5], // 50.00 capped at 1% of 500
  ])('per share: %d shares worth %d cost %d', (qty, value, expected) => {
    expect(commissionFor(perShare, qty, value)).toBeCloseTo(expected, 12);
  });
});

describe('config', () => {
  it('fills defaults and freezes', () => {
    const config = defineSimulatedVenueConfig();
    expect(config).toMatchObject({ accountType: 'cash', fillMode: 'next-open', volumeParticipation: null, startingCash: 100_000 });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.commission)).toBe(true);
  });

  it('names every bad field at once', () => {
    expect(() => defineSimulatedVenueConfig({ leverage: 3, fillMode: 'later' as 'close', volumeParticipation: 2, extra: 1 } as never)).toThrowError(
      expect.objectContaining({ code: ErrorCode.InvalidConfig, message: expect.stringMatching(/fillMode.*volumeParticipation.*|volumeParticipation.*fillMode/) }),
    );
    try {
      defineSimulatedVenueConfig({ leverage: 3 });
    } catch (error) {
      expect((error as Error).message).toMatch(/leverage: must be 1 for a cash account/);
    }
  });
});
