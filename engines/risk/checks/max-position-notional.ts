// Caps the value of the net position in an instrument after the order fills; reducing orders pass.
import { z } from 'zod';
import { scopeMatches, POSITION_SCOPES } from '../scope.js';
import type { LimitCheck, LimitReading } from '../types.js';
import { entriesInScope, identity, limitBaseShape, positiveNumber, refuse, valuationPrice } from './limit-base.js';

export const MAX_POSITION_NOTIONAL = 'max-position-notional';
export const maxPositionNotionalSchema = z.strictObject({ type: z.literal(MAX_POSITION_NOTIONAL), ...limitBaseShape, maxNotional: positiveNumber });
export type MaxPositionNotionalConfig = z.output<typeof maxPositionNotionalSchema>;
export const maxPositionNotionalScopes = POSITION_SCOPES;

export function createMaxPositionNotional(config: MaxPositionNotionalConfig): LimitCheck {
  const limit = identity(MAX_POSITION_NOTIONAL, config);
  return {
    ...limit,
    check: (order) => {
      if (order.reducing || !scopeMatches(limit.scope, order)) return undefined;
      const notional = Math.abs(order.positionAfter * order.multiplier * valuationPrice(order, order.entry));
      if (Number.isNaN(notional)) return refuse(limit, Number.NaN, config.maxNotional, `position notional of ${order.instrumentId} (no price or mark)`);
      return notional > config.maxNotional ? refuse(limit, notional, config.maxNotional, `position notional of ${order.instrumentId} after the order`) : undefined;
    },
    read: (state) => {
      let worst: LimitReading = { value: 0, threshold: config.maxNotional };
      for (const entry of entriesInScope(limit.scope, state)) {
        const notional = Math.abs(entry.exposure);
        if (notional > worst.value) worst = { value: notional, threshold: config.maxNotional, subject: entry.instrumentId };
      }
      return worst;
    },
  };
}
