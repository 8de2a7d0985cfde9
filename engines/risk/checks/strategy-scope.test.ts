// Position-size limits scoped to one strategy measure that strategy's own positions, which the
// risk state books per strategy from the strategy id on each fill.
import { describe, expect, it } from 'vitest';
import { NwsError, testkit } from '@nws/core';
import type { InstrumentId, OrderSide, StrategyId } from '@nws/core';
import { RiskEngine } from '../risk-engine.js';
import type { RiskState } from '../risk-state.js';
import { AAPL, MSFT, buy, riskState, sell } from '../test-fixtures/risk-fixtures.js';

let trade = 1;
function strategyFill(state: RiskState, strategyId: string, instrumentId: InstrumentId, side: OrderSide, qty: number, price: number): void {
  const order = testkit.orders.market({ instrumentId, side, quantity: qty, strategyId: strategyId as StrategyId });
  state.onFill(testkit.fills.of(order, { qty, price, tradeId: `ST-${trade++}` }));
}

function engineWith(state: RiskState, ...limits: Array<Record<string, unknown>>): RiskEngine {
  return new RiskEngine({ state, config: { limits }, clock: { now: () => Date.UTC(2024, 5, 4, 15) } });
}

function reasonOf(decision: ReturnType<RiskEngine['check']>): string {
  return decision.approved ? '(approved)' : decision.reason;
}

/** S-A long 600 AAPL, S-B short 200 AAPL: the account is long 400. */
function twoStrategies(): RiskState {
  const state = riskState(1_000_000);
  strategyFill(state, 'S-A', AAPL, 'BUY', 600, 100);
  strategyFill(state, 'S-B', AAPL, 'SELL', 200, 100);
  return state;
}

describe('RiskState per strategy', () => {
  it('nets each strategy on its own and forgets a closed position', () => {
    const state = twoStrategies();
    expect(state.entry(AAPL)!.position.netQty).toBe(400);
    expect(state.strategyPosition('S-A', AAPL)).toBe(600);
    expect(state.strategyPosition('S-B', AAPL)).toBe(-200);
    expect(state.strategyPosition('S-C', AAPL)).toBe(0);
    strategyFill(state, 'S-B', AAPL, 'BUY', 0.1, 100);
    strategyFill(state, 'S-B', AAPL, 'BUY', 0.2, 100);
    strategyFill(state, 'S-B', AAPL, 'BUY', 199.7, 100);
    expect(state.strategyPosition('S-B', AAPL)).toBe(0);
    expect([...state.strategyPositions('S-B')]).toEqual([]);
    expect([...state.strategyPositions('S-A')]).toEqual([[AAPL, 600]]);
  });
});

describe('RiskEngine.proposeOrder', () => {
  it("shows the account's and the strategy's position before and after, and checks nothing", () => {
    const engine = engineWith(twoStrategies(), { type: 'order-rate', maxPerSecond: 1 });
    const proposal = engine.proposeOrder(buy(150, { strategyId: 'S-B' }))!;
    expect(proposal).toMatchObject({ positionBefore: 400, positionAfter: 550, reducing: false, strategyPositionBefore: -200, strategyPositionAfter: -50, strategyReducing: true, notional: 15_000 });
    // Nothing was counted: the one order a second still passes.
    expect(engine.check(buy(1)).approved).toBe(true);
    expect(engine.proposeOrder(buy(1, { instrumentId: 'NOPE.XNAS' }))).toBeUndefined();
  });
});

