// What the venue still knows of an order once it is done: it keeps only the id and whether the
// order filled (not the working order), and every answer about a finished id must stay the same.
import { describe, expect, it } from 'vitest';
import { barType, testkit } from '@nws/core';
import type { Bar, ClientOrderId, StrategyId } from '@nws/core';
import { markRiskApproved } from './risk-gate.js';
import type { VenueOrderRequest } from './risk-gate.js';
import { SimulatedVenue } from './simulated-venue.js';
import type { VenueEvent } from './venue.js';

const T0 = Date.UTC(2024, 0, 2, 14, 30);
const MINUTE = 60_000;

function venueWithEvents() {
  const instrument = testkit.instruments.aapl();
  const venue = new SimulatedVenue({ instruments: [instrument] });
  const events: VenueEvent[] = [];
  venue.setEventHandler((event) => events.push(event));
  const type = barType(instrument.id, '1m');
  let ts = T0;
  const bar = (open: number, high: number, low: number, close: number): void => {
    const next: Bar = { barType: type, ts, open, high, low, close, volume: 1_000_000 };
    ts += MINUTE;
    venue.processBar(next);
  };
  /** A market buy of 10 unless `fields` say otherwise (plain values: the test builds requests by hand). */
  const send = (fields: Record<string, unknown> & { clientOrderId: string }): void => {
    const request = { instrumentId: instrument.id, type: 'MARKET', side: 'BUY', quantity: 10, timeInForce: 'GTC', strategyId: 'S-1' as StrategyId, ...fields };
    venue.submit(markRiskApproved(request as VenueOrderRequest));
  };
  /** Event kinds about one id, in order. */
  const kindsOf = (clientOrderId: string): string[] =>
    events.filter((event) => (event.kind === 'filled' ? event.fill.clientOrderId : event.clientOrderId) === clientOrderId).map((event) => event.kind);
  return { venue, events, bar, send, kindsOf };
}

describe('finished orders on the simulated venue', () => {
  it('refuse a reused client order id after the order filled or was canceled', () => {
    const { venue, events, bar, send, kindsOf } = venueWithEvents();
    bar(100, 101, 99, 100);
    send({ clientOrderId: 'A-1' });
    send({ clientOrderId: 'A-2', type: 'LIMIT', price: 50 });
    bar(101, 102, 100, 101);
    venue.cancel('A-2' as ClientOrderId);
    expect(kindsOf('A-1')).toEqual(['accepted', 'filled']);
    expect(kindsOf('A-2')).toEqual(['accepted', 'canceled']);
    events.length = 0;
    send({ clientOrderId: 'A-1' });
    send({ clientOrderId: 'A-2' });
    expect(events).toEqual([
      { kind: 'rejected', clientOrderId: 'A-1', reason: 'client order id A-1 is already on the venue', ts: T0 + 2 * MINUTE },
      { kind: 'rejected', clientOrderId: 'A-2', reason: 'client order id A-2 is already on the venue', ts: T0 + 2 * MINUTE },
    ]);
  });

  it('ignore a cancel and reject a modify of a finished order', () => {
    const { venue, events, bar, send } = venueWithEvents();
    bar(100, 101, 99, 100);
    send({ clientOrderId: 'B-1' });
    bar(101, 102, 100, 101);
    events.length = 0;
    venue.cancel('B-1' as ClientOrderId);
    expect(events).toEqual([]);
    const modify = { instrumentId: 'AAPL.XNAS', type: 'MARKET', side: 'BUY', quantity: 20, timeInForce: 'GTC', strategyId: 'S-1', clientOrderId: 'B-1' };
    venue.modify(markRiskApproved(modify as VenueOrderRequest));
    expect(events).toEqual([{ kind: 'modify-rejected', clientOrderId: 'B-1', reason: 'order is not working on the venue', ts: T0 + 2 * MINUTE }]);
  });

  it('activate an exit at once when its parent already filled, and hold it when the parent ended unfilled', () => {
    const { venue, bar, send, kindsOf } = venueWithEvents();
    bar(100, 101, 99, 100);
    send({ clientOrderId: 'P-1' });
    send({ clientOrderId: 'P-2', type: 'LIMIT', price: 50 });
    bar(101, 102, 100, 101);
    venue.cancel('P-2' as ClientOrderId);
    // Exits sent after their parents ended: the filled parent's exit works, the other waits.
    send({ clientOrderId: 'X-1', side: 'SELL', quantity: 10, parentOrderId: 'P-1' });
    send({ clientOrderId: 'X-2', side: 'SELL', quantity: 10, parentOrderId: 'P-2' });
    bar(102, 103, 101, 102);
    expect(kindsOf('X-1')).toEqual(['accepted', 'filled']);
    expect(kindsOf('X-2')).toEqual(['accepted']);
    expect(venue.position(testkit.instruments.aapl().id)?.netQty).toBe(0);
  });
});
