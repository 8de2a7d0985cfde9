import { describe, expect, it } from 'vitest';
import { ErrorCode, NwsError } from '../errors.js';
import { clientOrderId, strategyId } from './ids.js';
import { applyFillToOrder, initializeOrder, orderRequestSchema, parseOrderRequest, transitionOrder } from './order.js';
import type { Order } from './order.js';

const base = { instrumentId: 'AAPL.XNAS', side: 'BUY', quantity: 100 };

/** `path: message` for each issue, in order. */
function issuesOf(input: unknown): string[] {
  const result = orderRequestSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('orderRequestSchema accepts each order type', () => {
  it.each([
    [{ type: 'MARKET' }],
    [{ type: 'LIMIT', price: 150.25, postOnly: true }],
    [{ type: 'STOP_MARKET', triggerPrice: 140 }],
    [{ type: 'STOP_LIMIT', triggerPrice: 140, price: 139.5 }],
    [{ type: 'TRAILING_STOP_MARKET', trailingOffset: 1.5, trailingOffsetType: 'percent' }],
    [{ type: 'TRAILING_STOP_MARKET', trailingOffset: 0.5, trailingOffsetType: 'price', triggerPrice: 149 }],
    [{ type: 'MARKET_ON_CLOSE' }],
    [{ type: 'LIMIT', price: 150, timeInForce: 'GTD', expireTime: 1_704_240_000_000 }],
  ])('%j', (fields) => {
    const parsed = parseOrderRequest({ ...base, ...fields });
    expect(parsed).toMatchObject({ ...base, ...fields });
  });

  it('defaults timeInForce to GTC, and to DAY for market-on-close', () => {
    expect(parseOrderRequest({ ...base, type: 'MARKET' }).timeInForce).toBe('GTC');
    expect(parseOrderRequest({ ...base, type: 'MARKET_ON_CLOSE' }).timeInForce).toBe('DAY');
  });

  it('leaves no undefined keys in the output', () => {
    expect(Object.keys(parseOrderRequest({ ...base, type: 'MARKET' })).sort()).toEqual(['instrumentId', 'quantity', 'side', 'timeInForce', 'type']);
  });
});

describe('orderRequestSchema refuses inconsistent orders, naming the field', () => {
  it.each([
    [{ type: 'LIMIT' }, 'price: is required'],
    [{ type: 'STOP_MARKET' }, 'triggerPrice: is required'],
    [{ type: 'STOP_LIMIT', price: 10 }, 'triggerPrice: is required'],
    [{ type: 'STOP_LIMIT', triggerPrice: 10 }, 'price: is required'],
    [{ type: 'TRAILING_STOP_MARKET', trailingOffsetType: 'price' }, 'trailingOffset: is required'],
    [{ type: 'TRAILING_STOP_MARKET', trailingOffset: 1 }, 'trailingOffsetType: Invalid option: expected one of "price"|"percent"'],
    [{ type: 'TRAILING_STOP_MARKET', trailingOffset: 0, trailingOffsetType: 'price' }, 'trailingOffset: must be greater than 0'],
    [{ type: 'TRAILING_STOP_MARKET', trailingOffset: 100, trailingOffsetType: 'percent' }, 'trailingOffset: percent offset 100 must be below 100'],
    [{ type: 'MARKET', price: 10 }, 'price: not allowed on a MARKET order'],
    [{ type: 'MARKET', triggerPrice: 10 }, 'triggerPrice: not allowed on a MARKET order'],
    [{ type: 'LIMIT', price: 10, triggerPrice: 9 }, 'triggerPrice: not allowed on a LIMIT order'],
    [{ type: 'STOP_MARKET', triggerPrice: 10, postOnly: true }, 'postOnly: not allowed on a STOP_MARKET order'],
    [{ type: 'LIMIT', price: 10, timeInForce: 'GTD' }, 'expireTime: is required when timeInForce is GTD'],
    [{ type: 'LIMIT', price: 10, expireTime: 1_704_240_000_000 }, 'expireTime: only applies to GTD orders, not GTC'],
    [{ type: 'MARKET', timeInForce: 'GTD', expireTime: 1_704_240_000_000 }, 'timeInForce: GTD is not allowed on a MARKET order'],
    [{ type: 'MARKET_ON_CLOSE', timeInForce: 'GTC' }, 'timeInForce: must be DAY on a MARKET_ON_CLOSE order, not GTC'],
    [{ type: 'LIMIT', price: 10, postOnly: true, timeInForce: 'IOC' }, 'postOnly: cannot combine with IOC: a post-only order must rest'],
    [{ type: 'LIMIT', price: NaN }, 'price: must be a finite number, got NaN'],
    [{ type: 'MARKET', quantity: 0 }, 'quantity: must be greater than 0, got 0'],
    [{ type: 'MARKET', quantity: -5 }, 'quantity: must be greater than 0, got -5'],
    [{ type: 'MARKET', quantity: Infinity }, 'quantity: must be a finite number, got Infinity'],
    [{ type: 'MARKET', side: 'LONG' }, 'side: Invalid option: expected one of "BUY"|"SELL"'],
    [{ type: 'MARKET', instrumentId: 'AAPL' }, "instrumentId: instrument id 'AAPL' must be SYMBOL.VENUE (e.g. AAPL.XNAS)"],
    [{ type: 'MARKET', limitPrice: 10 }, 'limitPrice: is not an order field'],
    [{ type: 'ICEBERG' }, 'type: must be one of MARKET, LIMIT, STOP_MARKET, STOP_LIMIT, TRAILING_STOP_MARKET, MARKET_ON_CLOSE'],
    [{ type: 'MARKET', contingency: 'oto' }, 'linkedOrderIds: must name the child orders of an oto order'],
    [{ type: 'MARKET', contingency: 'oco' }, 'linkedOrderIds: an oco order needs linkedOrderIds or an ocoGroupId'],
    [{ type: 'MARKET', linkedOrderIds: ['O-2'] }, 'contingency: must be oto or oco when linkedOrderIds is set'],
    [{ type: 'MARKET', clientOrderId: 'O-1', parentOrderId: 'O-1' }, 'parentOrderId: cannot be the order itself'],
    [{ type: 'MARKET', clientOrderId: 'O-1', contingency: 'oco', linkedOrderIds: ['O-1'] }, 'linkedOrderIds: cannot contain the order itself'],
  ])('%j', (fields, expected) => {
    expect(issuesOf({ ...base, ...fields })).toEqual([expected]);
  });

  it('lists every bad field of one order at once', () => {
    const issues = issuesOf({ type: 'LIMIT', instrumentId: 'AAPL.XNAS', side: 'BUY', quantity: -1, timeInForce: 'GTD', triggerPrice: NaN, colour: 'red' });
    expect(issues).toEqual([
      'quantity: must be greater than 0, got -1',
      'price: is required',
      'triggerPrice: not allowed on a LIMIT order',
      'colour: is not an order field',
      'expireTime: is required when timeInForce is GTD',
    ]);
  });

  it('still checks cross-field rules when the type is unknown', () => {
    expect(issuesOf({ ...base, type: 'ICEBERG', timeInForce: 'GTD' })).toEqual([
      'type: must be one of MARKET, LIMIT, STOP_MARKET, STOP_LIMIT, TRAILING_STOP_MARKET, MARKET_ON_CLOSE',
      'expireTime: is required when timeInForce is GTD',
    ]);
  });

  it('refuses non-objects', () => {
    expect(orderRequestSchema.safeParse(null).success).toBe(false);
    expect(orderRequestSchema.safeParse('MARKET').success).toBe(false);
  });

  it('throws INVALID_ORDER from parseOrderRequest with the issues as details', () => {
    let caught: unknown;
    try {
      parseOrderRequest({ ...base, type: 'LIMIT', quantity: 0 });
    } catch (error) {
      caught = error;
    }
    expect(NwsError.is(caught, ErrorCode.InvalidOrder)).toBe(true);
    expect((caught as NwsError).message).toBe('invalid order: quantity: must be greater than 0, got 0; price: is required');
    expect((caught as NwsError).details).toHaveLength(2);
  });
});

describe('order life cycle', () => {
  const request = parseOrderRequest({ ...base, type: 'LIMIT', price: 100 });
  const ts = Date.UTC(2024, 0, 2, 14, 30);

  function accepted(): Order {
    const order = initializeOrder(request, { ts, clientOrderId: clientOrderId('O-1'), strategyId: strategyId('S-1') });
    return transitionOrder(transitionOrder(order, 'SUBMITTED', ts + 1), 'ACCEPTED', ts + 2);
  }

  it('initializes with the ids, nothing filled and everything to go', () => {
    const order = initializeOrder(request, { ts, clientOrderId: clientOrderId('O-1') });
    expect(order).toMatchObject({
      clientOrderId: 'O-1',
      strategyId: 'EXTERNAL',
      status: 'INITIALIZED',
      contingency: 'none',
      reduceOnly: false,
      filledQty: 0,
      leavesQty: 100,
      tsInit: ts,
      tsLast: ts,
    });
    expect(order.avgFillPrice).toBeUndefined();
  });

  it('needs a client order id from the request or the context', () => {
    expect(() => initializeOrder(request, { ts })).toThrowError(expect.objectContaining({ code: ErrorCode.InvalidOrder }));
  });

  it('transitions immutably and refuses illegal steps', () => {
    const order = accepted();
    expect(order.status).toBe('ACCEPTED');
    expect(order.tsLast).toBe(ts + 2);
    const canceled = transitionOrder(order, 'CANCELED', ts + 3);
    expect(order.status).toBe('ACCEPTED');
    expect(canceled.status).toBe('CANCELED');
    expect(() => transitionOrder(canceled, 'ACCEPTED')).toThrowError('order O-1: cannot go from CANCELED to ACCEPTED');
  });

  it('books partial fills with a volume-weighted average price', () => {
    const partly = applyFillToOrder(accepted(), { qty: 30, price: 100, ts: ts + 10 });
    expect(partly).toMatchObject({ status: 'PARTIALLY_FILLED', filledQty: 30, leavesQty: 70, avgFillPrice: 100, tsLast: ts + 10 });
    const full = applyFillToOrder(partly, { qty: 70, price: 101, ts: ts + 20 });
    // (30 x 100 + 70 x 101) / 100 = 100.7
    expect(full.status).toBe('FILLED');
    expect(full.filledQty).toBe(100);
    expect(full.leavesQty).toBe(0);
    expect(full.avgFillPrice).toBeCloseTo(100.7, 12);
  });

  it('fills fractional quantities exactly to FILLED', () => {
    const fractional = initializeOrder(parseOrderRequest({ ...base, type: 'MARKET', quantity: 0.3 }), { ts, clientOrderId: clientOrderId('O-2') });
    let order = transitionOrder(transitionOrder(fractional, 'SUBMITTED'), 'ACCEPTED');
    order = applyFillToOrder(order, { qty: 0.1, price: 10, ts });
    order = applyFillToOrder(order, { qty: 0.2, price: 10, ts });
    expect(order.status).toBe('FILLED');
    expect(order.leavesQty).toBe(0);
  });

  it('refuses overfills, bad fills and fills in a status that cannot fill', () => {
    expect(() => applyFillToOrder(accepted(), { qty: 101, price: 100, ts })).toThrowError('fill qty 101 overfills order O-1: 100 left of 100');
    expect(() => applyFillToOrder(accepted(), { qty: 0, price: 100, ts })).toThrowError('fill qty 0 on order O-1 must be a positive number');
    expect(() => applyFillToOrder(accepted(), { qty: 1, price: NaN, ts })).toThrowError('fill price NaN on order O-1 is not finite');
    const initialized = initializeOrder(request, { ts, clientOrderId: clientOrderId('O-3') });
    expect(() => applyFillToOrder(initialized, { qty: 1, price: 100, ts })).toThrowError(expect.objectContaining({ code: ErrorCode.IllegalTransition }));
  });
});
