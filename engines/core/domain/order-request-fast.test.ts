import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOrderRequest, parseOrderRequestFast } from './order.js';

/** What parsing gives: the request, or the error message. */
function outcome(parse: (input: unknown) => unknown, input: unknown): { ok: unknown } | { error: string } {
  try {
    return { ok: parse(input) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Good and bad values per field, so random requests hit both paths and every rule. */
const fieldValues = {
  type: fc.constantFrom('MARKET', 'LIMIT', 'STOP_MARKET', 'STOP_LIMIT', 'TRAILING_STOP_MARKET', 'MARKET_ON_CLOSE', 'ICEBERG', 'constructor', '__proto__', 7),
  instrumentId: fc.constantFrom('AAPL.XNAS', 'EUR/USD.IDEALPRO', 'AAPL', 'A B.XNAS', '', 42),
  side: fc.constantFrom('BUY', 'SELL', 'buy', undefined),
  quantity: fc.constantFrom(1, 0.5, 100, 0, -3, Number.NaN, Number.POSITIVE_INFINITY, '5'),
  timeInForce: fc.constantFrom('DAY', 'GTC', 'IOC', 'FOK', 'GTD', 'NOW', undefined),
  expireTime: fc.constantFrom(1_700_000_000_000, 1.5, undefined),
  clientOrderId: fc.constantFrom('O-1', 'has space', '', 9),
  strategyId: fc.constantFrom('S-1', 'two words', ''),
  reduceOnly: fc.constantFrom(true, false, 'yes'),
  price: fc.constantFrom(101.25, -2, 0, Number.NaN, Number.NEGATIVE_INFINITY, '1'),
  triggerPrice: fc.constantFrom(99.5, Number.NaN, undefined),
  postOnly: fc.constantFrom(true, false, 1),
  trailingOffset: fc.constantFrom(1, 150),
  trailingOffsetType: fc.constantFrom('price', 'percent'),
  contingency: fc.constantFrom('none', 'oco'),
  ocoGroupId: fc.constantFrom('G-1'),
  tags: fc.constantFrom(['a'], 'a'),
  colour: fc.constantFrom('red'),
};

const requestArbitrary = fc.record(fieldValues, { requiredKeys: [] });

/** The plain requests a strategy sends (the fast path's whole point), valid by construction. */
const plainRequestArbitrary = fc.record(
  {
    type: fc.constantFrom('MARKET', 'LIMIT', 'STOP_MARKET', 'STOP_LIMIT'),
    instrumentId: fc.constantFrom('AAPL.XNAS', 'BRK.B.XNYS'),
    side: fc.constantFrom('BUY', 'SELL'),
    quantity: fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
    timeInForce: fc.constantFrom('DAY', 'GTC', 'IOC', 'FOK'),
    strategyId: fc.constantFrom('S-1', 'STRATEGY-001'),
    reduceOnly: fc.boolean(),
    price: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    triggerPrice: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  },
  { requiredKeys: ['type', 'instrumentId', 'side', 'quantity'] },
);

describe('parseOrderRequestFast', () => {
  it('gives exactly what the schema gives, or the same error, for any mix of good and bad fields', () => {
    fc.assert(
      fc.property(requestArbitrary, (input) => {
        expect(outcome(parseOrderRequestFast, input)).toEqual(outcome(parseOrderRequest, input));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with the schema on the plain requests strategies send', () => {
    fc.assert(
      fc.property(plainRequestArbitrary, (input) => {
        expect(outcome(parseOrderRequestFast, input)).toEqual(outcome(parseOrderRequest, input));
      }),
      { numRuns: 2000 },
    );
  });

  it('fills in GTC and returns a copy the caller cannot change afterwards', () => {
    const input = { type: 'MARKET', instrumentId: 'AAPL.XNAS', side: 'BUY', quantity: 10 };
    const parsed = parseOrderRequestFast(input);
    expect(parsed).toEqual({ type: 'MARKET', instrumentId: 'AAPL.XNAS', side: 'BUY', quantity: 10, timeInForce: 'GTC' });
    input.quantity = 99;
    expect(parsed.quantity).toBe(10);
  });

  it('refuses a LIMIT without a price with the schema message', () => {
    const input = { type: 'LIMIT', instrumentId: 'AAPL.XNAS', side: 'BUY', quantity: 10 };
    const schemaError = outcome(parseOrderRequest, input);
    expect(schemaError).toEqual({ error: expect.stringMatching(/^invalid order: price: /) });
    expect(outcome(parseOrderRequestFast, input)).toEqual(schemaError);
  });

  it('remembers valid ids per kind: a good strategy id is still a bad instrument id', () => {
    const order = { type: 'MARKET', side: 'BUY', quantity: 1, strategyId: 'PLAIN' };
    expect(parseOrderRequestFast({ ...order, instrumentId: 'AAPL.XNAS' }).strategyId).toBe('PLAIN');
    expect(() => parseOrderRequestFast({ ...order, instrumentId: 'PLAIN' })).toThrow(/instrumentId: instrument id 'PLAIN' must be SYMBOL.VENUE/);
  });

  it('refuses a post-only IOC limit as the schema does', () => {
    const input = { type: 'LIMIT', instrumentId: 'AAPL.XNAS', side: 'SELL', quantity: 1, price: 10, postOnly: true, timeInForce: 'IOC' };
    expect(outcome(parseOrderRequestFast, input)).toEqual({ error: 'invalid order: postOnly: cannot combine with IOC: a post-only order must rest' });
  });
});
