// Caps the value of the net position in an instrument after the order fills; reducing orders pass.
// Scoped to a strategy, it caps the value of that strategy's own position.
import { z } from 'zod';
import { STRATEGY_POSITION_SCOPES, scopeMatches } from '../scope.js';
import type { LimitCheck, LimitReading } from '../types.js';
import { holdingValue, holdingsInScope, identity, limitBaseShape, positiveNumber, refuse, refuseUnpriced, scopedPositionAfter, valuationPrice } from './limit-base.js';

export const MAX_POSITION_NOTIONAL = 'max-position-notional';
export const maxPositionNotionalSchema = z.strictObject({ type: z.literal(MAX_POSITION_NOTIONAL), ...limitBaseShape, maxNotional: positiveNumber });
export type MaxPositionNotionalConfig = z.output<typeof maxPositionNotionalSchema>;
export const maxPositionNotionalScopes = STRATEGY_POSITION_SCOPES;

export function createMaxPositionNotional(config: MaxPositionNotionalConfig): LimitCheck {
  const limit = identity(MAX_POSITION_NOTIONAL, config);
  const whose = limit.scope.kind === 'strategy' ? `strategy ${limit.scope.strategyId}'s position notional` : 'position notional';
  return {
    ...limit,
    check: (order) => {
      if (!scopeMatches(limit.scope, order)) return undefined;
      const position = scopedPositionAfter(limit.scope, order);
      if (position.reducing) return undefined;
      const notional = Math.abs(position.after * order.multiplier * valuationPrice(order, order.entry));
      if (Number.isNaN(notional)) return refuseUnpriced(limit, config.maxNotional, `${whose} of ${order.instrumentId}`);
      return notional > config.maxNotional ? refuse(limit, notional, config.maxNotional, `${whose} of ${order.instrumentId} after the order`) : undefined;
    },
    read: (state) => {
      let worst: LimitReading = { value: 0, threshold: config.maxNotional };
      for (const holding of holdingsInScope(limit.scope, state)) {
        const notional = Math.abs(holdingValue(holding));
        if (notional > worst.value) worst = { value: notional, threshold: config.maxNotional, subject: holding.entry.instrumentId };
      }
      return worst;
    },
  };
}
