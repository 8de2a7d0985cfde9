// Caps approved orders per second and per minute in the scope. Each window keeps the times of
// its last N approvals in a ring: the order is refused when the ring is full and its oldest
// entry is still inside the window. O(1) per check.
import { z } from 'zod';
import { ALL_SCOPES, scopeMatches } from '../scope.js';
import type { LimitCheck, ProposedOrder, Refusal } from '../types.js';
import { identity, limitBaseShape, refuse } from './limit-base.js';
import type { LimitIdentity } from './limit-base.js';

export const ORDER_RATE = 'order-rate';
const rate = z.number().int().positive().max(1_000_000);
export const orderRateSchema = z
  .strictObject({ type: z.literal(ORDER_RATE), ...limitBaseShape, maxPerSecond: rate.optional(), maxPerMinute: rate.optional() })
  .refine((config) => config.maxPerSecond !== undefined || config.maxPerMinute !== undefined, {
    message: 'give maxPerSecond, maxPerMinute or both',
    path: ['maxPerSecond'],
  });
export type OrderRateConfig = z.output<typeof orderRateSchema>;
export const orderRateScopes = ALL_SCOPES;

class RateWindow {
  private readonly times: Float64Array;
  private next = 0;
  private count = 0;

  constructor(
    readonly maxOrders: number,
    readonly windowMs: number,
    readonly label: string,
  ) {
    this.times = new Float64Array(maxOrders);
  }

  /** Orders inside the window when full, else undefined (room left). */
  fullAt(ts: number): number | undefined {
    if (this.count < this.maxOrders) return undefined;
    const oldest = this.times[this.next]!;
    return ts - oldest < this.windowMs ? this.maxOrders + 1 : undefined;
  }

  record(ts: number): void {
    this.times[this.next] = ts;
    this.next = (this.next + 1) % this.maxOrders;
    if (this.count < this.maxOrders) this.count++;
  }
}

export function createOrderRate(config: OrderRateConfig): LimitCheck {
  const limit: LimitIdentity = identity(ORDER_RATE, config);
  const windows: RateWindow[] = [];
  if (config.maxPerSecond !== undefined) windows.push(new RateWindow(config.maxPerSecond, 1_000, 'orders per second'));
  if (config.maxPerMinute !== undefined) windows.push(new RateWindow(config.maxPerMinute, 60_000, 'orders per minute'));
  return {
    ...limit,
    check: (order: ProposedOrder): Refusal | undefined => {
      if (!scopeMatches(limit.scope, order)) return undefined;
      for (const window of windows) {
        const count = window.fullAt(order.ts);
        if (count !== undefined) return refuse(limit, count, window.maxOrders, window.label);
      }
      return undefined;
    },
    onApproved: (order) => {
      if (!scopeMatches(limit.scope, order)) return;
      for (const window of windows) window.record(order.ts);
    },
  };
}
