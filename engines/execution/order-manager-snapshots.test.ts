// The order manager writes an order's next state into the same object while nobody outside
// holds it, and copies once it has been handed out. These tests run without journal and
// listeners (the backtest's setting, where the in-place path is taken) and check that no
// snapshot anyone was given ever changes.
import { describe, expect, it } from 'vitest';
import { barType, testkit } from '@nws/core';
import type { Bar, ClientOrderId, Fill, Order } from '@nws/core';
import { OrderManager } from './order-manager.js';
import { SimulatedVenue } from './simulated-venue.js';

const MINUTE = 60_000;

function bareManager() {
  const instrument = testkit.instruments.aapl();
  const venue = new SimulatedVenue({ instruments: [instrument] });
  let sequence = 0;
  const manager = new OrderManager({ venue, now: () => venue.now(), nextClientOrderId: () => `O-${++sequence}` as ClientOrderId });
  const type = barType(instrument.id, '1m');
  let ts = Date.UTC(2024, 0, 2, 14, 30);
  const bar = (open: number, high = open + 1, low = open - 1, close = open): void => {
    const next: Bar = { barType: type, ts, open, high, low, close, volume: 1_000_000 };
    ts += MINUTE;
    venue.processBar(next);
  };
  return { instrument, venue, manager, bar };
}

describe('order snapshots', () => {
  it('an order asked for before its fill still reads as it was; the one after reads FILLED', () => {
    const { instrument, manager, bar } = bareManager();
    bar(100);
    const id = manager.place({ instrumentId: instrument.id, type: 'MARKET', side: 'BUY', quantity: 10 });
    const beforeFill = manager.order(id)!;
    expect(beforeFill).toMatchObject({ status: 'ACCEPTED', filledQty: 0, leavesQty: 10 });
    bar(101);
    const afterFill = manager.order(id)!;
    expect(afterFill).not.toBe(beforeFill);
    expect(afterFill).toMatchObject({ status: 'FILLED', filledQty: 10, leavesQty: 0, avgFillPrice: 101 });
    expect(beforeFill).toMatchObject({ status: 'ACCEPTED', filledQty: 0, leavesQty: 10 });
    expect(beforeFill.avgFillPrice).toBeUndefined();
  });

  it('the order submit returns is not changed by the fill that follows', () => {
    const { instrument, manager, bar } = bareManager();
    bar(100);
    const submitted = manager.submit({ instrumentId: instrument.id, type: 'LIMIT', side: 'BUY', quantity: 5, price: 99 });
    expect(submitted.status).toBe('ACCEPTED');
    bar(99.5, 100, 98, 99);
    expect(manager.order(submitted.clientOrderId)).toMatchObject({ status: 'FILLED', avgFillPrice: 99 });
    expect(submitted).toMatchObject({ status: 'ACCEPTED', filledQty: 0 });
  });

  it('a listener added half way gets a new object per event, each keeping the status it was sent with', () => {
    const { instrument, manager, bar } = bareManager();
    bar(100);
    // Placed before anyone listens: its first states are written in place.
    const id = manager.place({ instrumentId: instrument.id, type: 'LIMIT', side: 'BUY', quantity: 10, price: 95 });
    const heard: Array<{ order: Order; status: string; filledQty: number }> = [];
    manager.onOrderUpdate((order) => heard.push({ order, status: order.status, filledQty: order.filledQty }));
    manager.modify(id, { price: 96 });
    bar(97, 98, 95.5, 96);
    manager.cancel(manager.place({ instrumentId: instrument.id, type: 'LIMIT', side: 'BUY', quantity: 1, price: 50 }));
    const ofFirst = heard.filter((entry) => entry.order.clientOrderId === id);
    expect(ofFirst.map((entry) => entry.status)).toEqual(['PENDING_UPDATE', 'ACCEPTED', 'FILLED']);
    expect(new Set(heard.map((entry) => entry.order)).size).toBe(heard.length);
    for (const entry of heard) {
      expect(entry.order.status).toBe(entry.status);
      expect(entry.order.filledQty).toBe(entry.filledQty);
    }
  });

  it('onFillOnly hears each fill with the position after it, and makes no order snapshot', () => {
    const { instrument, manager, bar } = bareManager();
    // The position is valid during the call (the venue updates it in place later): read it there.
    const heard: Array<[Fill, number | undefined]> = [];
    manager.onFillOnly((fill, position) => heard.push([fill, position?.netQty]));
    bar(100);
    const buy = manager.place({ instrumentId: instrument.id, type: 'MARKET', side: 'BUY', quantity: 10 });
    bar(101);
    const sell = manager.placeClose(instrument.id);
    bar(102);
    expect(heard.map(([fill, netQty]) => [fill.clientOrderId, fill.side, fill.price, netQty])).toEqual([
      [buy, 'BUY', 101, 10],
      [sell, 'SELL', 102, 0],
    ]);
    expect(manager.placeClose(instrument.id)).toBeUndefined();
    expect(manager.order(sell!)).toMatchObject({ status: 'FILLED', reduceOnly: true, quantity: 10 });
  });

  it('a refused transition changes nothing, in place or not', () => {
    const { instrument, manager, bar } = bareManager();
    bar(100);
    const id = manager.place({ instrumentId: instrument.id, type: 'MARKET', side: 'BUY', quantity: 10 });
    bar(100);
    const filled = manager.order(id)!;
    expect(() => manager.cancel(id)).toThrowError(/FILLED and cannot be canceled/);
    expect(manager.order(id)).toBe(filled);
    expect(filled.status).toBe('FILLED');
  });
});
