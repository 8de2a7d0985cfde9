import type Database from 'better-sqlite3';
import {
  ErrorCode,
  NwsError,
  ORDER_STATUSES,
  clientOrderIdSchema,
  describeIssues,
  fillSchema,
  instrumentIdSchema,
  isTerminal,
  strategyIdSchema,
} from '@nws/core';
import type { ClientOrderId, Fill, Order } from '@nws/core';
import { z } from 'zod';
import { canonicalJson, toJsonValue } from '../json-value.js';

/**
 * One order event as journalled: the event's name and time, its place in the order's sequence
 * (1, 2, 3, ... per client order id), and the order's full state AFTER the event.
 */
export interface OrderJournalEvent {
  clientOrderId: ClientOrderId | string;
  /** 1 for the order's first event, then +1 per event; no gaps. */
  sequence: number;
  /** Nautilus event name: OrderInitialized, OrderSubmitted, OrderAccepted, OrderFilled, ... */
  kind: string;
  /** When the event happened, epoch ms UTC. */
  ts: number;
  order: Order;
}

/** `journaled`: written now. `duplicate`: the identical record was already there; nothing changed. */
export type JournalOutcome = 'journaled' | 'duplicate';

export interface FillJournalResult {
  fill: JournalOutcome;
  orderEvent?: JournalOutcome;
}

const journaledOrderSchema = z.looseObject({
  clientOrderId: clientOrderIdSchema,
  strategyId: strategyIdSchema,
  instrumentId: instrumentIdSchema,
  status: z.enum(ORDER_STATUSES),
  tsInit: z.number().int(),
  tsLast: z.number().int(),
});

const orderEventSchema = z
  .strictObject({
    clientOrderId: clientOrderIdSchema,
    sequence: z.number().int().min(1),
    kind: z.string().regex(/^Order[A-Z][A-Za-z]*$/, 'must be a Nautilus order event name such as OrderAccepted'),
    ts: z.number().int(),
    order: journaledOrderSchema,
  })
  .superRefine((event, ctx) => {
    if (event.order.clientOrderId !== event.clientOrderId) {
      ctx.addIssue({ code: 'custom', path: ['order', 'clientOrderId'], message: `must be the event's clientOrderId '${event.clientOrderId}'` });
    }
  });

type CheckedEvent = z.output<typeof orderEventSchema> & { body: string; orderBody: string };
type CheckedFill = Fill & { body: string };

/** Statuses after which an order will not work at the venue again, from core's table. */
const TERMINAL_STATUSES = ORDER_STATUSES.filter(isTerminal);

/**
 * The order journal in the state file. Every write is one SQLite transaction that has committed
 * (synchronous=FULL: on disk, not only in the OS cache) when the method returns, so the caller
 * may act on the order only after the call: "journal before act".
 */
export class OrderJournal {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {
    this.statements = {
      selectEvent: db.prepare<[string, number], { body: string }>('SELECT body FROM order_events WHERE client_order_id = ? AND sequence = ?'),
      selectSequence: db.prepare<[string], { last_sequence: number }>('SELECT last_sequence FROM orders WHERE client_order_id = ?'),
      upsertOrder: db.prepare(
        `INSERT INTO orders (client_order_id, strategy_id, instrument_id, status, last_sequence, ts_init, ts_last, body)
         VALUES (@clientOrderId, @strategyId, @instrumentId, @status, @sequence, @tsInit, @tsLast, @body)
         ON CONFLICT (client_order_id) DO UPDATE SET strategy_id = excluded.strategy_id, instrument_id = excluded.instrument_id,
           status = excluded.status, last_sequence = excluded.last_sequence, ts_init = excluded.ts_init,
           ts_last = excluded.ts_last, body = excluded.body`,
      ),
      insertEvent: db.prepare(
        'INSERT INTO order_events (client_order_id, sequence, kind, ts, body, journaled_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      selectFill: db.prepare<[string, string], { body: string }>('SELECT body FROM fills WHERE client_order_id = ? AND trade_id = ?'),
      insertFill: db.prepare(
        `INSERT INTO fills (client_order_id, trade_id, instrument_id, side, qty, price, ts, body, journaled_at)
         VALUES (@clientOrderId, @tradeId, @instrumentId, @side, @qty, @price, @ts, @body, @journaledAt)`,
      ),
      selectOrder: db.prepare<[string], { body: string }>('SELECT body FROM orders WHERE client_order_id = ?'),
      selectOpenOrders: db.prepare<[], { body: string }>(
        `SELECT body FROM orders WHERE status NOT IN (${TERMINAL_STATUSES.map((status) => `'${status}'`).join(', ')})
         ORDER BY ts_init, client_order_id`,
      ),
      selectEvents: db.prepare<[string], { body: string }>('SELECT body FROM order_events WHERE client_order_id = ? ORDER BY sequence'),
      selectFills: db.prepare<[string], { body: string }>('SELECT body FROM fills WHERE client_order_id = ? ORDER BY rowid'),
    };
  }

  journalOrder(event: OrderJournalEvent): JournalOutcome {
    const checked = checkEvent(event);
    return this.db.transaction(() => this.applyEvent(checked)).immediate();
  }

