import { ErrorCode, NwsError } from '../errors.js';
import { price, quantity, tradeId, venueOrderId } from '../domain/index.js';
import type { Fill, LiquiditySide, Order, OrderRequest } from '../domain/index.js';

export interface FillOptions {
  qty?: number;
  price?: number;
  ts?: number;
  commission?: number;
  commissionCurrency?: string;
  liquidity?: LiquiditySide;
  tradeId?: string;
  venueOrderId?: string;
}

let nextTradeNumber = 1;

type Fillable = (Order | OrderRequest) & { clientOrderId?: Order['clientOrderId'] };

/**
 * A fill of `order`: by default its whole remaining quantity at its limit (or trigger) price,
 * else 100, taker, no commission, a fresh trade id.
 */
export function of(order: Fillable, options: FillOptions = {}): Fill {
  if (order.clientOrderId === undefined) throw new NwsError(ErrorCode.InvalidArgument, 'fills.of needs an order with a clientOrderId');
  const remaining = 'leavesQty' in order ? order.leavesQty : order.quantity;
  const orderPrice = 'price' in order && order.price !== undefined ? order.price : 'triggerPrice' in order ? order.triggerPrice : undefined;
  const fill: Fill = {
    clientOrderId: order.clientOrderId,
    venueOrderId: venueOrderId(options.venueOrderId ?? `V-${order.clientOrderId}`),
    tradeId: tradeId(options.tradeId ?? `T-${nextTradeNumber++}`),
    instrumentId: order.instrumentId,
    side: order.side,
    qty: quantity(options.qty ?? remaining),
    price: price(options.price ?? orderPrice ?? 100),
    commission: options.commission ?? 0,
    commissionCurrency: options.commissionCurrency ?? 'USD',
    liquidity: options.liquidity ?? 'taker',
    ts: options.ts ?? Date.UTC(2024, 0, 2, 14, 30),
  };
  if (order.strategyId !== undefined) fill.strategyId = order.strategyId;
  return fill;
}
