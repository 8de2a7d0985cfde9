/** What a backtest run is: plain, serialisable data (it crosses to worker threads as is). */
import { z } from 'zod';
import { ErrorCode, NwsError, defineInstrument, describeIssues, instrumentSchema, splitInstrumentId } from '@nws/core';
import type { Instrument, InstrumentId } from '@nws/core';
import { BAR_FILL_MODES, slippageSchema } from '@nws/execution';

export const backtestSpecSchema = z.strictObject({
  /** Registered strategy name, e.g. `sma-cross`. */
  strategy: z.string().min(1),
  /** Raw parameter values (numbers, booleans, strings or CLI text); validated by the strategy's declarations. */
  params: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])).default({}),
  startingCash: z.number().positive().default(100_000),
  /** Percent of each fill's value charged as commission: 0.1 = 0.1%. */
  commissionPct: z.number().min(0).max(100).default(0),
  /** `next-open`: market orders fill at the next bar's open; `close`: at the close of the bar that sent them. */
  fill: z.enum(BAR_FILL_MODES).default('next-open'),
  /** `cash` refuses shorts and overspending; `margin` (needed by pairs) allows them up to `leverage`. */
  accountType: z.enum(['cash', 'margin']).default('cash'),
  leverage: z.number().min(1).default(1),
  slippage: slippageSchema.default({ model: 'none' }),
  /** Largest share of a bar's volume one instrument may fill (0.1 = 10%); null = no cap. */
  volumeParticipation: z.number().gt(0).max(1).nullable().default(null),
  /** Instrument definitions; an instrument without one trades as a generic equity in USD. */
  instruments: z.array(instrumentSchema).default([]),
  /** Keep orders, fills and the equity curve in the result (sweeps turn this off to stay light). */
  detail: z.enum(['full', 'summary']).default('full'),
});

export type BacktestSpec = Readonly<z.output<typeof backtestSpecSchema>>;
export type BacktestSpecInput = z.input<typeof backtestSpecSchema>;

/** Validates and fills defaults; throws INVALID_ARGUMENT naming every bad field. */
export function defineBacktestSpec(input: BacktestSpecInput): BacktestSpec {
  const result = backtestSpecSchema.safeParse(input);
  if (!result.success) throw new NwsError(ErrorCode.InvalidArgument, `invalid backtest: ${describeIssues(result.error.issues)}`, result.error.issues);
  if (result.data.accountType === 'cash' && result.data.leverage !== 1) {
    throw new NwsError(ErrorCode.InvalidArgument, `invalid backtest: leverage: must be 1 for a cash account, got ${result.data.leverage}`);
  }
  return Object.freeze(result.data);
}

/**
 * A generic instrument for bars without a definition: an equity in USD with a fine tick and lot
 * (1e-6), so prices are never rounded and fractional stakes work.
 */
export function genericInstrument(instrumentId: InstrumentId): Readonly<Instrument> {
  const { symbol, venue } = splitInstrumentId(instrumentId);
  return defineInstrument({
    id: instrumentId,
    symbol,
    venue,
    assetClass: 'equity',
    currency: 'USD',
    tickSize: 0.000001,
    lotSize: 0.000001,
    multiplier: 1,
    pricePrecision: 6,
  });
}
