import { z } from 'zod';
import { instrumentIdSchema } from './ids.js';
import type { InstrumentId } from './ids.js';

/** Levels an `OrderBookDepth` snapshot carries per side (Nautilus `OrderBookDepth10`). */
export const MAX_DEPTH_LEVELS = 10;

export interface BookLevel {
  price: number;
  size: number;
}

/**
 * An L2 snapshot: aggregated size per price, best first on each side (bids descending,
 * asks ascending), at most 10 levels a side. `ts` epoch ms UTC.
 */
export interface OrderBookDepth {
  instrumentId: InstrumentId;
  bids: BookLevel[];
  asks: BookLevel[];
  ts: number;
}

const bookLevelSchema = z.strictObject({ price: z.number(), size: z.number().positive() });

const sideSchema = z.array(bookLevelSchema).max(MAX_DEPTH_LEVELS);

export const orderBookDepthSchema = z
  .strictObject({ instrumentId: instrumentIdSchema, bids: sideSchema, asks: sideSchema, ts: z.number().int() })
  .superRefine((depth, ctx) => {
    depth.bids.forEach((level, index) => {
      const better = depth.bids[index - 1];
      if (better && level.price >= better.price) {
        ctx.addIssue({ code: 'custom', path: ['bids', index, 'price'], message: `bids must be strictly descending: ${level.price} after ${better.price}` });
      }
    });
    depth.asks.forEach((level, index) => {
      const better = depth.asks[index - 1];
      if (better && level.price <= better.price) {
        ctx.addIssue({ code: 'custom', path: ['asks', index, 'price'], message: `asks must be strictly ascending: ${level.price} after ${better.price}` });
      }
    });
    const bestBid = depth.bids[0];
    const bestAsk = depth.asks[0];
    if (bestBid && bestAsk && bestBid.price > bestAsk.price) {
      ctx.addIssue({ code: 'custom', path: ['bids', 0, 'price'], message: `best bid ${bestBid.price} is above best ask ${bestAsk.price}` });
    }
  });
