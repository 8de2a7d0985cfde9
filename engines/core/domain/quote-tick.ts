import { z } from 'zod';
import { instrumentIdSchema } from './ids.js';
import type { InstrumentId } from './ids.js';

/** Top of book at one instant. `ts` epoch ms UTC; prices in the instrument's currency. */
export interface QuoteTick {
  instrumentId: InstrumentId;
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
  ts: number;
}

export const quoteTickSchema = z
  .strictObject({
    instrumentId: instrumentIdSchema,
    bid: z.number(),
    ask: z.number(),
    bidSize: z.number().nonnegative(),
    askSize: z.number().nonnegative(),
    ts: z.number().int(),
  })
  .superRefine((quote, ctx) => {
    // A locked market (bid == ask) happens; a crossed one (bid > ask) is bad data.
    if (quote.bid > quote.ask) ctx.addIssue({ code: 'custom', path: ['bid'], message: `bid ${quote.bid} is above ask ${quote.ask}` });
  });

export function midPrice(quote: Pick<QuoteTick, 'bid' | 'ask'>): number {
  return (quote.bid + quote.ask) / 2;
}

export function spread(quote: Pick<QuoteTick, 'bid' | 'ask'>): number {
  return quote.ask - quote.bid;
}