  journalFill(fill: Fill, orderEvent?: OrderJournalEvent): FillJournalResult {
    const checkedFill = checkFill(fill);
    const checkedEvent = orderEvent === undefined ? undefined : checkEvent(orderEvent);
    if (checkedEvent !== undefined && checkedEvent.clientOrderId !== checkedFill.clientOrderId) {
      throw new NwsError(
        ErrorCode.InvalidArgument,
        `fill of order '${checkedFill.clientOrderId}' came with an event of order '${checkedEvent.clientOrderId}'`,
      );
    }
    return this.db
      .transaction((): FillJournalResult => {
        const eventOutcome = checkedEvent === undefined ? undefined : this.applyEvent(checkedEvent);
        const fillOutcome = this.applyFill(checkedFill);
        return eventOutcome === undefined ? { fill: fillOutcome } : { fill: fillOutcome, orderEvent: eventOutcome };
      })
      .immediate();
  }

  getOrder(clientOrderId: string): Order | undefined {
    const row = this.statements.selectOrder.get(checkClientOrderId(clientOrderId));
    return row === undefined ? undefined : (JSON.parse(row.body) as Order);
  }

  /** Orders not yet in a terminal status (including INITIALIZED and SUBMITTED), oldest first. */
  openOrders(): Order[] {
    return this.statements.selectOpenOrders.all().map((row) => JSON.parse(row.body) as Order);
  }

  orderEvents(clientOrderId: string): OrderJournalEvent[] {
    return this.statements.selectEvents.all(checkClientOrderId(clientOrderId)).map((row) => JSON.parse(row.body) as OrderJournalEvent);
  }

  /** Fills of one order in the order they were journalled. */
  fillsFor(clientOrderId: string): Fill[] {
    return this.statements.selectFills.all(checkClientOrderId(clientOrderId)).map((row) => JSON.parse(row.body) as Fill);
  }

  private applyEvent(event: CheckedEvent): JournalOutcome {
    const { clientOrderId, sequence } = event;
    const existing = this.statements.selectEvent.get(clientOrderId, sequence);
    if (existing !== undefined) {
      if (existing.body === event.body) return 'duplicate';
      throw new NwsError(
        ErrorCode.Conflict,
        `order ${clientOrderId} event ${sequence} is already journalled with different content; events are never rewritten`,
        { clientOrderId, sequence },
      );
    }
    const journalled = this.statements.selectSequence.get(clientOrderId)?.last_sequence ?? 0;
    if (sequence !== journalled + 1) {
      throw new NwsError(
        ErrorCode.Conflict,
        `order ${clientOrderId} event ${sequence} is out of sequence: the journal holds events 1..${journalled}, the next must be ${journalled + 1}`,
        { clientOrderId, sequence, expected: journalled + 1 },
      );
    }
    const { order } = event;
    this.statements.upsertOrder.run({
      clientOrderId,
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      status: order.status,
      sequence,
      tsInit: order.tsInit,
      tsLast: order.tsLast,
      body: event.orderBody,
    });
    this.statements.insertEvent.run(clientOrderId, sequence, event.kind, event.ts, event.body, this.now());
    return 'journaled';
  }

  private applyFill(fill: CheckedFill): JournalOutcome {
    const existing = this.statements.selectFill.get(fill.clientOrderId, fill.tradeId);
    if (existing !== undefined) {
      if (existing.body === fill.body) return 'duplicate';
      throw new NwsError(
        ErrorCode.Conflict,
        `fill ${fill.tradeId} of order ${fill.clientOrderId} is already journalled with different content`,
        { clientOrderId: fill.clientOrderId, tradeId: fill.tradeId },
      );
    }
    if (this.statements.selectSequence.get(fill.clientOrderId) === undefined) {
      throw new NwsError(
        ErrorCode.NotFound,
        `order ${fill.clientOrderId} is not journalled; journal the order before its fills`,
        { clientOrderId: fill.clientOrderId },
      );
    }
    this.statements.insertFill.run({
      clientOrderId: fill.clientOrderId,
      tradeId: fill.tradeId,
      instrumentId: fill.instrumentId,
      side: fill.side,
      qty: fill.qty,
      price: fill.price,
      ts: fill.ts,
      body: fill.body,
      journaledAt: this.now(),
    });
    return 'journaled';
  }
}

function checkEvent(event: OrderJournalEvent): CheckedEvent {
  const json = toJsonValue(event, 'order event');
  const parsed = orderEventSchema.safeParse(json);
  if (!parsed.success) throw new NwsError(ErrorCode.InvalidArgument, `invalid order event: ${describeIssues(parsed.error.issues)}`, parsed.error.issues);
  const order = (json as { order: Parameters<typeof canonicalJson>[0] }).order;
  return { ...parsed.data, body: canonicalJson(json), orderBody: canonicalJson(order) };
}

function checkFill(fill: Fill): CheckedFill {
  const json = toJsonValue(fill, 'fill');
  const parsed = fillSchema.safeParse(json);
  if (!parsed.success) throw new NwsError(ErrorCode.InvalidArgument, `invalid fill: ${describeIssues(parsed.error.issues)}`, parsed.error.issues);
  return { ...(parsed.data as Fill), body: canonicalJson(json) };
}

function checkClientOrderId(clientOrderId: string): string {
  const parsed = clientOrderIdSchema.safeParse(clientOrderId);
  if (!parsed.success) throw new NwsError(ErrorCode.InvalidArgument, describeIssues(parsed.error.issues));
  return parsed.data;
}
