// Caps the absolute net position in an instrument after the order fills; reducing orders pass.
import { z } from 'zod';
import { scopeMatches, POSITION_SCOPES } from '../scope.js';
import type { LimitCheck, LimitReading } from '../types.js';
import { entriesInScope, identity, limitBaseShape, positiveNumber, refuse } from './limit-base.js';

export const MAX_POSITION_QUANTITY = 'max-position-quantity';
export const maxPositionQuantitySchema = z.strictObject({ type: z.literal(MAX_POSITION_QUANTITY), ...limitBaseShape, maxQuantity: positiveNumber });
export type MaxPositionQuantityConfig = z.output<typeof maxPositionQuantitySchema>;
export const maxPositionQuantityScopes = POSITION_SCOPES;

export function createMaxPositionQuantity(config: MaxPositionQuantityConfig): LimitCheck {
  const limit = identity(MAX_POSITION_QUANTITY, config);
  return {
    ...limit,
    check: (order) => {
      if (order.reducing || !scopeMatches(limit.scope, order)) return undefined;
      const after = Math.abs(order.positionAfter);
      return after > config.maxQuantity ? refuse(limit, after, config.maxQuantity, `position quantity of ${order.instrumentId} after the order`) : undefined;
    },
    read: (state) => {
      let worst: LimitReading = { value: 0, threshold: config.maxQuantity };
      for (const entry of entriesInScope(limit.scope, state)) {
        const size = Math.abs(entry.position.netQty);
        if (size > worst.value) worst = { value: size, threshold: config.maxQuantity, subject: entry.instrumentId };
      }
      return worst;
    },
  };
}
