// One describe per limit type: an order that passes, one that is refused, and the reason naming
// the limit, the value and the threshold.
import { describe, expect, it } from 'vitest';
import { testkit } from '@nws/core';
import { RiskEngine } from '../risk-engine.js';
import type { RiskState } from '../risk-state.js';
import { AAPL, ES, MSFT, XOM, buy, fill, riskState, sell } from '../test-fixtures/risk-fixtures.js';
import { LIMIT_TYPE_NAMES } from './index.js';
import { DEFAULT_RISK_LIMITS } from '../defaults.js';

function engineWith(limit: Record<string, unknown>, state: RiskState = riskState()): RiskEngine {
  return new RiskEngine({ state, config: { limits: [limit] }, clock: { now: () => Date.UTC(2024, 5, 4, 15, 0) } });
}

function reasonOf(decision: ReturnType<RiskEngine['check']>): string {
  return decision.approved ? '(approved)' : decision.reason;
}

describe('limit types', () => {
  it('number at least 16', () => {
    expect(LIMIT_TYPE_NAMES.length).toBeGreaterThanOrEqual(16);
  });
});

describe('max-order-quantity', () => {
  it('refuses above the cap and names value and threshold; other scopes are left alone', () => {
    const engine = engineWith({ type: 'max-order-quantity', maxQuantity: 500, scope: { kind: 'instrument', instrumentId: AAPL } });
    expect(engine.check(buy(500)).approved).toBe(true);
    expect(reasonOf(engine.check(buy(501)))).toBe('max-order-quantity (instrument AAPL.XNAS): order quantity of AAPL.XNAS 501 exceeds limit 500');
    expect(engine.check(buy(10_000, { instrumentId: MSFT })).approved).toBe(true);
  });
  it('scoped to a strategy only sees that strategy', () => {
    const engine = engineWith({ type: 'max-order-quantity', maxQuantity: 10, scope: { kind: 'strategy', strategyId: 'S-FAST' } });
    expect(engine.check(buy(11, { strategyId: 'S-FAST' })).approved).toBe(false);
    expect(engine.check(buy(11, { strategyId: 'S-SLOW' })).approved).toBe(true);
  });
});

describe('max-order-notional', () => {
  it('values market orders at the mark and limit orders at their price, with the multiplier', () => {
    const engine = engineWith({ type: 'max-order-notional', maxNotional: 50_000 });
    expect(engine.check(buy(500)).approved).toBe(true); // 500 x 100
    expect(reasonOf(engine.check(testkit.orders.limit({ quantity: 400, price: 126 })))).toMatch(/order notional of AAPL.XNAS 50400 exceeds limit 50000/);
    expect(reasonOf(engine.check(buy(1, { instrumentId: ES })))).toMatch(/250000 exceeds limit 50000/);
  });
});

describe('orders that cannot be valued', () => {
  it('refuses a market order before the first quote, saying why instead of printing NaN', () => {
    const state = riskState();
    state.registerInstrument({ id: 'NEW.XNAS' as typeof MSFT, multiplier: 1, sector: 'Technology', currency: 'USD' });
    const engine = engineWith({ type: 'max-order-notional', maxNotional: 50_000 }, state);
    const reason = reasonOf(engine.check(buy(10, { instrumentId: 'NEW.XNAS' })));
    expect(reason).toBe('max-order-notional (account): order notional of NEW.XNAS cannot be valued against the limit of 50000: the order has no price and there is no market price yet');
    expect(engine.check(testkit.orders.limit({ instrumentId: 'NEW.XNAS', quantity: 10, price: 20 })).approved).toBe(true);
  });
});

describe('max-order-notional per asset class', () => {
  it('gives futures their own cap and keeps the base cap for everything else', () => {
    const engine = engineWith({ type: 'max-order-notional', maxNotional: 25_000, maxNotionalByAssetClass: { future: 1_000_000 } });
    expect(engine.check(buy(4, { instrumentId: ES })).approved).toBe(true); // 4 x 5,000 x 50
    expect(reasonOf(engine.check(buy(5, { instrumentId: ES })))).toBe('max-order-notional (account): order notional of ESZ24.XCME (future) 1250000 exceeds limit 1000000');
    expect(reasonOf(engine.check(buy(251)))).toBe('max-order-notional (account): order notional of AAPL.XNAS 25100 exceeds limit 25000');
  });
  it('refuses an asset class it does not know, naming the field', () => {
    expect(() => engineWith({ type: 'max-order-notional', maxNotional: 25_000, maxNotionalByAssetClass: { bond: 1 } })).toThrow(/maxNotionalByAssetClass/);
  });
  it('by default lets one ES contract through and refuses fifty', () => {
    const engine = new RiskEngine({ state: riskState(), config: { limits: [...DEFAULT_RISK_LIMITS] }, clock: { now: () => Date.UTC(2024, 5, 4, 15, 0) } });
    expect(engine.check(buy(1, { instrumentId: ES })).approved).toBe(true);
    expect(reasonOf(engine.check(buy(50, { instrumentId: ES })))).toMatch(/12500000 exceeds limit 1500000/);
    expect(reasonOf(engine.check(buy(300)))).toMatch(/AAPL.XNAS 30000 exceeds limit 25000/);
  });
});

