// PaperTrading's replay hooks with real components (SQLite in a temp dir, the real bus): bar-driven
// fills per instrument, each bar counted once, and order times from a followed replay clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageBus, NwsError, SimulatedClock, barType, topics } from '@nws/core';
import type { Bar, InstrumentId } from '@nws/core';
import { StateStore } from '@nws/storage';
import { PaperTrading } from './paper-trading.js';
import { simInstrument } from './replay-fixtures.js';

const AAA = 'AAA.SIM' as InstrumentId;
const BBB = 'BBB.SIM' as InstrumentId;
const WALL = Date.UTC(2026, 0, 5, 15, 0);
const BAR_TIME = Date.UTC(2025, 2, 3, 14, 30);

let dir: string;
let store: StateStore;
let bus: MessageBus;
let paper: PaperTrading;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nws-paper-replay-'));
  store = StateStore.open(join(dir, 'state.sqlite'));
  bus = new MessageBus({ name: 'paper-replay-test' });
  paper = PaperTrading.start({ bus, store, clock: new SimulatedClock(WALL), instruments: [simInstrument('AAA'), simInstrument('BBB')] });
});

afterEach(() => {
  paper.stop();
  bus.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function quote(instrumentId: InstrumentId, price: number, ts: number): void {
  bus.publish(topics.quotes(instrumentId), { instrumentId, bid: price, ask: price, bidSize: 1_000, askSize: 1_000, ts });
}

function bar(instrumentId: InstrumentId, ts: number, open: number): Bar {
  return { barType: barType(instrumentId, '1m'), ts, open, high: open + 1, low: open - 1, close: open + 0.5, volume: 1_000 };
}

const buy = (instrumentId: InstrumentId, quantity: number) => paper.submit({ instrumentId, type: 'MARKET', side: 'BUY', quantity, timeInForce: 'GTC' });

describe('PaperTrading driven by a replay', () => {
  it('fills bar-driven instruments at the next bar\'s open, once per bar, stamped with the replay\'s time', () => {
    const replayClock = new SimulatedClock(BAR_TIME);
    const releaseClock = paper.followClock(replayClock);
    const releaseBars = paper.driveByBars([AAA]);

    expect(paper.processBar(bar(BBB, BAR_TIME, 50))).toBe(false); // BBB trades on quotes
    expect(paper.processBar(bar(AAA, BAR_TIME, 100))).toBe(true);
    quote(AAA, 100.5, BAR_TIME);
    const order = buy(AAA, 10);
    expect(order).toMatchObject({ status: 'ACCEPTED', tsInit: BAR_TIME }); // a quote fills nothing now
    quote(AAA, 100.7, BAR_TIME);
    expect(paper.manager.order(order.clientOrderId)!.status).toBe('ACCEPTED');

    replayClock.advanceTo(BAR_TIME + 60_000);
    expect(paper.processBar(bar(AAA, BAR_TIME + 60_000, 101))).toBe(true);
    expect(paper.processBar(bar(AAA, BAR_TIME + 60_000, 101))).toBe(false); // the same bar again
    const filled = paper.manager.order(order.clientOrderId)!;
    expect(filled).toMatchObject({ status: 'FILLED', avgFillPrice: 101, tsLast: BAR_TIME + 60_000 });
    expect(store.fillsFor(order.clientOrderId)).toEqual([expect.objectContaining({ price: 101, qty: 10, ts: BAR_TIME + 60_000 })]);

    // BBB still fills on its quote, at once.
    quote(BBB, 50.25, BAR_TIME + 60_000);
    expect(buy(BBB, 4)).toMatchObject({ status: 'FILLED', avgFillPrice: 50.25 });

    releaseBars();
    releaseClock();
    // Back to quotes and wall time: AAA's next market order fills at the next quote.
    const live = buy(AAA, 1);
    expect(live.tsInit).toBe(WALL);
    quote(AAA, 102.3, WALL);
    expect(paper.manager.order(live.clientOrderId)).toMatchObject({ status: 'FILLED', avgFillPrice: 102.3 });
    expect(paper.processBar(bar(AAA, BAR_TIME + 120_000, 103))).toBe(false);
  });

  it('follows one replay clock at a time', () => {
    const release = paper.followClock(new SimulatedClock(BAR_TIME));
    expect(() => paper.followClock(new SimulatedClock(BAR_TIME))).toThrow(NwsError);
    release();
    expect(() => paper.followClock(new SimulatedClock(BAR_TIME))()).not.toThrow();
  });

  it('starts each bar-driven period afresh: a second replay of the same bars is matched again', () => {
    const first = paper.driveByBars([AAA]);
    expect(paper.processBar(bar(AAA, BAR_TIME, 100))).toBe(true);
    first();
    paper.driveByBars([AAA]);
    expect(paper.processBar(bar(AAA, BAR_TIME, 100))).toBe(true);
  });
});
