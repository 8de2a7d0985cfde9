// Scope schemas and matching: does a limit apply to this order?
import { z } from 'zod';
import type { LimitScope, LimitScopeKind, ProposedOrder } from './types.js';

export const limitScopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('account') }),
  z.strictObject({ kind: z.literal('strategy'), strategyId: z.string().min(1) }),
  z.strictObject({ kind: z.literal('instrument'), instrumentId: z.string().min(1) }),
  z.strictObject({ kind: z.literal('sector'), sector: z.string().min(1) }),
]);

export function scopeMatches(scope: LimitScope, order: ProposedOrder): boolean {
  switch (scope.kind) {
    case 'account':
      return true;
    case 'strategy':
      return order.strategyId === scope.strategyId;
    case 'instrument':
      return order.instrumentId === scope.instrumentId;
    case 'sector':
      return order.sector === scope.sector;
  }
}

export function describeScope(scope: LimitScope): string {
  switch (scope.kind) {
    case 'account':
      return 'account';
    case 'strategy':
      return `strategy ${scope.strategyId}`;
    case 'instrument':
      return `instrument ${scope.instrumentId}`;
    case 'sector':
      return `sector ${scope.sector}`;
  }
}

/** The scope kinds a limit type can measure; used by the config schema to refuse the others. */
export const ALL_SCOPES: readonly LimitScopeKind[] = ['account', 'strategy', 'instrument', 'sector'];
export const POSITION_SCOPES: readonly LimitScopeKind[] = ['account', 'instrument', 'sector'];
/** Position-size limits can also watch one strategy's own positions (RiskState tracks them per strategy). */
export const STRATEGY_POSITION_SCOPES: readonly LimitScopeKind[] = ALL_SCOPES;
export const ACCOUNT_SCOPE: readonly LimitScopeKind[] = ['account'];
