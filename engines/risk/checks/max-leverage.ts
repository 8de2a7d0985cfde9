// Caps gross exposure / equity; reducing orders pass. Equity at or below zero refuses every new risk.
import { z } from 'zod';
import { ACCOUNT_SCOPE } from '../scope.js';
import type { LimitCheck } from '../types.js';
import { grossAfter, identity, limitBaseShape, positiveNumber, refuse } from './limit-base.js';

export const MAX_LEVERAGE = 'max-leverage';
export const maxLeverageSchema = z.strictObject({ type: z.literal(MAX_LEVERAGE), ...limitBaseShape, maxLeverage: positiveNumber });
export type MaxLeverageConfig = z.output<typeof maxLeverageSchema>;
export const maxLeverageScopes = ACCOUNT_SCOPE;

export function createMaxLeverage(config: MaxLeverageConfig): LimitCheck {
  const limit = identity(MAX_LEVERAGE, config);
  const leverageOf = (gross: number, equity: number): number => (equity > 0 ? gross / equity : Number.POSITIVE_INFINITY);
  return {
    ...limit,
    check: (order, state) => {
      if (order.reducing) return undefined;
      const leverage = leverageOf(grossAfter(order, state.grossExposure), state.equity);
      return leverage > config.maxLeverage || Number.isNaN(leverage) ? refuse(limit, leverage, config.maxLeverage, `leverage (gross / equity) after the order`) : undefined;
    },
    read: (state) => ({ value: leverageOf(state.grossExposure, state.equity), threshold: config.maxLeverage }),
  };
}
