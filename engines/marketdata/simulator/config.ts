import { z } from 'zod';
import { describeIssues, ErrorCode, NwsError } from '@nws/core';

/** Settings of the live market simulator; every field has a default. */
export const marketSimulatorConfigSchema = z.strictObject({
  /** Same seed and same times: same ticks. */
  seed: z.string().min(1).default('nautilus-live-simulator-v1'),
  /** Quote updates per second per instrument. */
  quotesPerSecond: z.number().positive().max(100_000).default(4),
  /** Chance that a quote update comes with a trade. */
  tradeProbability: z.number().min(0).max(1).default(0.35),
  /** An L2 snapshot of each instrument every this many of its quote updates. */
  depthEvery: z.number().int().positive().default(4),
  /** Price levels per side in each L2 snapshot. */
  depthLevels: z.number().int().min(1).max(10).default(10),
  /** How often the simulator wakes to catch up with the clock. */
  tickIntervalMs: z.number().int().min(1).max(10_000).default(50),
  /** Most quote updates per instrument produced in one wake-up (after a long pause it skips ahead). */
  maxCatchUpQuotes: z.number().int().positive().default(1_000),
  /** Trading hours a year: with annual volatility it sets the size of each price step. */
  tradingSecondsPerYear: z.number().positive().default(252 * 6.5 * 3600),
});

export type MarketSimulatorConfig = Readonly<z.output<typeof marketSimulatorConfigSchema>>;
export type MarketSimulatorConfigInput = z.input<typeof marketSimulatorConfigSchema>;

/** Validates, fills defaults and freezes; throws INVALID_CONFIG naming every bad field. */
export function loadMarketSimulatorConfig(input: MarketSimulatorConfigInput = {}): MarketSimulatorConfig {
  const result = marketSimulatorConfigSchema.safeParse(input);
  if (!result.success) {
    throw new NwsError(ErrorCode.InvalidConfig, `market simulator config: ${describeIssues(result.error.issues)}`, result.error.issues);
  }
  return Object.freeze(result.data);
}
