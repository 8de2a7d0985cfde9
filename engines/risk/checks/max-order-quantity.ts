// Refuses an order larger than a fixed quantity (fat-finger on size).
import { z } from 'zod';
import { scopeMatches, ALL_SCOPES } from '../scope.js';
import type { LimitCheck } from '../types.js';
import { identity, limitBaseShape, positiveNumber, refuse } from './limit-base.js';

export const MAX_ORDER_QUANTITY = 'max-order-quantity';
export const maxOrderQuantitySchema = z.strictObject({ type: z.literal(MAX_ORDER_QUANTITY), ...limitBaseShape, maxQuantity: positiveNumber });
export type MaxOrderQuantityConfig = z.output<typeof maxOrderQuantitySchema>;
export const maxOrderQuantityScopes = ALL_SCOPES;

export function createMaxOrderQuantity(config: MaxOrderQuantityConfig): LimitCheck {
  const limit = identity(MAX_ORDER_QUANTITY, config);
  return {
    ...limit,
    check: (order) =>
      scopeMatches(limit.scope, order) && order.quantity > config.maxQuantity
        ? refuse(limit, order.quantity, config.maxQuantity, `order quantity of ${order.instrumentId}`)
        : undefined,
  };
}