describe('max-position-quantity scoped to a strategy', () => {
  it("measures the strategy's own position, not the account's, and leaves other strategies alone", () => {
    const engine = engineWith(twoStrategies(), { type: 'max-position-quantity', maxQuantity: 1_000, scope: { kind: 'strategy', strategyId: 'S-A' } });
    // The account would be at 1,300 but S-A's own position at 900.
    expect(engine.check(buy(300, { strategyId: 'S-A' })).approved).toBe(true);
    expect(reasonOf(engine.check(buy(500, { strategyId: 'S-A' })))).toBe(
      "max-position-quantity (strategy S-A): strategy S-A's position quantity of AAPL.XNAS after the order 1100 exceeds limit 1000",
    );
    expect(engine.check(buy(5_000, { strategyId: 'S-B' })).approved).toBe(true);
    // Flipping S-A from +600 to -300 leaves |300| under the cap.
    expect(engine.check(sell(900, { strategyId: 'S-A' })).approved).toBe(true);
  });

  it("lets an order that shrinks the strategy's own position through, even when it grows the account's", () => {
    const state = twoStrategies();
    const engine = engineWith(state, { type: 'max-position-quantity', maxQuantity: 100, scope: { kind: 'strategy', strategyId: 'S-B' } });
    // S-B is short 200 (over its cap of 100): buying 150 reduces it although the account goes to +550.
    expect(engine.check(buy(150, { strategyId: 'S-B' })).approved).toBe(true);
    expect(reasonOf(engine.check(sell(1, { strategyId: 'S-B' })))).toMatch(/strategy S-B's position quantity of AAPL.XNAS after the order 201 exceeds limit 100/);
  });

  it("reads the strategy's largest position for the monitor", () => {
    const state = twoStrategies();
    strategyFill(state, 'S-A', MSFT, 'SELL', 700, 200);
    const engine = engineWith(state, { type: 'max-position-quantity', maxQuantity: 1_000, scope: { kind: 'strategy', strategyId: 'S-A' } });
    expect(engine.limitChecks()[0]!.read!(state)).toEqual({ value: 700, threshold: 1_000, subject: MSFT });
  });
});

describe('max-position-notional scoped to a strategy', () => {
  it("values the strategy's own position after the order at the mark", () => {
    const state = twoStrategies();
    const engine = engineWith(state, { type: 'max-position-notional', maxNotional: 70_000, scope: { kind: 'strategy', strategyId: 'S-A' } });
    expect(engine.check(buy(100, { strategyId: 'S-A' })).approved).toBe(true); // 700 x 100
    expect(reasonOf(engine.check(buy(101, { strategyId: 'S-A' })))).toMatch(/strategy S-A's position notional of AAPL.XNAS after the order 70100 exceeds limit 70000/);
    state.setMark(AAPL, 110);
    expect(engine.limitChecks()[0]!.read!(state)).toEqual({ value: 66_000, threshold: 70_000, subject: AAPL });
  });
});

describe('concentration scoped to a strategy', () => {
  it("caps each of the strategy's positions as a percent of account equity", () => {
    const state = twoStrategies(); // equity 1,000,000
    const engine = engineWith(state, { type: 'concentration', maxPercentOfEquity: 10, scope: { kind: 'strategy', strategyId: 'S-B' } });
    expect(engine.check(sell(800, { strategyId: 'S-B' })).approved).toBe(true); // -1,000 x 100 = 10 %
    expect(reasonOf(engine.check(sell(801, { strategyId: 'S-B' })))).toMatch(/% of equity in strategy S-B's AAPL.XNAS after the order 10.01 exceeds limit 10/);
    expect(engine.limitChecks()[0]!.read!(state)).toEqual({ value: 2, threshold: 10, subject: AAPL });
  });

  it('refuses a strategy scope per sector, naming the field', () => {
    expect(() => engineWith(riskState(), { type: 'concentration', per: 'sector', maxPercentOfEquity: 10, scope: { kind: 'strategy', strategyId: 'S-A' } })).toThrow(
      /per.*strategy-scoped concentration limit measures per instrument only/,
    );
    expect(() => engineWith(riskState(), { type: 'concentration', per: 'sector', maxPercentOfEquity: 10, scope: { kind: 'strategy', strategyId: 'S-A' } })).toThrow(NwsError);
  });
});
