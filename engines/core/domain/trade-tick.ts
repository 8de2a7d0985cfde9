import { z } from 'zod';
import { instrumentIdSchema, tradeIdSchema } from './ids.js';
import type { InstrumentId, TradeId } from './ids.js';

/** Which side crossed the spread to make the trade (Nautilus `AggressorSide`). */
export const AGGRESSOR_SIDES = ['BUYER', 'SELLER', 'NO_AGGRESSOR'] as const;
export type AggressorSide = (typeof AGGRESSOR_SIDES)[number];

/** One trade printed by the venue. `ts` epoch ms UTC. */
export interface TradeTick {
  instrumentId: InstrumentId;
  price: number;
  size: number;
  aggressorSide: AggressorSide;
  tradeId: TradeId;
  ts: number;
}

export const tradeTickSchema = z.strictObject({
  instrumentId: instrumentIdSchema,
  price: z.number(),
  size: z.number().positive(),
  aggressorSide: z.enum(AGGRESSOR_SIDES),
  tradeId: tradeIdSchema,
  ts: z.number().int(),
});
