import { z } from 'zod';
import { parseFrozenConfig } from '@nws/core';

/**
 * `next-open`: a market order submitted after a bar fills at the next bar's open (no look-ahead).
 * `close`: it fills at once at the close of the bar just seen (the `--fill close` convention).
 */
export const BAR_FILL_MODES = ['next-open', 'close'] as const;
export type BarFillMode = (typeof BAR_FILL_MODES)[number];

const nonNegative = z.number().nonnegative();

export const commissionSchema = z.discriminatedUnion('model', [
  z.strictObject({ model: z.literal('none') }),
  /** IBKR fixed style: `perShare` per unit, at least `minimum` per order, at most `maximumPercent` % of the order's value. */
  z.strictObject({
    model: z.literal('per-share'),
    perShare: nonNegative.default(0.005),
    minimum: nonNegative.default(1),
    maximumPercent: z.number().positive().optional().default(1),
  }),
  /** `percent` % of each fill's value (0.1 = 0.1%). */
  z.strictObject({ model: z.literal('percent'), percent: nonNegative }),
  /** A flat amount per order, charged on its first fill. */
  z.strictObject({ model: z.literal('fixed'), perOrder: nonNegative }),
]);
export type CommissionConfig = z.output<typeof commissionSchema>;

export const slippageSchema = z.discriminatedUnion('model', [
  z.strictObject({ model: z.literal('none') }),
  /** `ticks` instrument ticks against the taker on every market-like fill. */
  z.strictObject({ model: z.literal('ticks'), ticks: nonNegative }),
  /** `bps` basis points of the price against the taker on every market-like fill. */
  z.strictObject({ model: z.literal('bps'), bps: nonNegative }),
]);
export type SlippageConfig = z.output<typeof slippageSchema>;

export const simulatedVenueConfigSchema = z.strictObject({
  venueId: z.string().regex(/^[A-Za-z0-9_]+$/, 'must be letters, digits or _').default('SIM'),
  accountId: z.string().min(1).default('SIM-001'),
  /** `cash` refuses shorts and spending more than it holds; `margin` allows both up to `leverage`. */
  accountType: z.enum(['cash', 'margin']).default('cash'),
  baseCurrency: z.string().regex(/^[A-Z0-9]{2,10}$/, 'must be a currency code such as USD').default('USD'),
  startingCash: z.number().nonnegative().default(100_000),
  /** Margin accounts: gross exposure may reach equity x leverage. Must be 1 for cash accounts. */
  leverage: z.number().min(1).default(1),
  fillMode: z.enum(BAR_FILL_MODES).default('next-open'),
  /** Largest share of one bar's volume the venue fills per instrument (0.1 = 10%); null = no cap. */
  volumeParticipation: z.number().gt(0).max(1).nullable().default(null),
  /** Limits at the touch wait behind the displayed size (quotes and trades). */
  queuePosition: z.boolean().default(true),
  slippage: slippageSchema.default({ model: 'none' }),
  commission: commissionSchema.default({ model: 'none' }),
  /**
   * UTC time `HH:MM` the session closes: the bar holding it is the session's last, where MOC
   * orders fill at its close and DAY orders expire. Null: daily (and longer) bars are each a
   * session; intraday bars end a session when the UTC date changes.
   */
  sessionCloseUtc: z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be HH:MM').nullable().default(null),
}).superRefine((config, ctx) => {
  if (config.accountType === 'cash' && config.leverage !== 1) {
    ctx.addIssue({ code: 'custom', path: ['leverage'], message: `must be 1 for a cash account, got ${config.leverage}` });
  }
});

export type SimulatedVenueConfig = Readonly<z.output<typeof simulatedVenueConfigSchema>>;
export type SimulatedVenueConfigInput = z.input<typeof simulatedVenueConfigSchema>;

/** Validates, fills defaults and freezes; throws INVALID_CONFIG naming every bad field. */
export function defineSimulatedVenueConfig(input: SimulatedVenueConfigInput = {}): SimulatedVenueConfig {
  return parseFrozenConfig(simulatedVenueConfigSchema, input, 'simulated venue config');
}
