import type { z } from 'zod';
import { applyFillToOrder, initializeOrder, parseOrderRequest, transitionOrder } from '../domain/index.js';
import type { LimitOrderRequest, MarketOrderRequest, Order, OrderRequest, OrderStatus, orderRequestSchema } from '../domain/index.js';

/** Loose input (plain strings and numbers), as a script or the UI would send it. */
export type OrderInput = Partial<z.input<typeof orderRequestSchema>> & Record<string, unknown>;

let nextOrderNumber = 1;

function defaults(): Record<string, unknown> {
  return {
    instrumentId: 'AAPL.XNAS',
    side: 'BUY',
    quantity: 100,
    timeInForce: 'GTC',
    clientOrderId: `O-TEST-${nextOrderNumber++}`,
    strategyId: 'S-TEST',
  };
}

/** BUY 100 AAPL.XNAS at market, GTC, a fresh client order id; override any field. */
export function market(overrides: OrderInput = {}): MarketOrderRequest {
  return parseOrderRequest({ ...defaults(), ...overrides, type: 'MARKET' }) as MarketOrderRequest;
}

/** BUY 100 AAPL.XNAS limit 150.00, GTC, a fresh client order id; override any field. */
export function limit(overrides: OrderInput = {}): LimitOrderRequest {
  return parseOrderRequest({ ...defaults(), price: 150, ...overrides, type: 'LIMIT' }) as LimitOrderRequest;
}

/** Any order type from loose input, with the same defaults. */
export function request(overrides: OrderInput & { type: OrderRequest['type'] }): OrderRequest {
  return parseOrderRequest({ ...defaults(), ...overrides });
}

const PATH_TO: Record<OrderStatus, readonly OrderStatus[]> = {
  INITIALIZED: [],
  DENIED: ['DENIED'],
  SUBMITTED: ['SUBMITTED'],
  ACCEPTED: ['SUBMITTED', 'ACCEPTED'],
  REJECTED: ['SUBMITTED', 'REJECTED'],
  CANCELED: ['SUBMITTED', 'ACCEPTED', 'CANCELED'],
  EXPIRED: ['SUBMITTED', 'ACCEPTED', 'EXPIRED'],
  TRIGGERED: ['SUBMITTED', 'ACCEPTED', 'TRIGGERED'],
  PENDING_UPDATE: ['SUBMITTED', 'ACCEPTED', 'PENDING_UPDATE'],
  PENDING_CANCEL: ['SUBMITTED', 'ACCEPTED', 'PENDING_CANCEL'],
  PARTIALLY_FILLED: ['SUBMITTED', 'ACCEPTED'],
  FILLED: ['SUBMITTED', 'ACCEPTED'],
};

/**
 * An `Order` in `status`, reached through legal transitions (INITIALIZED -> SUBMITTED ->
 * ACCEPTED -> ...). PARTIALLY_FILLED fills half the quantity, FILLED all of it, at the order's
 * price (or `fillPrice`, default 100 for orders without one).
 */
export function inStatus(req: OrderRequest, status: OrderStatus = 'INITIALIZED', options: { ts?: number; fillPrice?: number } = {}): Order {
  const ts = options.ts ?? Date.UTC(2024, 0, 2, 14, 30);
  let order = initializeOrder(req, { ts });
  for (const step of PATH_TO[status]) order = transitionOrder(order, step, ts);
  const fillPrice = options.fillPrice ?? ('price' in req ? req.price : 100);
  if (status === 'PARTIALLY_FILLED') order = applyFillToOrder(order, { qty: req.quantity / 2, price: fillPrice, ts });
  if (status === 'FILLED') order = applyFillToOrder(order, { qty: req.quantity, price: fillPrice, ts });
  return order;
}
