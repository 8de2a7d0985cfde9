import { ErrorCode, NwsError } from '../errors.js';
import type { ClientOrderId, InstrumentId, StrategyId } from './ids.js';
import { oppositeSide, parseOrderRequest } from './order.js';
import type { LimitOrderRequest, OrderRequest, OrderSide, StopLimitOrderRequest, StopMarketOrderRequest, TimeInForce } from './order.js';

export interface BracketSpec {
  instrumentId: InstrumentId;
  side: OrderSide;
  quantity: number;
  /** Limit price of the entry; absent for a MARKET entry. */
  entryPrice?: number;
  takeProfitPrice: number;
  stopLossTriggerPrice: number;
  /** Makes the stop-loss a STOP_LIMIT at this price; absent for a STOP_MARKET. */
  stopLossLimitPrice?: number;
  /** Of the entry (default GTC); the exits are always GTC. */
  timeInForce?: TimeInForce;
  expireTime?: number;
  strategyId?: StrategyId;
  /** Source of the three client order ids, e.g. `() => generator.next()`. */
  nextId: () => ClientOrderId;
}

export interface Bracket {
  entry: OrderRequest;
  takeProfit: LimitOrderRequest;
  stopLoss: StopMarketOrderRequest | StopLimitOrderRequest;
}

/**
 * Entry + take-profit + stop-loss. The entry is `oto` with the two exits as its linked children;
 * the exits carry `parentOrderId` = entry, are `oco` with each other (shared `ocoGroupId`),
 * reduce-only and on the opposite side. Throws INVALID_ORDER listing every price on the wrong
 * side (for a BUY: stop-loss < entry < take-profit; mirrored for a SELL).
 */
export function bracket(spec: BracketSpec): Bracket {
  checkPriceOrder(spec);
  const entryId = spec.nextId();
  const takeProfitId = spec.nextId();
  const stopLossId = spec.nextId();
  const common = { instrumentId: spec.instrumentId, quantity: spec.quantity, ...(spec.strategyId === undefined ? {} : { strategyId: spec.strategyId }) };
  const exit = {
    ...common,
    side: oppositeSide(spec.side),
    timeInForce: 'GTC',
    reduceOnly: true,
    contingency: 'oco',
    parentOrderId: entryId,
    ocoGroupId: `${entryId}-OCO`,
  };
  const entry = parseOrderRequest({
    ...common,
    side: spec.side,
    ...(spec.entryPrice === undefined ? { type: 'MARKET' } : { type: 'LIMIT', price: spec.entryPrice }),
    timeInForce: spec.timeInForce ?? 'GTC',
    ...(spec.expireTime === undefined ? {} : { expireTime: spec.expireTime }),
    clientOrderId: entryId,
    contingency: 'oto',
    linkedOrderIds: [takeProfitId, stopLossId],
  });
  const takeProfit = parseOrderRequest({ ...exit, type: 'LIMIT', price: spec.takeProfitPrice, clientOrderId: takeProfitId, linkedOrderIds: [stopLossId] });
  const stopLoss = parseOrderRequest({
    ...exit,
    ...(spec.stopLossLimitPrice === undefined
      ? { type: 'STOP_MARKET', triggerPrice: spec.stopLossTriggerPrice }
      : { type: 'STOP_LIMIT', triggerPrice: spec.stopLossTriggerPrice, price: spec.stopLossLimitPrice }),
    clientOrderId: stopLossId,
    linkedOrderIds: [takeProfitId],
  });
  return { entry, takeProfit: takeProfit as LimitOrderRequest, stopLoss: stopLoss as StopMarketOrderRequest | StopLimitOrderRequest };
}

/** Checked before any id is taken, so a refused bracket does not burn ids. */
function checkPriceOrder(spec: BracketSpec): void {
  const problems: string[] = [];
  if (!Number.isFinite(spec.quantity) || spec.quantity <= 0) problems.push(`quantity ${spec.quantity} must be a positive number`);
  const prices = { entryPrice: spec.entryPrice, takeProfitPrice: spec.takeProfitPrice, stopLossTriggerPrice: spec.stopLossTriggerPrice, stopLossLimitPrice: spec.stopLossLimitPrice };
  for (const [field, value] of Object.entries(prices)) {
    if (value !== undefined && !Number.isFinite(value)) problems.push(`${field} ${value} is not a finite number`);
  }
  if (problems.length > 0) throw new NwsError(ErrorCode.InvalidOrder, `invalid bracket: ${problems.join('; ')}`, { problems });
  // For a BUY the exits sit stop-loss below, take-profit above; a SELL mirrors it.
  const above = (a: number, b: number) => (spec.side === 'BUY' ? a > b : a < b);
  const word = spec.side === 'BUY' ? 'above' : 'below';
  const opposite = spec.side === 'BUY' ? 'below' : 'above';
  if (!above(spec.takeProfitPrice, spec.stopLossTriggerPrice)) {
    problems.push(`takeProfitPrice ${spec.takeProfitPrice} must be ${word} stopLossTriggerPrice ${spec.stopLossTriggerPrice} for a ${spec.side}`);
  }
  if (spec.entryPrice !== undefined) {
    if (!above(spec.takeProfitPrice, spec.entryPrice)) {
      problems.push(`takeProfitPrice ${spec.takeProfitPrice} must be ${word} entryPrice ${spec.entryPrice} for a ${spec.side}`);
    }
    if (!above(spec.entryPrice, spec.stopLossTriggerPrice)) {
      problems.push(`stopLossTriggerPrice ${spec.stopLossTriggerPrice} must be ${opposite} entryPrice ${spec.entryPrice} for a ${spec.side}`);
    }
  }
  if (problems.length > 0) throw new NwsError(ErrorCode.InvalidOrder, `invalid bracket: ${problems.join('; ')}`, { problems });
}
