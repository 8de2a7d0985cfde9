// Instruments or sectors that must not be traded (compliance, earnings blackout). Orders that
// only reduce an existing position pass unless `allowReducing` is false.
import { z } from 'zod';
import { scopeMatches } from '../scope.js';
import type { LimitCheck } from '../types.js';
import { identity, limitBaseShape } from './limit-base.js';

export const RESTRICTED_LIST = 'restricted-list';
export const restrictedListSchema = z.strictObject({
  type: z.literal(RESTRICTED_LIST),
  ...limitBaseShape,
  instruments: z.array(z.string().min(1)).default([]),
  sectors: z.array(z.string().min(1)).default([]),
  allowReducing: z.boolean().default(true),
});
export type RestrictedListConfig = z.output<typeof restrictedListSchema>;
export const restrictedListScopes = ['account', 'strategy'] as const;

export function createRestrictedList(config: RestrictedListConfig): LimitCheck {
  const limit = identity(RESTRICTED_LIST, config);
  const instruments = new Set(config.instruments);
  const sectors = new Set(config.sectors);
  return {
    ...limit,
    check: (order) => {
      if ((order.reducing && config.allowReducing) || !scopeMatches(limit.scope, order)) return undefined;
      const listed = instruments.has(order.instrumentId) ? order.instrumentId : order.sector !== undefined && sectors.has(order.sector) ? `sector ${order.sector}` : undefined;
      if (listed === undefined) return undefined;
      return { limitId: limit.id, limitType: limit.type, value: 1, threshold: 0, message: `${limit.type}: ${listed} is on the restricted list` };
    },
  };
}
