// Caps the absolute net position in an instrument after the order fills; reducing orders pass.
// Scoped to a strategy, it caps that strategy's own position (from the fills carrying its id).
import { z } from 'zod';
import { STRATEGY_POSITION_SCOPES, scopeMatches } from '../scope.js';
import type { LimitCheck, LimitReading } from '../types.js';
import { holdingsInScope, identity, limitBaseShape, positiveNumber, refuse, scopedPositionAfter } from './limit-base.js';

export const MAX_POSITION_QUANTITY = 'max-position-quantity';
export const maxPositionQuantitySchema = z.strictObject({ type: z.literal(MAX_POSITION_QUANTITY), ...limitBaseShape, maxQuantity: positiveNumber });
export type MaxPositionQuantityConfig = z.output<typeof maxPositionQuantitySchema>;
export const maxPositionQuantityScopes = STRATEGY_POSITION_SCOPES;

export function createMaxPositionQuantity(config: MaxPositionQuantityConfig): LimitCheck {
  const limit = identity(MAX_POSITION_QUANTITY, config);
  const whose = limit.scope.kind === 'strategy' ? `strategy ${limit.scope.strategyId}'s position quantity` : 'position quantity';
  return {
    ...limit,
    check: (order) => {
      if (!scopeMatches(limit.scope, order)) return undefined;
      const position = scopedPositionAfter(limit.scope, order);
      if (position.reducing) return undefined;
      const after = Math.abs(position.after);
      return after > config.maxQuantity ? refuse(limit, after, config.maxQuantity, `${whose} of ${order.instrumentId} after the order`) : undefined;
    },
    read: (state) => {
      let worst: LimitReading = { value: 0, threshold: config.maxQuantity };
      for (const holding of holdingsInScope(limit.scope, state)) {
        const size = Math.abs(holding.quantity);
        if (size > worst.value) worst = { value: size, threshold: config.maxQuantity, subject: holding.entry.instrumentId };
      }
      return worst;
    },
  };
}
