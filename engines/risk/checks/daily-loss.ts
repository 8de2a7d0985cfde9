// Once the day's loss (equity at the start of day minus equity now, realised and unrealised)
// reaches the limit, only reducing orders pass.
import { z } from 'zod';
import { ACCOUNT_SCOPE } from '../scope.js';
import type { LimitCheck } from '../types.js';
import type { RiskState } from '../risk-state.js';
import { identity, limitBaseShape, positiveNumber, refuse } from './limit-base.js';

export const DAILY_LOSS = 'daily-loss';
export const dailyLossSchema = z.strictObject({ type: z.literal(DAILY_LOSS), ...limitBaseShape, maxLoss: positiveNumber });
export type DailyLossConfig = z.output<typeof dailyLossSchema>;
export const dailyLossScopes = ACCOUNT_SCOPE;

export function dayLoss(state: RiskState): number {
  return Math.max(0, state.dayStartEquity - state.equity);
}

export function createDailyLoss(config: DailyLossConfig): LimitCheck {
  const limit = identity(DAILY_LOSS, config);
  return {
    ...limit,
    check: (order, state) => {
      if (order.reducing) return undefined;
      const loss = dayLoss(state);
      return loss >= config.maxLoss ? refuse(limit, loss, config.maxLoss, 'loss since start of day') : undefined;
    },
    read: (state) => ({ value: dayLoss(state), threshold: config.maxLoss }),
  };
}
