import type { CommissionConfig } from './config.js';

/**
 * Commission owed on an order after `cumulativeQty` has filled at `cumulativeValue` (price x qty
 * x multiplier, summed). Per-order minimums and maximums only make sense on the whole order, so
 * the venue charges each fill the difference between this and what the order has paid so far.
 */
export function commissionFor(config: CommissionConfig, cumulativeQty: number, cumulativeValue: number): number {
  switch (config.model) {
    case 'none':
      return 0;
    case 'percent':
      return (cumulativeValue * config.percent) / 100;
    case 'fixed':
      return cumulativeQty > 0 ? config.perOrder : 0;
    case 'per-share': {
      const raw = Math.max(config.minimum, cumulativeQty * config.perShare);
      const cap = (cumulativeValue * config.maximumPercent) / 100;
      return Math.min(raw, cap);
    }
  }
}
