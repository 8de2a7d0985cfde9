// Once equity has fallen the given percent below its peak, only reducing orders pass.
import { z } from 'zod';
import { ACCOUNT_SCOPE } from '../scope.js';
import type { LimitCheck } from '../types.js';
import type { RiskState } from '../risk-state.js';
import { identity, limitBaseShape, refuse } from './limit-base.js';

export const MAX_DRAWDOWN = 'max-drawdown';
export const maxDrawdownSchema = z.strictObject({ type: z.literal(MAX_DRAWDOWN), ...limitBaseShape, maxDrawdownPercent: z.number().positive().max(100) });
export type MaxDrawdownConfig = z.output<typeof maxDrawdownSchema>;
export const maxDrawdownScopes = ACCOUNT_SCOPE;

export function drawdownPercent(state: RiskState): number {
  return state.peakEquity > 0 ? Math.max(0, ((state.peakEquity - state.equity) / state.peakEquity) * 100) : 0;
}

export function createMaxDrawdown(config: MaxDrawdownConfig): LimitCheck {
  const limit = identity(MAX_DRAWDOWN, config);
  return {
    ...limit,
    check: (order, state) => {
      if (order.reducing) return undefined;
      const drawdown = drawdownPercent(state);
      return drawdown >= config.maxDrawdownPercent ? refuse(limit, drawdown, config.maxDrawdownPercent, 'drawdown % from peak equity') : undefined;
    },
    read: (state) => ({ value: drawdownPercent(state), threshold: config.maxDrawdownPercent }),
  };
}
