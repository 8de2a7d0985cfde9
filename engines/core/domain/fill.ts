import { z } from 'zod';
import { clientOrderIdSchema, instrumentIdSchema, positionIdSchema, strategyIdSchema, tradeIdSchema, venueOrderIdSchema } from './ids.js';
import type { ClientOrderId, InstrumentId, PositionId, StrategyId, TradeId, VenueOrderId } from './ids.js';
import { ORDER_SIDES } from './order.js';
import type { OrderSide } from './order.js';
import { positiveQuantitySchema, priceSchema } from './price.js';
import type { Price, Quantity } from './price.js';

export const LIQUIDITY_SIDES = ['maker', 'taker'] as const;
export type LiquiditySide = (typeof LIQUIDITY_SIDES)[number];

/** One execution of (part of) an order (Nautilus `OrderFilled`). `ts` epoch ms UTC. */
export interface Fill {
  clientOrderId: ClientOrderId;
  venueOrderId: VenueOrderId;
  tradeId: TradeId;
  instrumentId: InstrumentId;
  side: OrderSide;
  qty: Quantity;
  price: Price;
  /** A cost in `commissionCurrency`; a maker rebate is negative. */
  commission: number;
  commissionCurrency: string;
  liquidity: LiquiditySide;
  ts: number;
  strategyId?: StrategyId;
  positionId?: PositionId;
}

export const fillSchema = z.strictObject({
  clientOrderId: clientOrderIdSchema,
  venueOrderId: venueOrderIdSchema,
  tradeId: tradeIdSchema,
  instrumentId: instrumentIdSchema,
  side: z.enum(ORDER_SIDES),
  qty: positiveQuantitySchema,
  price: priceSchema,
  commission: z.number(),
  commissionCurrency: z.string().min(1),
  liquidity: z.enum(LIQUIDITY_SIDES),
  ts: z.number().int(),
  strategyId: strategyIdSchema.optional(),
  positionId: positionIdSchema.optional(),
});

/** +qty for a buy, -qty for a sell. */
export function signedFillQty(fill: Pick<Fill, 'side' | 'qty'>): number {
  return fill.side === 'BUY' ? fill.qty : -fill.qty;
}
