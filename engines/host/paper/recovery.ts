// Restart recovery: rebuilds the paper venue and order manager from the journal, so after a
// restart (even `kill -9`) open orders and positions are exactly as they were.
//   1. Positions and cash: every journalled fill, oldest first, is replayed into the fresh venue
//      as a market order against a quote at the fill's price and time, through a throw-away
//      order manager that journals nothing. The venue's own accounting then gives the same
//      positions, average prices, realised P&L and cash as before.
//   2. Working orders: each order the journal holds as open is re-submitted for what was left
//      (PaperJournal keeps its history, identity and sequence; see paper-journal.ts).
import { ErrorCode, NwsError, barType, isTerminal } from '@nws/core';
import type { ClientOrderId, Fill, Order, OrderRequest, QuoteTick } from '@nws/core';
import { OrderManager, orderReason } from '@nws/execution';
import type { SimulatedVenue } from '@nws/execution';
import type { PaperJournal } from './paper-journal.js';

/** What recovery reads from the state store. */
export interface RecoverySource {
  fillsFor(clientOrderId: string): Fill[];
  openOrders(): Order[];
  orderEvents(clientOrderId: string): Array<{ sequence: number }>;
  journalOrder(event: { clientOrderId: ClientOrderId; sequence: number; kind: string; ts: number; order: Order }): unknown;
}

/** Every journalled fill of `orderIds` (in submission order), sorted by time; ties keep submission order. */
export function journalledFills(source: Pick<RecoverySource, 'fillsFor'>, orderIds: readonly ClientOrderId[]): Fill[] {
  const fills: Array<{ fill: Fill; rank: number }> = [];
  for (const id of orderIds) for (const fill of source.fillsFor(id)) fills.push({ fill, rank: fills.length });
  fills.sort((a, b) => a.fill.ts - b.fill.ts || a.rank - b.rank);
  return fills.map((entry) => entry.fill);
}

/** Step 1: re-applies `fills` to a venue that has seen nothing yet. */
export function replayFills(venue: SimulatedVenue, fills: readonly Fill[]): void {
  let ts = 0;
  let sequence = 0;
  const replay = new OrderManager({ venue, now: () => ts, nextClientOrderId: () => `RECOVERY-${++sequence}` as ClientOrderId });
  for (const fill of fills) {
    ts = fill.ts;
    const quote: QuoteTick = { instrumentId: fill.instrumentId, bid: fill.price, ask: fill.price, bidSize: fill.qty, askSize: fill.qty, ts: fill.ts };
    venue.processQuote(quote);
    const order = replay.submit({ instrumentId: fill.instrumentId, type: 'MARKET', side: fill.side, quantity: fill.qty, timeInForce: 'IOC' });
    if (order.status !== 'FILLED' || order.avgFillPrice !== fill.price) {
      throw new NwsError(
        ErrorCode.Internal,
        `restart recovery could not replay fill ${fill.tradeId} of order ${fill.clientOrderId} (${fill.side} ${fill.qty} ${fill.instrumentId} @ ${fill.price}): ${orderReason(order) ?? order.status}`,
      );
    }
  }
  settleReplayedMarkets(venue, fills);
}

/**
 * The replay leaves each instrument quoted at its last fill price, and the venue matches a new
 * order against the current quote on arrival: a restored limit at that price would fill against
 * a market that is long gone. A flat bar at the same price (no orders are working, so it only
 * marks the book) makes the venue wait for the next live quote before matching anything.
 */
function settleReplayedMarkets(venue: SimulatedVenue, fills: readonly Fill[]): void {
  const lastFill = new Map<string, Fill>();
  for (const fill of fills) lastFill.set(fill.instrumentId, fill);
  for (const fill of lastFill.values()) {
    const price = fill.price;
    venue.processBar({ barType: barType(fill.instrumentId, '1s'), ts: fill.ts, open: price, high: price, low: price, close: price, volume: 0 });
  }
}

/**
 * Step 2: re-submits every open journalled order on `venueId` to `manager` (whose risk check
 * must let them through: they were approved when first sent). An order the venue no longer
 * takes (e.g. its GTD time passed while the Host was down) is journalled as canceled with why.
 */
export function restoreOpenOrders(manager: OrderManager, journal: PaperJournal, source: RecoverySource, venueId: string, now: number): Order[] {
  const restored: Order[] = [];
  const open = source.openOrders().filter((order) => order.instrumentId.endsWith(`.${venueId}`));
  const openIds = new Set<string>(open.map((order) => order.clientOrderId));
  for (const order of open) {
    const lastSequence = source.orderEvents(order.clientOrderId).at(-1)?.sequence ?? 0;
    journal.restore(order, lastSequence, () => manager.submit(remainingRequest(order, openIds)));
    const current = manager.order(order.clientOrderId)!;
    // Refused on arrival (nothing filled, its events unwritten): say so in the journal.
    if (isTerminal(current.status) && current.filledQty === 0) {
      const reason = `not restored after restart: ${orderReason(current) ?? current.status}`;
      const canceled = { ...order, status: 'CANCELED', tsLast: now, reason } as unknown as Order;
      source.journalOrder({ clientOrderId: order.clientOrderId, sequence: lastSequence + 1, kind: 'OrderCanceled', ts: now, order: canceled });
      continue;
    }
    restored.push(journal.present(current));
  }
  return restored;
}

/** Order fields that are state, not request. */
const STATE_FIELDS = new Set(['status', 'filledQty', 'leavesQty', 'avgFillPrice', 'tsInit', 'tsLast', 'venueOrderId', 'reason']);

/** The request that works what is left of `order`. */
function remainingRequest(order: Order, openIds: ReadonlySet<string>): OrderRequest {
  const request: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(order)) if (!STATE_FIELDS.has(field) && value !== undefined) request[field] = value;
  request.quantity = order.leavesQty;
  if (request.contingency === 'none') delete request.contingency;
  if (request.reduceOnly === false) delete request.reduceOnly;
  // A bracket exit whose entry already filled is active at once: the venue need not wait for it.
  if (typeof request.parentOrderId === 'string' && !openIds.has(request.parentOrderId)) delete request.parentOrderId;
  return request as unknown as OrderRequest;
}
