// Caps portfolio VaR. The full VaR (historical, parametric or Monte Carlo over the covariance)
// is too heavy for the order path, so the monitor or a worker job refreshes it into the state,
// and each order adds a bound on what it can add: its stand-alone parametric VaR,
// |change in exposure| x daily volatility x z(confidence) x sqrt(horizon). Because normal VaR is
// sub-additive, current VaR + that bound is never below the VaR after the order.
import { z } from 'zod';
import { ACCOUNT_SCOPE } from '../scope.js';
import type { LimitCheck } from '../types.js';
import { normalQuantile } from '../var/normal.js';
import { exposureAfter, identity, limitBaseShape, positiveNumber, refuse } from './limit-base.js';

export const VAR_LIMIT = 'var-limit';
export const varLimitSchema = z.strictObject({
  type: z.literal(VAR_LIMIT),
  ...limitBaseShape,
  maxVar: positiveNumber,
  confidence: z.number().gt(0.5).lt(1).default(0.99),
  horizonDays: z.number().positive().max(250).default(1),
  /** Daily volatility assumed for an instrument whose own is not known yet. */
  defaultDailyVolatility: z.number().positive().max(1).default(0.03),
});
export type VarLimitConfig = z.output<typeof varLimitSchema>;
export const varLimitScopes = ACCOUNT_SCOPE;

export function createVarLimit(config: VarLimitConfig): LimitCheck {
  const limit = identity(VAR_LIMIT, config);
  const scale = normalQuantile(config.confidence) * Math.sqrt(config.horizonDays);
  return {
    ...limit,
    check: (order, state) => {
      if (order.reducing) return undefined;
      const entry = order.entry;
      const volatility = Number.isNaN(entry.dailyVolatility) ? config.defaultDailyVolatility : entry.dailyVolatility;
      const added = Math.abs(exposureAfter(order) - entry.exposure) * volatility * scale;
      const bound = state.valueAtRisk + added;
      return bound > config.maxVar || Number.isNaN(bound) ? refuse(limit, bound, config.maxVar, `portfolio VaR bound after the order`) : undefined;
    },
    read: (state) => ({ value: state.valueAtRisk, threshold: config.maxVar }),
  };
}
