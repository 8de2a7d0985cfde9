// Refuses an order whose value (quantity x price x multiplier) is above a cap.
import { z } from 'zod';
import { scopeMatches, ALL_SCOPES } from '../scope.js';
import type { LimitCheck } from '../types.js';
import { identity, limitBaseShape, positiveNumber, refuse } from './limit-base.js';

export const MAX_ORDER_NOTIONAL = 'max-order-notional';
export const maxOrderNotionalSchema = z.strictObject({ type: z.literal(MAX_ORDER_NOTIONAL), ...limitBaseShape, maxNotional: positiveNumber });
export type MaxOrderNotionalConfig = z.output<typeof maxOrderNotionalSchema>;
export const maxOrderNotionalScopes = ALL_SCOPES;

export function createMaxOrderNotional(config: MaxOrderNotionalConfig): LimitCheck {
  const limit = identity(MAX_ORDER_NOTIONAL, config);
  return {
    ...limit,
    check: (order) => {
      if (!scopeMatches(limit.scope, order)) return undefined;
      // An order that cannot be valued (market order, no mark yet) cannot be shown to be under the cap.
      if (Number.isNaN(order.notional)) return refuse(limit, Number.NaN, config.maxNotional, `order notional of ${order.instrumentId} (no price or mark)`);
      return order.notional > config.maxNotional ? refuse(limit, order.notional, config.maxNotional, `order notional of ${order.instrumentId}`) : undefined;
    },
  };
}