describe('price-band', () => {
  it('refuses a limit price too far from the mark (fat finger) and lets market orders through', () => {
    const engine = engineWith({ type: 'price-band', maxDeviationPercent: 5 });
    expect(engine.check(testkit.orders.limit({ price: 104.99 })).approved).toBe(true);
    expect(reasonOf(engine.check(testkit.orders.limit({ price: 110 })))).toMatch(/price-band \(account\): price 110 vs mark 100: deviation % of AAPL.XNAS 10 exceeds limit 5/);
    expect(engine.check(buy(1)).approved).toBe(true);
  });
  it('uses the quote mid as the reference', () => {
    const state = riskState();
    state.onQuote({ instrumentId: AAPL, bid: 119, ask: 121, bidSize: 1, askSize: 1, ts: 0 });
    const engine = engineWith({ type: 'price-band', maxDeviationPercent: 1 }, state);
    expect(engine.check(testkit.orders.limit({ price: 120.5 })).approved).toBe(true);
    expect(engine.check(testkit.orders.limit({ price: 100 })).approved).toBe(false);
  });
});

describe('max-position-quantity', () => {
  it('checks the position after the fill; reducing orders always pass', () => {
    const state = riskState();
    fill(state, AAPL, 'BUY', 900, 100);
    const engine = engineWith({ type: 'max-position-quantity', maxQuantity: 1000 }, state);
    expect(engine.check(buy(100)).approved).toBe(true);
    expect(reasonOf(engine.check(buy(101)))).toMatch(/position quantity of AAPL.XNAS after the order 1001 exceeds limit 1000/);
    expect(reasonOf(engine.check(sell(1901)))).toMatch(/1001 exceeds limit 1000/); // flips to -1001
    expect(engine.check(sell(500)).approved).toBe(true);
  });
});

describe('max-position-notional', () => {
  it('values the resulting position at the mark', () => {
    const state = riskState();
    fill(state, MSFT, 'BUY', 100, 200);
    const engine = engineWith({ type: 'max-position-notional', maxNotional: 30_000, scope: { kind: 'sector', sector: 'Technology' } }, state);
    expect(engine.check(buy(50, { instrumentId: MSFT })).approved).toBe(true);
    expect(reasonOf(engine.check(buy(51, { instrumentId: MSFT })))).toMatch(/30200 exceeds limit 30000/);
    expect(engine.check(buy(10_000, { instrumentId: XOM })).approved).toBe(true); // Energy: out of scope
  });
});

describe('max-gross-exposure', () => {
  it('adds the order to the running gross exposure (account and sector)', () => {
    const state = riskState();
    fill(state, AAPL, 'BUY', 500, 100); // 50k
    fill(state, XOM, 'SELL', 400, 50); // 20k
    const account = engineWith({ type: 'max-gross-exposure', maxGross: 100_000 }, state);
    expect(account.check(buy(150, { instrumentId: MSFT })).approved).toBe(true); // 100k
    expect(reasonOf(account.check(buy(151, { instrumentId: MSFT })))).toMatch(/gross exposure after BUY 151 MSFT.XNAS 100200 exceeds limit 100000/);
    const sector = engineWith({ type: 'max-gross-exposure', maxGross: 25_000, scope: { kind: 'sector', sector: 'Energy' } }, state);
    expect(sector.check(sell(100, { instrumentId: XOM })).approved).toBe(true);
    expect(sector.check(sell(101, { instrumentId: XOM })).approved).toBe(false);
  });
});

describe('max-net-exposure', () => {
  it('refuses orders that push |net| over the cap, passes orders that bring it back', () => {
    const state = riskState();
    fill(state, AAPL, 'BUY', 1000, 100); // net +100k
    const engine = engineWith({ type: 'max-net-exposure', maxNet: 90_000 }, state);
    expect(reasonOf(engine.check(buy(1, { instrumentId: MSFT })))).toMatch(/net exposure after BUY 1 MSFT.XNAS 100200 exceeds limit 90000/);
    expect(engine.check(sell(100, { instrumentId: XOM })).approved).toBe(true); // a hedge lowers net
  });
});

