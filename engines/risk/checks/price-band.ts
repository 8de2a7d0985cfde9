// Fat-finger guard: a priced order (limit, stop) must sit within a band around the mark
// (mid of the last quote, else the last trade).
import { z } from 'zod';
import { scopeMatches, ALL_SCOPES } from '../scope.js';
import type { LimitCheck } from '../types.js';
import { identity, limitBaseShape, percent, refuse } from './limit-base.js';

export const PRICE_BAND = 'price-band';
export const priceBandSchema = z.strictObject({
  type: z.literal(PRICE_BAND),
  ...limitBaseShape,
  /** Largest allowed distance from the mark, in percent of the mark. */
  maxDeviationPercent: percent,
  /** Refuse priced orders while no mark is known (default: let them through). */
  requireReference: z.boolean().default(false),
});
export type PriceBandConfig = z.output<typeof priceBandSchema>;
export const priceBandScopes = ALL_SCOPES;

export function createPriceBand(config: PriceBandConfig): LimitCheck {
  const limit = identity(PRICE_BAND, config);
  return {
    ...limit,
    check: (order) => {
      if (Number.isNaN(order.limitPrice) || !scopeMatches(limit.scope, order)) return undefined;
      const reference = order.entry.mark;
      if (Number.isNaN(reference) || reference === 0) {
        return config.requireReference ? refuse(limit, Number.NaN, config.maxDeviationPercent, `price deviation of ${order.instrumentId} (no reference price)`) : undefined;
      }
      const deviation = (Math.abs(order.limitPrice - reference) / Math.abs(reference)) * 100;
      return deviation > config.maxDeviationPercent
        ? refuse(limit, deviation, config.maxDeviationPercent, `price ${order.limitPrice} vs mark ${reference}: deviation % of ${order.instrumentId}`)
        : undefined;
    },
  };
}
