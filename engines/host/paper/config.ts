// Paper trading's configuration: the simulated venue it trades on and the risk limits a new user
// starts with. Frozen plain data from a strict schema; every bad field is named at once.
import { z } from 'zod';
import { ErrorCode, NwsError, describeIssues } from '@nws/core';
import type { SimulatedVenueConfigInput } from '@nws/execution';
import { DEFAULT_RISK_LIMITS } from '@nws/risk';
import type { LimitConfigInput } from '@nws/risk';

/** The demo market's venue: the live simulator quotes every instrument as `SYMBOL.SIM`. */
export const PAPER_VENUE = 'SIM';

/**
 * The paper account: a cash account (no shorting, no leverage) with $100,000, no commission and
 * no slippage, on venue SIM. Commission is off so that restart recovery, which replays the
 * journalled fills, reproduces cash and realised P&L to the cent whatever the fills were.
 */
export const DEFAULT_PAPER_VENUE: SimulatedVenueConfigInput = Object.freeze<SimulatedVenueConfigInput>({
  venueId: PAPER_VENUE,
  accountId: 'PAPER-001',
  accountType: 'cash',
  baseCurrency: 'USD',
  startingCash: 100_000,
  commission: { model: 'none' },
  slippage: { model: 'none' },
});

/**
 * Limits a new user gets until they store their own under the `risk.limits` setting: the risk
 * engine's defaults, the same for paper and IBKR (per-order notional capped by asset class, so one
 * futures contract passes while a $30,000 share order does not; see docs/risk.md).
 */
export const DEFAULT_PAPER_LIMITS: ReadonlyArray<LimitConfigInput> = DEFAULT_RISK_LIMITS;

export const paperTradingConfigSchema = z.strictObject({
  venue: z.record(z.string(), z.unknown()).default({ ...DEFAULT_PAPER_VENUE }),
  limits: z.array(z.record(z.string(), z.unknown())).default(() => DEFAULT_PAPER_LIMITS.map((limit) => ({ ...limit }))),
  /** How many finished orders `orders.list` shows besides the open ones. */
  recentOrders: z.number().int().min(0).max(1_000).default(50),
  /** Monitor pass at least this often (ms). */
  monitorIntervalMs: z.number().int().min(1).max(5_000).default(5_000),
});

export interface PaperTradingConfig {
  readonly venue: SimulatedVenueConfigInput;
  readonly limits: ReadonlyArray<LimitConfigInput>;
  readonly recentOrders: number;
  readonly monitorIntervalMs: number;
}
export type PaperTradingConfigInput = z.input<typeof paperTradingConfigSchema>;

export function definePaperTradingConfig(input: PaperTradingConfigInput = {}): PaperTradingConfig {
  const result = paperTradingConfigSchema.safeParse(input);
  if (!result.success) throw new NwsError(ErrorCode.InvalidConfig, `invalid paper trading config: ${describeIssues(result.error.issues)}`, result.error.issues);
  // The venue and limit schemas live with their engines and validate when the component starts.
  return Object.freeze(result.data as unknown as PaperTradingConfig);
}
