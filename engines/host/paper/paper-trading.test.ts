// PaperTrading with real components: a SQLite StateStore in a temp dir, the real message bus,
// quotes published on it as the live simulator does. Restart = stop, close the store, reopen.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageBus, NwsError, SimulatedClock, applyFillToOrder, defineInstrument, patterns, testkit, topics } from '@nws/core';
import type { Fill, Instrument, InstrumentId, Order, Position } from '@nws/core';
import { StateStore } from '@nws/storage';
import { definePaperTradingConfig } from './config.js';
import { PaperTrading } from './paper-trading.js';

const AAA = 'AAA.SIM' as InstrumentId;
const BBB = 'BBB.SIM' as InstrumentId;

function simInstrument(symbol: string): Readonly<Instrument> {
  return defineInstrument({ id: `${symbol}.SIM`, symbol, venue: 'SIM', assetClass: 'equity', currency: 'USD', tickSize: 0.01, lotSize: 1, multiplier: 1, pricePrecision: 2 });
}

let dir: string;
let store: StateStore;
let bus: MessageBus;
let clock: SimulatedClock;
let paper: PaperTrading;
const START = Date.UTC(2026, 0, 5, 15, 0, 0);

function open(): PaperTrading {
  store = StateStore.open(join(dir, 'state.sqlite'));
  bus = new MessageBus({ name: 'test' });
  paper = PaperTrading.start({ bus, store, clock, instruments: [simInstrument('AAA'), simInstrument('BBB')] });
  return paper;
}

function restart(): PaperTrading {
  paper.stop();
  bus.close();
  store.close();
  return open();
}

function quote(instrumentId: InstrumentId, bid: number, ask: number): void {
  clock.advanceTo(clock.now() + 250);
  bus.publish(topics.quotes(instrumentId), { instrumentId, bid, ask, bidSize: 500, askSize: 500, ts: clock.now() });
}

const { errorOf } = testkit;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nws-paper-'));
  clock = new SimulatedClock(START);
  open();
});

