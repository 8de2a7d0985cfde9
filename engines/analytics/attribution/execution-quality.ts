/**
 * Execution quality from order and fill records. Side sign s = +1 for a buy, −1 for a sell, so a
 * positive cost always means worse than the arrival price.
 *   slippage (bps)            = s × (avg fill − arrival) / arrival × 10⁴
 *   execution cost            = Σ s × (fill − arrival) × qty + commissions
 *   opportunity cost          = s × (end price − arrival) × unfilled qty   (Perold)
 *   implementation shortfall  = execution + opportunity cost, also in bps of arrival × ordered qty
 *   fill rate                 = filled qty / ordered qty
 */
import { ErrorCode, NwsError, type OrderSide } from '@nws/core';

export interface ExecutionRecord {
  orderId: string;
  side: OrderSide;
  orderedQty: number;
  /** Mid price when the order was decided (the paper portfolio's price). */
  arrivalPrice: number;
  /** Price when the order ended (cancel or end of horizon); values the unfilled part. Defaults to arrival. */
  endPrice?: number;
  fills: ReadonlyArray<{ qty: number; price: number; commission?: number }>;
}

export interface OrderExecutionQuality {
  orderId: string;
  filledQty: number;
  fillRate: number;
  averageFillPrice: number;
  slippageBps: number;
  executionCost: number;
  opportunityCost: number;
  implementationShortfall: number;
  implementationShortfallBps: number;
}

export interface ExecutionQualitySummary {
  orders: OrderExecutionQuality[];
  /** Filled-quantity-weighted slippage over all orders. */
  slippageBps: number;
  implementationShortfall: number;
  implementationShortfallBps: number;
  fillRate: number;
}

export function orderExecutionQuality(record: ExecutionRecord): OrderExecutionQuality {
  checkRecord(record);
  const sign = record.side === 'BUY' ? 1 : -1;
  let filledQty = 0;
  let notional = 0;
  let commissions = 0;
  for (const fill of record.fills) {
    filledQty += fill.qty;
    notional += fill.qty * fill.price;
    commissions += fill.commission ?? 0;
  }
  const averageFillPrice = filledQty === 0 ? NaN : notional / filledQty;
  const executionCost = sign * (notional - record.arrivalPrice * filledQty) + commissions;
  const unfilled = Math.max(record.orderedQty - filledQty, 0);
  const opportunityCost = sign * ((record.endPrice ?? record.arrivalPrice) - record.arrivalPrice) * unfilled;
  const implementationShortfall = executionCost + opportunityCost;
  return {
    orderId: record.orderId,
    filledQty,
    fillRate: filledQty / record.orderedQty,
    averageFillPrice,
    slippageBps: filledQty === 0 ? NaN : (sign * (averageFillPrice - record.arrivalPrice) / record.arrivalPrice) * 1e4,
    executionCost,
    opportunityCost,
    implementationShortfall,
    implementationShortfallBps: (implementationShortfall / (record.arrivalPrice * record.orderedQty)) * 1e4,
  };
}

export function executionQuality(records: ReadonlyArray<ExecutionRecord>): ExecutionQualitySummary {
  const orders = records.map(orderExecutionQuality);
  let weightedSlippage = 0;
  let filled = 0;
  let ordered = 0;
  let shortfall = 0;
  let paperNotional = 0;
  records.forEach((record, i) => {
    const quality = orders[i]!;
    if (quality.filledQty > 0) weightedSlippage += quality.slippageBps * quality.filledQty;
    filled += quality.filledQty;
    ordered += record.orderedQty;
    shortfall += quality.implementationShortfall;
    paperNotional += record.arrivalPrice * record.orderedQty;
  });
  return {
    orders,
    slippageBps: filled === 0 ? NaN : weightedSlippage / filled,
    implementationShortfall: shortfall,
    implementationShortfallBps: paperNotional === 0 ? NaN : (shortfall / paperNotional) * 1e4,
    fillRate: ordered === 0 ? NaN : filled / ordered,
  };
}

function checkRecord(record: ExecutionRecord): void {
  const problems: string[] = [];
  if (record.side !== 'BUY' && record.side !== 'SELL') problems.push(`side ${String(record.side)} is not BUY or SELL`);
  if (!(record.orderedQty > 0)) problems.push(`orderedQty ${record.orderedQty} must be positive`);
  if (!(record.arrivalPrice > 0)) problems.push(`arrivalPrice ${record.arrivalPrice} must be positive`);
  if (record.endPrice !== undefined && !(record.endPrice > 0)) problems.push(`endPrice ${record.endPrice} must be positive`);
  record.fills.forEach((fill, i) => {
    if (!(fill.qty > 0) || !Number.isFinite(fill.qty)) problems.push(`fills[${i}].qty ${fill.qty} must be positive`);
    if (!(fill.price > 0) || !Number.isFinite(fill.price)) problems.push(`fills[${i}].price ${fill.price} must be positive`);
  });
  const filled = record.fills.reduce((sum, fill) => sum + fill.qty, 0);
  if (filled > record.orderedQty * (1 + 1e-9)) problems.push(`fills total ${filled}, more than the ${record.orderedQty} ordered`);
  if (problems.length > 0) throw new NwsError(ErrorCode.InvalidArgument, `order ${record.orderId}: ${problems.join('; ')}`);
}
