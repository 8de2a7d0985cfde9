// Refuses a sell that would open or enlarge a short position (for all instruments in scope, or
// only those listed, e.g. hard to borrow).
import { z } from 'zod';
import { POSITION_SCOPES, scopeMatches } from '../scope.js';
import type { LimitCheck } from '../types.js';
import { identity, limitBaseShape } from './limit-base.js';

export const SHORT_SALE = 'short-sale';
export const shortSaleSchema = z.strictObject({
  type: z.literal(SHORT_SALE),
  ...limitBaseShape,
  /** When given, only these instruments are restricted; otherwise every instrument in scope. */
  instruments: z.array(z.string().min(1)).optional(),
});
export type ShortSaleConfig = z.output<typeof shortSaleSchema>;
export const shortSaleScopes = POSITION_SCOPES;

export function createShortSale(config: ShortSaleConfig): LimitCheck {
  const limit = identity(SHORT_SALE, config);
  const only = config.instruments === undefined ? undefined : new Set(config.instruments);
  return {
    ...limit,
    check: (order) => {
      if (order.positionAfter >= 0 || order.positionAfter >= order.positionBefore) return undefined;
      if (!scopeMatches(limit.scope, order) || (only !== undefined && !only.has(order.instrumentId))) return undefined;
      return {
        limitId: limit.id,
        limitType: limit.type,
        value: order.positionAfter,
        threshold: Math.min(0, order.positionBefore),
        message: `${limit.type}: selling ${order.quantity} ${order.instrumentId} would take the position from ${order.positionBefore} to ${order.positionAfter}; short sales are not allowed`,
      };
    },
  };
}
