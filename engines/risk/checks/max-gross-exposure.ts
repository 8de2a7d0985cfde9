// Caps the sum of absolute position values (account, or one sector); reducing orders pass.
import { z } from 'zod';
import { ACCOUNT_SCOPE, scopeMatches } from '../scope.js';
import type { LimitCheck } from '../types.js';
import type { RiskState } from '../risk-state.js';
import { grossAfter, identity, limitBaseShape, positiveNumber, refuse } from './limit-base.js';

export const MAX_GROSS_EXPOSURE = 'max-gross-exposure';
export const maxGrossExposureSchema = z.strictObject({ type: z.literal(MAX_GROSS_EXPOSURE), ...limitBaseShape, maxGross: positiveNumber });
export type MaxGrossExposureConfig = z.output<typeof maxGrossExposureSchema>;
export const maxGrossExposureScopes = [...ACCOUNT_SCOPE, 'sector'] as const;

export function createMaxGrossExposure(config: MaxGrossExposureConfig): LimitCheck {
  const limit = identity(MAX_GROSS_EXPOSURE, config);
  const scope = limit.scope;
  const currentGross = (state: RiskState): number => (scope.kind === 'sector' ? (state.sector(scope.sector)?.gross ?? 0) : state.grossExposure);
  return {
    ...limit,
    check: (order, state) => {
      if (order.reducing || !scopeMatches(scope, order)) return undefined;
      const gross = grossAfter(order, currentGross(state));
      return gross > config.maxGross || Number.isNaN(gross) ? refuse(limit, gross, config.maxGross, `gross exposure after ${order.side} ${order.quantity} ${order.instrumentId}`) : undefined;
    },
    read: (state) => ({ value: currentGross(state), threshold: config.maxGross }),
  };
}