describe('max-leverage', () => {
  it('refuses when gross / equity after the order exceeds the cap', () => {
    const engine = engineWith({ type: 'max-leverage', maxLeverage: 2 }, riskState(100_000));
    expect(engine.check(buy(2000)).approved).toBe(true); // 200k / 100k
    expect(reasonOf(engine.check(buy(2001)))).toMatch(/leverage \(gross \/ equity\) after the order 2.001 exceeds limit 2/);
  });
});

describe('concentration', () => {
  it('per instrument: one position as % of equity', () => {
    const engine = engineWith({ type: 'concentration', maxPercentOfEquity: 10 }, riskState(100_000));
    expect(engine.check(buy(100)).approved).toBe(true);
    expect(reasonOf(engine.check(buy(101)))).toMatch(/% of equity in AAPL.XNAS after the order 10.1 exceeds limit 10/);
  });
  it('per sector: the sector gross as % of equity', () => {
    const state = riskState(100_000);
    fill(state, MSFT, 'BUY', 100, 200); // 20% in Technology
    const engine = engineWith({ type: 'concentration', per: 'sector', maxPercentOfEquity: 25 }, state);
    expect(engine.check(buy(50)).approved).toBe(true);
    expect(reasonOf(engine.check(buy(51)))).toMatch(/% of equity in sector Technology after the order 25.1 exceeds limit 25/);
    expect(engine.check(buy(400, { instrumentId: XOM })).approved).toBe(true);
  });
});

describe('daily-loss', () => {
  it('after the day loses the limit, only reducing orders pass', () => {
    const state = riskState(100_000);
    fill(state, AAPL, 'BUY', 1000, 100);
    state.startDay();
    const engine = engineWith({ type: 'daily-loss', maxLoss: 5_000 }, state);
    state.setMark(AAPL, 95.01);
    expect(engine.check(buy(1, { instrumentId: XOM })).approved).toBe(true);
    state.setMark(AAPL, 95);
    expect(reasonOf(engine.check(buy(1, { instrumentId: XOM })))).toBe('daily-loss (account): loss since start of day 5000 exceeds limit 5000');
    expect(engine.check(sell(500)).approved).toBe(true);
  });
});

describe('max-drawdown', () => {
  it('measures from peak equity', () => {
    const state = riskState(100_000);
    fill(state, AAPL, 'BUY', 1000, 100);
    state.setMark(AAPL, 120); // peak 120k
    state.setMark(AAPL, 108); // 10% below the peak
    const engine = engineWith({ type: 'max-drawdown', maxDrawdownPercent: 10 }, state);
    expect(reasonOf(engine.check(buy(1, { instrumentId: MSFT })))).toBe('max-drawdown (account): drawdown % from peak equity 10 exceeds limit 10');
    state.setMark(AAPL, 109);
    expect(engine.check(buy(1, { instrumentId: MSFT })).approved).toBe(true);
  });
});

describe('order-rate', () => {
  it('counts approved orders in a sliding second and minute', () => {
    let now = 1_000_000;
    const engine = new RiskEngine({ state: riskState(), config: { limits: [{ type: 'order-rate', maxPerSecond: 3, maxPerMinute: 5 }] }, clock: { now: () => now } });
    for (let index = 0; index < 3; index++) expect(engine.check(buy(1)).approved).toBe(true);
    expect(reasonOf(engine.check(buy(1)))).toBe('order-rate (account): orders per second 4 exceeds limit 3');
    now += 1000;
    expect(engine.check(buy(1)).approved).toBe(true);
    expect(engine.check(buy(1)).approved).toBe(true);
    expect(reasonOf(engine.check(buy(1)))).toMatch(/orders per minute 6 exceeds limit 5/);
    now += 60_000;
    expect(engine.check(buy(1)).approved).toBe(true);
  });
  it('refuses a config with neither rate', () => {
    expect(() => engineWith({ type: 'order-rate' })).toThrow(/limits.0.maxPerSecond: give maxPerSecond, maxPerMinute or both/);
  });
});

