import { z } from 'zod';
import { ErrorCode, NwsError, describeIssues } from '../errors.js';
import { instrumentIdSchema, splitInstrumentId } from './ids.js';
import type { InstrumentId } from './ids.js';
import { MAX_PRECISION, precisionOf } from './price.js';

export const ASSET_CLASSES = ['equity', 'future', 'option', 'forex', 'crypto', 'index'] as const;
export type AssetClass = (typeof ASSET_CLASSES)[number];

export const OPTION_RIGHTS = ['call', 'put'] as const;
export type OptionRight = (typeof OPTION_RIGHTS)[number];

/** A tradable (or, for `index`, quotable) thing at one venue. Prices are in `currency`. */
export interface Instrument {
  id: InstrumentId;
  symbol: string;
  venue: string;
  assetClass: AssetClass;
  /** ISO 4217 (or crypto ticker) of prices and P&L, e.g. `USD`. */
  currency: string;
  /** Smallest price increment, e.g. 0.01 for US equities, 0.25 for ES. */
  tickSize: number;
  /** Smallest quantity increment (shares, contracts, units of base currency). */
  lotSize: number;
  /** Currency value of one point per unit: 1 for equities, 50 for ES, 100 for US equity options. */
  multiplier: number;
  /** Decimal places of prices; agrees with tickSize. */
  pricePrecision: number;
  name?: string;
  sector?: string;
  /** Listing exchange when it differs from the venue (e.g. routed through SMART). */
  exchange?: string;
  /** Last trading time, epoch ms UTC (futures and options). */
  expiry?: number;
  strike?: number;
  right?: OptionRight;
  /** Underlying of a derivative, e.g. `ES.XCME` or `AAPL.XNAS`. */
  underlying?: InstrumentId;
}

const CURRENCY_PATTERN = /^[A-Z0-9]{2,10}$/;

const positiveNumber = z.number().positive();

export const instrumentSchema = z
  .strictObject({
    id: instrumentIdSchema,
    symbol: z.string().min(1),
    venue: z.string().min(1),
    assetClass: z.enum(ASSET_CLASSES),
    currency: z.string().regex(CURRENCY_PATTERN, 'must be a currency code such as USD'),
    tickSize: positiveNumber,
    lotSize: positiveNumber,
    multiplier: positiveNumber,
    pricePrecision: z.number().int().min(0).max(MAX_PRECISION),
    name: z.string().optional(),
    sector: z.string().optional(),
    exchange: z.string().optional(),
    expiry: z.number().int().optional(),
    strike: z.number().optional(),
    right: z.enum(OPTION_RIGHTS).optional(),
    underlying: instrumentIdSchema.optional(),
  })
  .superRefine((instrument, ctx) => {
    const { symbol, venue } = splitInstrumentId(instrument.id);
    if (symbol !== instrument.symbol) {
      ctx.addIssue({ code: 'custom', path: ['symbol'], message: `must be '${symbol}' to match id ${instrument.id}` });
    }
    if (venue !== instrument.venue) {
      ctx.addIssue({ code: 'custom', path: ['venue'], message: `must be '${venue}' to match id ${instrument.id}` });
    }
    if (tickPrecision(instrument.tickSize) > instrument.pricePrecision) {
      ctx.addIssue({
        code: 'custom',
        path: ['pricePrecision'],
        message: `${instrument.pricePrecision} is too few decimals for tickSize ${instrument.tickSize}`,
      });
    }
    if (instrument.assetClass === 'option') {
      for (const field of ['strike', 'right', 'expiry', 'underlying'] as const) {
        if (instrument[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'is required for an option' });
      }
    }
    if (instrument.assetClass !== 'option') {
      for (const field of ['strike', 'right'] as const) {
        if (instrument[field] !== undefined) {
          ctx.addIssue({ code: 'custom', path: [field], message: `only applies to options, not ${instrument.assetClass}` });
        }
      }
    }
  });

function tickPrecision(tickSize: number): number {
  try {
    return precisionOf(tickSize);
  } catch {
    return MAX_PRECISION + 1;
  }
}

/** Validates and freezes an instrument; throws INVALID_VALUE listing every bad field. */
export function defineInstrument(input: unknown): Readonly<Instrument> {
  const result = instrumentSchema.safeParse(input);
  if (!result.success) {
    throw new NwsError(ErrorCode.InvalidValue, `invalid instrument: ${describeIssues(result.error.issues)}`, result.error.issues);
  }
  return Object.freeze(result.data);
}
