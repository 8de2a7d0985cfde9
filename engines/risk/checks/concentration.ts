// Caps one instrument's, or one sector's, absolute exposure as a percent of equity. Scoped to a
// strategy (per instrument only), it caps each of that strategy's own positions.
import { z } from 'zod';
import { STRATEGY_POSITION_SCOPES, scopeMatches } from '../scope.js';
import type { LimitCheck, LimitReading } from '../types.js';
import { exposureAfter, grossAfter, holdingValue, holdingsInScope, identity, limitBaseShape, percent, refuse, scopedPositionAfter, valuationPrice } from './limit-base.js';

export const CONCENTRATION = 'concentration';
export const concentrationSchema = z
  .strictObject({
    type: z.literal(CONCENTRATION),
    ...limitBaseShape,
    /** Measure per instrument (each position) or per sector (sum of a sector's positions). */
    per: z.enum(['instrument', 'sector']).default('instrument'),
    maxPercentOfEquity: percent,
  })
  // Per-strategy sector sums are not tracked: refusing the config beats silently measuring the account.
  .refine((config) => !(config.per === 'sector' && config.scope.kind === 'strategy'), {
    message: 'a strategy-scoped concentration limit measures per instrument only; use per: instrument',
    path: ['per'],
  });
export type ConcentrationConfig = z.output<typeof concentrationSchema>;
export const concentrationScopes = STRATEGY_POSITION_SCOPES;

export function createConcentration(config: ConcentrationConfig): LimitCheck {
  const limit = identity(CONCENTRATION, config, config.per === 'sector' ? 'sector' : undefined);
  const percentOf = (exposure: number, equity: number): number => (equity > 0 ? (Math.abs(exposure) / equity) * 100 : Number.POSITIVE_INFINITY);
  return {
    ...limit,
    check: (order, state) => {
      if (!scopeMatches(limit.scope, order)) return undefined;
      if (limit.scope.kind === 'strategy') {
        const position = scopedPositionAfter(limit.scope, order);
        if (position.reducing) return undefined;
        const share = percentOf(position.after * order.multiplier * valuationPrice(order, order.entry), state.equity);
        return share > config.maxPercentOfEquity || Number.isNaN(share)
          ? refuse(limit, share, config.maxPercentOfEquity, `% of equity in strategy ${limit.scope.strategyId}'s ${order.instrumentId} after the order`)
          : undefined;
      }
      if (order.reducing) return undefined;
      if (config.per === 'sector' && order.sector === undefined) return undefined;
      const exposure =
        config.per === 'instrument' ? exposureAfter(order) : grossAfter(order, state.sector(order.sector as string)?.gross ?? 0);
      const share = percentOf(exposure, state.equity);
      const subject = config.per === 'instrument' ? order.instrumentId : `sector ${order.sector}`;
      return share > config.maxPercentOfEquity || Number.isNaN(share)
        ? refuse(limit, share, config.maxPercentOfEquity, `% of equity in ${subject} after the order`)
        : undefined;
    },
    read: (state) => {
      let worst: LimitReading = { value: 0, threshold: config.maxPercentOfEquity };
      if (config.per === 'instrument') {
        for (const holding of holdingsInScope(limit.scope, state)) {
          const share = percentOf(holdingValue(holding), state.equity);
          if (share > worst.value) worst = { value: share, threshold: config.maxPercentOfEquity, subject: holding.entry.instrumentId };
        }
        return worst;
      }
      for (const totals of state.sectorList()) {
        if (limit.scope.kind === 'sector' && totals.sector !== limit.scope.sector) continue;
        const share = percentOf(totals.gross, state.equity);
        if (share > worst.value) worst = { value: share, threshold: config.maxPercentOfEquity, subject: totals.sector };
      }
      return worst;
    },
  };
}