describe('max-open-orders', () => {
  it('counts working orders in the scope', () => {
    const state = riskState();
    const engine = engineWith({ type: 'max-open-orders', maxOpenOrders: 2, scope: { kind: 'strategy', strategyId: 'S-TEST' } }, state);
    state.applyOrder({ clientOrderId: 'A', instrumentId: AAPL, strategyId: 'S-TEST', status: 'ACCEPTED' } as never);
    expect(engine.check(buy(1)).approved).toBe(true);
    state.applyOrder({ clientOrderId: 'B', instrumentId: AAPL, strategyId: 'S-TEST', status: 'SUBMITTED' } as never);
    expect(reasonOf(engine.check(buy(1)))).toBe('max-open-orders (strategy S-TEST): open orders with this one 3 exceeds limit 2');
    expect(engine.check(buy(1, { strategyId: 'S-OTHER' })).approved).toBe(true);
    expect(engine.check(buy(1), { action: 'modify' }).approved).toBe(true); // amends a counted order
  });
});

describe('var-limit', () => {
  it('adds the order’s stand-alone VaR to the current portfolio VaR', () => {
    const state = riskState();
    state.setValueAtRisk(8_000);
    state.setVolatility(AAPL, 0.02);
    const engine = engineWith({ type: 'var-limit', maxVar: 10_000, confidence: 0.99 }, state);
    // 400 x 100 x 0.02 x 2.3263 = 1861 -> 9861
    expect(engine.check(buy(400)).approved).toBe(true);
    expect(reasonOf(engine.check(buy(500)))).toMatch(/portfolio VaR bound after the order 10326.3\d* exceeds limit 10000/);
  });
});

describe('restricted-list', () => {
  it('refuses listed instruments and sectors, lets positions be reduced', () => {
    const state = riskState();
    fill(state, XOM, 'BUY', 100, 50);
    const engine = engineWith({ type: 'restricted-list', instruments: [AAPL], sectors: ['Energy'] }, state);
    expect(reasonOf(engine.check(buy(1)))).toBe('restricted-list: AAPL.XNAS is on the restricted list');
    expect(reasonOf(engine.check(buy(1, { instrumentId: XOM })))).toBe('restricted-list: sector Energy is on the restricted list');
    expect(engine.check(sell(100, { instrumentId: XOM })).approved).toBe(true);
    expect(engine.check(buy(1, { instrumentId: MSFT })).approved).toBe(true);
  });
});

describe('short-sale', () => {
  it('refuses sells that open or grow a short, allows selling what is held', () => {
    const state = riskState();
    fill(state, AAPL, 'BUY', 100, 100);
    const engine = engineWith({ type: 'short-sale' }, state);
    expect(engine.check(sell(100)).approved).toBe(true);
    expect(reasonOf(engine.check(sell(150)))).toBe('short-sale: selling 150 AAPL.XNAS would take the position from 100 to -50; short sales are not allowed');
    const listed = engineWith({ type: 'short-sale', instruments: [MSFT] }, state);
    expect(listed.check(sell(10, { instrumentId: XOM })).approved).toBe(true);
    expect(listed.check(sell(10, { instrumentId: MSFT })).approved).toBe(false);
  });
});

describe('trading-hours', () => {
  const limit = { type: 'trading-hours', timeZone: 'America/New_York', sessions: [{ open: '09:30', close: '16:00' }] };
  const at = (iso: string) => new RiskEngine({ state: riskState(), config: { limits: [limit] }, clock: { now: () => Date.parse(iso) } });
  it('uses the venue time zone, with daylight saving', () => {
    expect(at('2024-06-04T13:30:00Z').check(buy(1)).approved).toBe(true); // 09:30 EDT, Tuesday
    expect(at('2024-06-04T13:29:00Z').check(buy(1)).approved).toBe(false);
    expect(at('2024-01-09T14:29:00Z').check(buy(1)).approved).toBe(false); // 09:29 EST
    expect(at('2024-01-09T14:30:00Z').check(buy(1)).approved).toBe(true);
    expect(at('2024-06-04T20:00:00Z').check(buy(1)).approved).toBe(false); // 16:00 closes
  });
  it('is closed at weekends and says why', () => {
    expect(reasonOf(at('2024-06-08T15:00:00Z').check(buy(1)))).toBe(
      'trading-hours: AAPL.XNAS order at 2024-06-08T15:00:00.000Z is outside trading hours (09:30-16:00 America/New_York)',
    );
  });
  it('refuses an unknown zone and a session that closes before it opens', () => {
    expect(() => engineWith({ ...limit, timeZone: 'Mars/Olympus' })).toThrow(/timeZone: must be an IANA time zone/);
    expect(() => engineWith({ ...limit, sessions: [{ open: '16:00', close: '09:30' }] })).toThrow(/sessions.0.close: open must be before close/);
  });
});
