// Caps |long value - short value| (account, or one sector). An order that brings net exposure
// closer to zero always passes, even while above the cap.
import { z } from 'zod';
import { ACCOUNT_SCOPE, scopeMatches } from '../scope.js';
import type { LimitCheck } from '../types.js';
import type { RiskState } from '../risk-state.js';
import { exposureAfter, identity, limitBaseShape, positiveNumber, refuse, refuseUnpriced } from './limit-base.js';

export const MAX_NET_EXPOSURE = 'max-net-exposure';
export const maxNetExposureSchema = z.strictObject({ type: z.literal(MAX_NET_EXPOSURE), ...limitBaseShape, maxNet: positiveNumber });
export type MaxNetExposureConfig = z.output<typeof maxNetExposureSchema>;
export const maxNetExposureScopes = [...ACCOUNT_SCOPE, 'sector'] as const;

export function createMaxNetExposure(config: MaxNetExposureConfig): LimitCheck {
  const limit = identity(MAX_NET_EXPOSURE, config);
  const scope = limit.scope;
  const currentNet = (state: RiskState): number => (scope.kind === 'sector' ? (state.sector(scope.sector)?.net ?? 0) : state.netExposure);
  return {
    ...limit,
    check: (order, state) => {
      if (!scopeMatches(scope, order)) return undefined;
      const before = currentNet(state);
      const after = Math.abs(before - order.entry.exposure + exposureAfter(order));
      if (Number.isNaN(after)) return refuseUnpriced(limit, config.maxNet, `net exposure of ${order.instrumentId}`);
      return after > config.maxNet && after > Math.abs(before)
        ? refuse(limit, after, config.maxNet, `net exposure after ${order.side} ${order.quantity} ${order.instrumentId}`)
        : undefined;
    },
    read: (state) => ({ value: Math.abs(currentNet(state)), threshold: config.maxNet }),
  };
}
