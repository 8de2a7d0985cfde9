// Limit utilisation per instrument, for the risk heatmap (instrument × limit). The risk engine
// measures each limit over its whole scope; here each instrument's own share of what a limit
// watches is set against the limit's threshold, so a user sees which instrument is using it up.
import type { Order } from '@nws/core';
import type { InstrumentEntry, LimitConfig } from '@nws/risk';

export interface InstrumentUtilisationGrid {
  /** Row labels: every instrument the risk state knows, sorted. */
  instruments: string[];
  /** Column labels: every enabled limit, in engine order. */
  limits: Array<{ id: string; type: string }>;
  /** cells[row][column]: utilisation (1 = at the limit), null where the limit does not apply to the instrument. */
  cells: Array<Array<number | null>>;
}

export interface UtilisationInputs {
  entries: Iterable<InstrumentEntry>;
  limits: ReadonlyArray<{ id: string; limit: LimitConfig }>;
  openOrders: ReadonlyArray<Order>;
  /** The account's gross exposure and equity (concentration is a share of equity). */
  equity: number;
}

export function instrumentUtilisation(inputs: UtilisationInputs): InstrumentUtilisationGrid {
  const entries = [...inputs.entries].sort((a, b) => a.instrumentId.localeCompare(b.instrumentId));
  const limits = inputs.limits.filter(({ limit }) => limit.enabled);
  const ordersOf = groupOrders(inputs.openOrders);
  return {
    instruments: entries.map((entry) => entry.instrumentId),
    limits: limits.map(({ id, limit }) => ({ id, type: limit.type })),
    cells: entries.map((entry) => limits.map(({ limit }) => (inScope(limit, entry) ? finiteOrNull(share(limit, entry, ordersOf.get(entry.instrumentId) ?? [], inputs.equity)) : null))),
  };
}

/** The instrument's value of what `limit` watches, over its threshold; undefined when it does not apply. */
function share(limit: LimitConfig, entry: InstrumentEntry, orders: ReadonlyArray<Order>, equity: number): number | undefined {
  const exposure = Math.abs(entry.exposure);
  switch (limit.type) {
    case 'max-open-orders':
      return orders.length / limit.maxOpenOrders;
    case 'max-order-notional':
      return largest(orders.map((order) => order.leavesQty * (orderPrice(order) ?? entry.mark) * entry.multiplier)) / limit.maxNotional;
    case 'max-order-quantity':
      return largest(orders.map((order) => order.leavesQty)) / limit.maxQuantity;
    case 'price-band':
      return largest(orders.map((order) => deviationPercent(orderPrice(order), entry.mark))) / limit.maxDeviationPercent;
    case 'max-position-notional':
      return exposure / limit.maxNotional;
    case 'max-position-quantity':
      return Math.abs(entry.position.netQty) / limit.maxQuantity;
    case 'max-gross-exposure':
      return exposure / limit.maxGross;
    case 'max-net-exposure':
      return exposure / limit.maxNet;
    case 'concentration':
      return limit.per === 'instrument' && equity > 0 ? (exposure / equity) * 100 / limit.maxPercentOfEquity : undefined;
    case 'daily-loss':
      // The open position's loss is this instrument's part of the day's loss the limit can still take back.
      return Math.max(0, -entry.unrealized) / limit.maxLoss;
    default:
      return undefined;
  }
}

function inScope(limit: LimitConfig, entry: InstrumentEntry): boolean {
  const scope = limit.scope;
  if (scope.kind === 'instrument') return scope.instrumentId === entry.instrumentId;
  if (scope.kind === 'sector') return scope.sector === entry.sector;
  return true;
}

function groupOrders(orders: ReadonlyArray<Order>): Map<string, Order[]> {
  const byInstrument = new Map<string, Order[]>();
  for (const order of orders) {
    const list = byInstrument.get(order.instrumentId) ?? [];
    list.push(order);
    byInstrument.set(order.instrumentId, list);
  }
  return byInstrument;
}

function orderPrice(order: Order): number | undefined {
  const priced = order as Order & { price?: number; triggerPrice?: number };
  return priced.price ?? priced.triggerPrice;
}

function deviationPercent(price: number | undefined, mark: number): number {
  if (price === undefined || !(mark > 0)) return 0;
  return (Math.abs(price - mark) / mark) * 100;
}

function largest(values: number[]): number {
  return values.reduce((max, value) => (Number.isFinite(value) && value > max ? value : max), 0);
}

function finiteOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}