afterEach(() => {
  paper.stop();
  bus.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('PaperTrading orders', () => {
  it('trades an instrument stored after it started (an import) without a restart; one of another venue stays refused', () => {
    const CCC = 'CCC.SIM' as InstrumentId;
    const otherVenue = defineInstrument({ id: 'DDD.XNAS', symbol: 'DDD', venue: 'XNAS', assetClass: 'equity', currency: 'USD', tickSize: 0.01, lotSize: 1, multiplier: 1, pricePrecision: 2 });
    expect(paper.trades(CCC)).toBe(false);
    store.upsertInstrument(simInstrument('CCC'));
    store.upsertInstrument(otherVenue);
    // Taken on when first asked about (a run, a replay or an order); from then on its quotes count.
    expect(paper.trades(CCC)).toBe(true);
    quote(CCC, 20, 20.02);

    const order = paper.submit({ instrumentId: CCC, type: 'MARKET', side: 'BUY', quantity: 10 });
    expect(order.status).toBe('FILLED');
    expect(paper.venue.position(CCC)?.netQty).toBe(10);
    expect(paper.trades(otherVenue.id)).toBe(false);
    // A restart that hands the account AAA and BBB only still recovers the position: its fills
    // name CCC, which the store has.
    const reopened = restart();
    expect(reopened.venue.position(CCC)?.netQty).toBe(10);
    expect(reopened.account().cash).toBeCloseTo(paper.venue.config.startingCash - 10 * 20.02, 9);
  });

  it('fills a market order at the ask, keeps a far limit working, and publishes orders, fills and positions', () => {
    const published: { orders: Order[]; fills: Fill[]; positions: Position[] } = { orders: [], fills: [], positions: [] };
    bus.subscribe(patterns.orders(), (order) => void published.orders.push(order));
    bus.subscribe(patterns.fills(), (fill) => void published.fills.push(fill));
    bus.subscribe(patterns.positions(), (position) => void published.positions.push(position));
    quote(AAA, 99.9, 100.1);

    const market = paper.submit({ instrumentId: AAA, type: 'MARKET', side: 'BUY', quantity: 10 });
    const limit = paper.submit({ instrumentId: AAA, type: 'LIMIT', side: 'BUY', quantity: 5, price: 95 });
    quote(AAA, 98, 98.2);

    expect(market).toMatchObject({ status: 'FILLED', filledQty: 10, avgFillPrice: 100.1 });
    expect(paper.orders().open.map((order) => [order.clientOrderId, order.status])).toEqual([[limit.clientOrderId, 'ACCEPTED']]);
    expect(paper.positions()).toEqual([expect.objectContaining({ instrumentId: AAA, netQty: 10, avgOpenPrice: 100.1 })]);
    expect(paper.account().cash).toBeCloseTo(100_000 - 1_001, 6);
    expect(published.fills.map((fill) => [fill.clientOrderId, fill.qty, fill.price])).toEqual([[market.clientOrderId, 10, 100.1]]);
    expect(published.positions.at(-1)).toMatchObject({ instrumentId: AAA, netQty: 10 });
    expect(published.orders.filter((order) => order.clientOrderId === limit.clientOrderId).map((order) => order.status)).toEqual(['INITIALIZED', 'SUBMITTED', 'ACCEPTED']);
    // Journal before act: the store holds the same states.
    expect(store.getOrder(market.clientOrderId)).toMatchObject({ status: 'FILLED', filledQty: 10 });
    expect(store.fillsFor(market.clientOrderId)).toHaveLength(1);
  });

  it('refuses with the risk reason, the venue reason, or the invalid field, and changes nothing', () => {
    quote(AAA, 99.9, 100.1);
    const tooBig = errorOf(() => paper.submit({ instrumentId: AAA, type: 'MARKET', side: 'BUY', quantity: 300 }));
    expect(tooBig.code).toBe('INVALID_ORDER');
    expect(tooBig.message).toMatch(/refused by risk: max-order-notional .* exceeds limit 25,?000/);
    const fatFinger = errorOf(() => paper.submit({ instrumentId: AAA, type: 'LIMIT', side: 'BUY', quantity: 1, price: 50 }));
    expect(fatFinger.message).toContain('price-band');
    const shortSale = errorOf(() => paper.submit({ instrumentId: AAA, type: 'MARKET', side: 'SELL', quantity: 1 }));
    expect(shortSale.code).toBe('INVALID_ORDER');
    expect(shortSale.message).toMatch(/rejected by venue SIM/);
    const invalid = errorOf(() => paper.submit({ instrumentId: AAA, type: 'LIMIT', side: 'BUY', quantity: 1 }));
    expect(invalid.code).toBe('INVALID_ORDER');
    expect(invalid.message).toContain('price');
    expect(paper.orders().open).toEqual([]);
    expect(paper.positions()).toEqual([]);
    expect(paper.account().cash).toBe(100_000);
  });

  it('cancels a working order, and names an unknown or finished one', () => {
    quote(AAA, 99.9, 100.1);
    const limit = paper.submit({ instrumentId: AAA, type: 'LIMIT', side: 'BUY', quantity: 5, price: 95 });
    expect(paper.cancel(limit.clientOrderId)).toMatchObject({ status: 'CANCELED' });
    expect(paper.orders().open).toEqual([]);
    expect(paper.orders().recent.map((order) => [order.clientOrderId, order.status])).toEqual([[limit.clientOrderId, 'CANCELED']]);
    expect(errorOf(() => paper.cancel('P-NOPE')).code).toBe('NOT_FOUND');
    expect(errorOf(() => paper.cancel(limit.clientOrderId)).code).toBe('ILLEGAL_TRANSITION');
  });

  it('lists the limits with their utilisation', () => {
    quote(AAA, 99.9, 100.1);
    paper.submit({ instrumentId: AAA, type: 'LIMIT', side: 'BUY', quantity: 1, price: 95 });
    const limits = paper.limits();
    expect(limits.map((limit) => limit.id)).toEqual(expect.arrayContaining(['max-open-orders:account', 'daily-loss:account']));
    const openOrders = limits.find((limit) => limit.id === 'max-open-orders:account')!;
    expect(openOrders.utilisation).toMatchObject({ value: 1, threshold: 50, level: 'ok' });
  });
});

describe('PaperTrading configuration', () => {
  it('takes the limits stored under risk.limits instead of the defaults', () => {
    store.setSetting('risk.limits', [{ type: 'max-order-quantity', maxQuantity: 3 }]);
    restart();
    expect(paper.limits().map((limit) => limit.id)).toEqual(['max-order-quantity:account']);
    quote(AAA, 99.9, 100.1);
    expect(errorOf(() => paper.submit({ instrumentId: AAA, type: 'MARKET', side: 'BUY', quantity: 5 })).message).toContain('max-order-quantity');
    expect(paper.submit({ instrumentId: AAA, type: 'MARKET', side: 'BUY', quantity: 3 }).status).toBe('FILLED');
  });

  it('names every bad config field at once', () => {
    const error = errorOf(() => definePaperTradingConfig({ recentOrders: -1, monitorIntervalMs: 10_000 }));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain('recentOrders');
    expect(error.message).toContain('monitorIntervalMs');
  });
});

describe('PaperTrading restart recovery', () => {
  it('comes back with the same open orders, positions, cash and journal sequence', () => {
    quote(AAA, 99.9, 100.1);
    quote(BBB, 49.9, 50.1);
    paper.submit({ instrumentId: AAA, type: 'MARKET', side: 'BUY', quantity: 20 });
    quote(AAA, 101.9, 102.1);
    paper.submit({ instrumentId: AAA, type: 'MARKET', side: 'SELL', quantity: 5 });
    paper.submit({ instrumentId: BBB, type: 'MARKET', side: 'BUY', quantity: 100 });
    const working = paper.submit({ instrumentId: AAA, type: 'LIMIT', side: 'SELL', quantity: 7, price: 110 });
    const before = { open: paper.orders().open, positions: paper.positions(), cash: paper.account().cash, realized: paper.account().realizedPnl };

    restart();

    expect(paper.orders().open).toEqual(before.open);
    expect(paper.positions()).toEqual(before.positions);
    expect(paper.account().cash).toBeCloseTo(before.cash, 9);
    expect(paper.account().realizedPnl).toBeCloseTo(before.realized, 9);
    expect(before.realized).toBeCloseTo(5 * (101.9 - 100.1), 9);
    // The restored order keeps working: it fills on the market and its journal continues.
    quote(AAA, 110, 110.2);
    expect(store.getOrder(working.clientOrderId)).toMatchObject({ status: 'FILLED', filledQty: 7, venueOrderId: before.open[0]!.venueOrderId, tsInit: working.tsInit });
    expect(store.orderEvents(working.clientOrderId).map((event) => [event.sequence, event.kind])).toEqual([
      [1, 'OrderInitialized'],
      [2, 'OrderSubmitted'],
      [3, 'OrderAccepted'],
      [4, 'OrderFilled'],
    ]);
    expect(paper.positions().find((position) => position.instrumentId === AAA)).toMatchObject({ netQty: 8 });
  });

  it('restores a partly filled order as the continuation of its journal', () => {
    // Quote fills are all-or-nothing, so the partial fill is written to the journal as a
    // trade-driven venue would have written it: the journal is what recovery trusts.
    quote(AAA, 99.9, 100.1);
    const order = paper.submit({ instrumentId: AAA, type: 'LIMIT', side: 'BUY', quantity: 50, price: 99 });
    const journalled = store.getOrder(order.clientOrderId)!;
    const fill = testkit.fills.of(journalled, { qty: 20, price: 99, ts: clock.now(), venueOrderId: journalled.venueOrderId! });
    const partly = applyFillToOrder(journalled, { qty: fill.qty, price: fill.price, ts: fill.ts, venueOrderId: fill.venueOrderId });
    store.journalFill(fill, { clientOrderId: order.clientOrderId, sequence: 4, kind: 'OrderFilled', ts: fill.ts, order: partly });

    restart();
    expect(paper.orders().open).toEqual([partly]);
    expect(paper.positions()).toEqual([expect.objectContaining({ instrumentId: AAA, netQty: 20, avgOpenPrice: 99 })]);
    quote(AAA, 98.7, 98.9);
    expect(store.getOrder(order.clientOrderId)).toMatchObject({ status: 'FILLED', quantity: 50, filledQty: 50, leavesQty: 0, tsInit: order.tsInit });
    expect(store.getOrder(order.clientOrderId)!.avgFillPrice).toBeCloseTo((20 * 99 + 30 * 98.9) / 50, 9);
    expect(store.orderEvents(order.clientOrderId).map((event) => event.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(paper.positions()[0]).toMatchObject({ netQty: 50 });
  });
});

describe('PaperTrading kill switch', () => {
  it('cancels open orders, flattens positions, refuses new orders until re-armed, across a restart', () => {
    quote(AAA, 99.9, 100.1);
    paper.submit({ instrumentId: AAA, type: 'MARKET', side: 'BUY', quantity: 10 });
    const working = paper.submit({ instrumentId: AAA, type: 'LIMIT', side: 'BUY', quantity: 5, price: 95 });

    const report = paper.kill({ reason: 'test', flatten: true });
    expect(report).toMatchObject({ canceledOrders: 1, flattened: [AAA], status: { engaged: true, reason: 'test' } });
    quote(AAA, 99.8, 100);
    expect(store.getOrder(working.clientOrderId)?.status).toBe('CANCELED');
    expect(paper.positions()[0]).toMatchObject({ netQty: 0 });
    const refused = errorOf(() => paper.submit({ instrumentId: AAA, type: 'MARKET', side: 'BUY', quantity: 1 }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('kill switch engaged (test)');

    restart();
    expect(paper.killStatus()).toMatchObject({ engaged: true, reason: 'test' });
    expect(paper.orders().open).toEqual([]);
    expect(errorOf(() => paper.submit({ instrumentId: AAA, type: 'MARKET', side: 'BUY', quantity: 1 })).code).toBe('CONFLICT');
    expect(paper.rearm('tester')).toMatchObject({ engaged: false, rearmedBy: 'tester' });
    quote(AAA, 99.9, 100.1);
    expect(paper.submit({ instrumentId: AAA, type: 'MARKET', side: 'BUY', quantity: 1 }).status).toBe('FILLED');
  });
});
