// LiveBarRecorder against a real DuckDB store in a temp dir, fed by a real LiveBarAggregator on the
// real message bus.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageBus, SimulatedClock, barType, instrumentId, topics, tradeId } from '@nws/core';
import type { Bar, TradeTick } from '@nws/core';
import { openTempStores, type TempStores } from '../test-fixtures/temp-stores.js';
import { LiveBarAggregator } from './live-bar-aggregator.js';
import { LiveBarRecorder } from './live-bar-recorder.js';

const ACME = instrumentId('ACME', 'SIM');
const T0 = Date.UTC(2026, 10, 23, 14, 30);
const MINUTE = 60_000;

let stores: TempStores;
let bus: MessageBus;

beforeEach(async () => {
  stores = await openTempStores('live-bars');
  bus = new MessageBus({ name: 'recorder-test' });
});

afterEach(async () => {
  bus.close();
  await stores.close();
});

function trade(ts: number, price: number, size: number): TradeTick {
  return { instrumentId: ACME, price, size, aggressorSide: 'BUYER', tradeId: tradeId(`t${ts}`), ts };
}

describe('LiveBarRecorder', () => {
  it('writes the bars the aggregator builds, and only those: a replay on the same topic is not recorded', async () => {
    const clock = new SimulatedClock(T0);
    const aggregator = new LiveBarAggregator(bus, clock, [ACME], '1m');
    const recorder = new LiveBarRecorder(stores.timeSeries, { flushEveryMs: 60_000 });
    aggregator.onBar((bar) => recorder.record(bar));
    aggregator.start();
    for (let minute = 0; minute < 3; minute++) {
      bus.publish(topics.trades(ACME), trade(T0 + minute * MINUTE + 1_000, 100 + minute, 10));
      bus.publish(topics.trades(ACME), trade(T0 + minute * MINUTE + 30_000, 101 + minute, 5));
      clock.advanceTo(T0 + (minute + 1) * MINUTE);
    }
    // Someone else's bar on the live topic (a replay) is not the live feed's.
    bus.publish(topics.bars(ACME, '1m'), { barType: barType(ACME, '1m'), ts: T0 + 10 * MINUTE, open: 1, high: 1, low: 1, close: 1, volume: 1 });
    expect(await stores.timeSeries.listSeries()).toEqual([]); // nothing before the flush

    await recorder.flush();
    expect(recorder.barsWritten).toBe(3);
    const stored = await stores.timeSeries.readBars({ instrumentId: ACME, barType: '1m' });
    expect(Array.from(stored.tsUs, Number)).toEqual([T0, T0 + MINUTE, T0 + 2 * MINUTE].map((ts) => ts * 1000));
    expect(Array.from(stored.open)).toEqual([100, 101, 102]);
    expect(Array.from(stored.close)).toEqual([101, 102, 103]);
    expect(Array.from(stored.volume)).toEqual([15, 15, 15]);
    aggregator.stop();
  });

  it('keeps bars whose write failed and writes them with the next flush; stop() flushes', async () => {
    let failing = true;
    const store = { ingestBars: (...args: Parameters<typeof stores.timeSeries.ingestBars>) => (failing ? Promise.reject(new Error('disk full')) : stores.timeSeries.ingestBars(...args)) };
    const errors: string[] = [];
    const recorder = new LiveBarRecorder(store, { flushEveryMs: 60_000, onError: (message) => errors.push(message) });
    const bar = (minute: number): Bar => ({ barType: barType(ACME, '1m'), ts: T0 + minute * MINUTE, open: 10, high: 11, low: 9, close: 10 + minute, volume: 5 });
    recorder.record(bar(0));
    recorder.record(bar(1));
    await recorder.flush();
    expect(errors).toEqual(['live bars: 2 ACME.SIM 1m bar(s) not written, kept for the next try: disk full']);
    expect(recorder.barsWritten).toBe(0);

    failing = false;
    recorder.record(bar(2));
    recorder.start();
    await recorder.stop();
    expect(recorder.barsWritten).toBe(3);
    expect(Array.from((await stores.timeSeries.readBars({ instrumentId: ACME, barType: '1m' })).close)).toEqual([10, 11, 12]);
  });

  it('drops the oldest unwritten bars beyond maxBuffered and says how many', () => {
    const errors: string[] = [];
    const recorder = new LiveBarRecorder(stores.timeSeries, { maxBuffered: 2, onError: (message) => errors.push(message) });
    for (let minute = 0; minute < 3; minute++) recorder.record({ barType: barType(ACME, '1m'), ts: T0 + minute * MINUTE, open: 1, high: 1, low: 1, close: 1, volume: 1 });
    expect(errors).toEqual(['live bars: 1 unwritten ACME.SIM 1m bar(s) dropped, the buffer is full (2)']);
  });
});
