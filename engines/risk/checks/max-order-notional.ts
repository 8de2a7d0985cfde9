// Refuses an order whose value (quantity x price x multiplier) is above a cap. The cap may differ
// per asset class: one ES future is ~$300,000 of notional, so a cap sized for shares would refuse
// every futures order (`maxNotionalByAssetClass: { future: 1_500_000 }`).
import { z } from 'zod';
import { ASSET_CLASSES } from '@nws/core';
import { scopeMatches, ALL_SCOPES } from '../scope.js';
import type { LimitCheck, ProposedOrder } from '../types.js';
import { identity, limitBaseShape, positiveNumber, refuse, refuseUnpriced } from './limit-base.js';

export const MAX_ORDER_NOTIONAL = 'max-order-notional';
export const maxOrderNotionalSchema = z.strictObject({
  type: z.literal(MAX_ORDER_NOTIONAL),
  ...limitBaseShape,
  maxNotional: positiveNumber,
  /** Caps that replace `maxNotional` for instruments of these asset classes. */
  maxNotionalByAssetClass: z.partialRecord(z.enum(ASSET_CLASSES), positiveNumber).optional(),
});
export type MaxOrderNotionalConfig = z.output<typeof maxOrderNotionalSchema>;
export const maxOrderNotionalScopes = ALL_SCOPES;

export function createMaxOrderNotional(config: MaxOrderNotionalConfig): LimitCheck {
  const limit = identity(MAX_ORDER_NOTIONAL, config);
  const capFor = (order: ProposedOrder): number => {
    const assetClass = order.entry?.assetClass;
    return (assetClass === undefined ? undefined : config.maxNotionalByAssetClass?.[assetClass]) ?? config.maxNotional;
  };
  return {
    ...limit,
    check: (order) => {
      if (!scopeMatches(limit.scope, order)) return undefined;
      const cap = capFor(order);
      const what = order.entry?.assetClass === undefined || cap === config.maxNotional ? `order notional of ${order.instrumentId}` : `order notional of ${order.instrumentId} (${order.entry.assetClass})`;
      // An order that cannot be valued (market order, no mark yet) cannot be shown to be under the cap.
      if (Number.isNaN(order.notional)) return refuseUnpriced(limit, cap, what);
      return order.notional > cap ? refuse(limit, order.notional, cap, what) : undefined;
    },
  };
}
