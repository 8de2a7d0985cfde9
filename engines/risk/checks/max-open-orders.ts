// Caps working orders (submitted, accepted, partly filled, pending) in the scope.
import { z } from 'zod';
import { scopeMatches, ALL_SCOPES } from '../scope.js';
import type { LimitCheck } from '../types.js';
import type { RiskState } from '../risk-state.js';
import { identity, limitBaseShape, refuse } from './limit-base.js';

export const MAX_OPEN_ORDERS = 'max-open-orders';
export const maxOpenOrdersSchema = z.strictObject({ type: z.literal(MAX_OPEN_ORDERS), ...limitBaseShape, maxOpenOrders: z.number().int().positive() });
export type MaxOpenOrdersConfig = z.output<typeof maxOpenOrdersSchema>;
export const maxOpenOrdersScopes = ALL_SCOPES;

export function createMaxOpenOrders(config: MaxOpenOrdersConfig): LimitCheck {
  const limit = identity(MAX_OPEN_ORDERS, config);
  const scope = limit.scope;
  const openCount = (state: RiskState): number => {
    switch (scope.kind) {
      case 'account':
        return state.openOrderCount;
      case 'strategy':
        return state.openOrdersOf('strategy', scope.strategyId);
      case 'instrument':
        return state.openOrdersOf('instrument', scope.instrumentId);
      case 'sector':
        return state.openOrdersOf('sector', scope.sector);
    }
  };
  return {
    ...limit,
    check: (order, state) => {
      if (!scopeMatches(scope, order)) return undefined;
      // An amendment replaces an order that is already counted.
      const after = openCount(state) + (order.modify ? 0 : 1);
      return after > config.maxOpenOrders ? refuse(limit, after, config.maxOpenOrders, 'open orders with this one') : undefined;
    },
    read: (state) => ({ value: openCount(state), threshold: config.maxOpenOrders }),
  };
}
