// ReplayFeed against a real DuckDB store in a temp dir and the real message bus.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageBus, NwsError, patterns } from '@nws/core';
import type { Bar, JobProgress, QuoteTick, TopicPattern, TradeTick } from '@nws/core';
import { openTempStores, type TempStores } from '../test-fixtures/temp-stores.js';
import { ReplayFeed } from './replay-feed.js';
import type { ReplayStatus } from './replay-feed.js';

const MINUTE = 60_000;
const START = Date.UTC(2025, 2, 3, 14, 30);

let stores: TempStores;
let bus: MessageBus;

/** `count` one-minute bars from `start`: close = base + row, open = close - 0.5, volume 100 + row. */
async function storeBars(instrumentId: string, count: number, base: number, start = START, stepMs = MINUTE): Promise<void> {
  const tsUs = new BigInt64Array(count);
  const open = new Float64Array(count);
  const high = new Float64Array(count);
  const low = new Float64Array(count);
  const close = new Float64Array(count);
  const volume = new Float64Array(count);
  for (let row = 0; row < count; row++) {
    tsUs[row] = BigInt(start + row * stepMs) * 1000n;
    close[row] = base + row;
    open[row] = base + row - 0.5;
    high[row] = base + row + 1;
    low[row] = base + row - 1;
    volume[row] = 100 + row;
  }
  await stores.timeSeries.ingestBars({ instrumentId, barType: '1m' }, { tsUs, open, high, low, close, volume });
}

function record(): { events: Array<{ topic: string; data: unknown }>; bars: Bar[] } {
  const events: Array<{ topic: string; data: unknown }> = [];
  const bars: Bar[] = [];
  bus.subscribe<unknown>([patterns.quotes(), patterns.trades(), patterns.bars()] as TopicPattern[], (data, topic) => {
    events.push({ topic, data });
    if (topic.startsWith('bars.')) bars.push(data as Bar);
  });
  return { events, bars };
}

async function errorOf(action: () => Promise<unknown>): Promise<NwsError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof NwsError) return error;
    throw error;
  }
  throw new Error('expected an NwsError');
}

beforeEach(async () => {
  stores = await openTempStores('replay');
  bus = new MessageBus({ name: 'replay-test' });
});

afterEach(async () => {
  bus.close();
  await stores.close();
});

describe('ReplayFeed', () => {
  it('publishes quote, trade and bar of each stored bar in time order, the clock at the bar time', async () => {
    await storeBars('AAA.SIM', 5, 100);
    const feed = await ReplayFeed.open({ bus, timeSeries: stores.timeSeries, request: { instrumentIds: ['AAA.SIM'], barType: '1m', speed: 'max' } });
    const { events, bars } = record();
    const clockAtBar: number[] = [];
    bus.subscribe(patterns.bars(), () => clockAtBar.push(feed.clock.now()));
    feed.start();
    const status = await feed.finished;

    expect(status).toMatchObject({ state: 'done', published: 5, total: 5, firstTs: START, lastTs: START + 4 * MINUTE, currentTs: START + 4 * MINUTE });
    expect(bars.map((bar) => bar.ts)).toEqual([0, 1, 2, 3, 4].map((row) => START + row * MINUTE));
    expect(bars[2]).toEqual({ barType: { instrumentId: 'AAA.SIM', step: 1, unit: 'm' }, ts: START + 2 * MINUTE, open: 101.5, high: 103, low: 101, close: 102, volume: 102 });
    expect(clockAtBar).toEqual(bars.map((bar) => bar.ts));
    expect(events.slice(0, 3).map((event) => event.topic)).toEqual(['quotes.AAA.SIM', 'trades.AAA.SIM', 'bars.AAA.SIM.1m']);
    const quote = events[0]!.data as QuoteTick;
    const trade = events[1]!.data as TradeTick;
    expect(quote).toEqual({ instrumentId: 'AAA.SIM', bid: 100, ask: 100, bidSize: 100, askSize: 100, ts: START });
    expect(trade).toMatchObject({ instrumentId: 'AAA.SIM', price: 100, size: 100, aggressorSide: 'NO_AGGRESSOR', ts: START });
  });

  it('merges instruments by time; bars of the same time go in the order the instruments were given', async () => {
    await storeBars('AAA.SIM', 3, 100);
    await storeBars('BBB.SIM', 3, 200, START + MINUTE);
    const feed = await ReplayFeed.open({ bus, timeSeries: stores.timeSeries, request: { instrumentIds: ['BBB.SIM', 'AAA.SIM'], barType: '1m', speed: 'max' } });
    const { bars } = record();
    feed.start();
    await feed.finished;
    expect(bars.map((bar) => `${bar.barType.instrumentId}@${(bar.ts - START) / MINUTE}`)).toEqual(['AAA.SIM@0', 'BBB.SIM@1', 'AAA.SIM@1', 'BBB.SIM@2', 'AAA.SIM@2', 'BBB.SIM@3']);
  });

  it('replays [from, to) only', async () => {
    await storeBars('AAA.SIM', 10, 100);
    const feed = await ReplayFeed.open({ bus, timeSeries: stores.timeSeries, request: { instrumentIds: ['AAA.SIM'], barType: '1m', from: START + 2 * MINUTE, to: START + 5 * MINUTE, speed: 'max' } });
    const { bars } = record();
    feed.start();
    expect((await feed.finished).total).toBe(3);
    expect(bars.map((bar) => bar.close)).toEqual([102, 103, 104]);
  });

  it('refuses an unknown instrument, an empty range and a speed out of range, publishing nothing', async () => {
    await storeBars('AAA.SIM', 5, 100);
    const { events } = record();
    const open = (request: Record<string, unknown>) => () => ReplayFeed.open({ bus, timeSeries: stores.timeSeries, request: { instrumentIds: ['AAA.SIM'], barType: '1m', ...request } });

    const unknown = await errorOf(open({ instrumentIds: ['ZZZ.SIM'] }));
    expect(unknown.code).toBe('UNKNOWN_INSTRUMENT');
    expect(unknown.message).toBe('cannot replay ZZZ.SIM 1m: no stored bars at all');
    const otherSpec = await errorOf(open({ barType: '5m' }));
    expect(otherSpec.message).toBe('cannot replay AAA.SIM 5m: stored bar specs: 1m');
    const empty = await errorOf(open({ from: START + 60 * MINUTE }));
    expect(empty.code).toBe('INVALID_ARGUMENT');
    expect(empty.message).toMatch(/^no stored 1m bars of AAA\.SIM in \[2025-03-03T15:30:00\.000Z, the last bar\): nothing to replay$/);
    const backwards = await errorOf(open({ from: START + MINUTE, to: START }));
    expect(backwards.message).toMatch(/from \(.*\) must be before to/);
    for (const speed of [0, 0.5, 1001, Number.NaN, 'fast']) {
      const error = await errorOf(open({ speed }));
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toContain('speed');
    }
    expect(events).toEqual([]);
  });

  it('at 1000x takes at least half the bars\' own time / 1000 of wall time, and pause stops publication', async () => {
    const count = 21; // 20 one-minute steps: 20 x 60 ms = 1.2 s at 1000x
    await storeBars('AAA.SIM', count, 100);
    const feed = await ReplayFeed.open({ bus, timeSeries: stores.timeSeries, request: { instrumentIds: ['AAA.SIM'], barType: '1m', speed: 1000 } });
    const { bars } = record();
    const started = performance.now();
    feed.start();
    await new Promise((resolve) => setTimeout(resolve, 250));
    const pausedAt = performance.now();
    const paused = feed.pause();
    expect(paused.state).toBe('paused');
    const seenAtPause = bars.length;
    expect(seenAtPause).toBeGreaterThan(0);
    expect(seenAtPause).toBeLessThan(count);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(bars.length).toBe(seenAtPause);
    const resumedAt = performance.now();
    feed.resume();
    const status = await feed.finished;
    const activeWall = performance.now() - started - (resumedAt - pausedAt);
    expect(status.state).toBe('done');
    expect(bars.length).toBe(count);
    // Only a lower bound: a busy machine may be slower, never faster than the pace.
    expect(activeWall).toBeGreaterThanOrEqual(0.5 * ((count - 1) * MINUTE) / 1000);
  });

  it('publishes progress on jobs.<replayId>.progress and stops for good on stop()', async () => {
    await storeBars('AAA.SIM', 50, 100);
    const feed = await ReplayFeed.open({ bus, timeSeries: stores.timeSeries, request: { instrumentIds: ['AAA.SIM'], barType: '1m', speed: 1000, replayId: 'rp-1' } });
    const progress: JobProgress[] = [];
    bus.subscribe(patterns.jobProgress(), (event) => progress.push(event));
    const statuses: ReplayStatus[] = [];
    feed.onProgress((status) => statuses.push(status));
    feed.start();
    await new Promise((resolve) => setTimeout(resolve, 150));
    const stopped = feed.stop();
    expect(stopped.state).toBe('cancelled');
    expect(stopped.published).toBeLessThan(50);
    expect((await feed.finished).state).toBe('cancelled');
    expect(progress[0]).toMatchObject({ jobId: 'rp-1', state: 'running', done: 0, total: 50 });
    expect(progress.at(-1)).toMatchObject({ jobId: 'rp-1', state: 'cancelled', done: stopped.published, total: 50 });
    expect(statuses.at(-1)!.state).toBe('cancelled');
    const error = (() => {
      try {
        feed.resume();
      } catch (caught) {
        return caught as NwsError;
      }
      return undefined;
    })();
    expect(error?.code).toBe('ILLEGAL_TRANSITION');
  });

  it('replays stored quotes and trades merged by time: same-millisecond ticks series by series in request order, clock at the tick time', async () => {
    // AAA: quotes at +0, +0, +5 ms and a trade at +0; BBB: quotes at +0, +3 ms and a trade at +3.
    // Stored in µs: ticks a few hundred µs apart land in the same millisecond.
    await storeQuotes('AAA.SIM', [0, 300, 5_000], 10);
    await storeTrades('AAA.SIM', [700], 10.5);
    await storeQuotes('BBB.SIM', [100, 3_000], 20);
    await storeTrades('BBB.SIM', [3_900], 20.5);
    const feed = await ReplayFeed.open({ bus, timeSeries: stores.timeSeries, request: { instrumentIds: ['BBB.SIM', 'AAA.SIM'], ticks: ['trades', 'quotes'], speed: 'max' } });
    const { events } = record();
    const clockAtTick: number[] = [];
    bus.subscribe<unknown>([patterns.quotes(), patterns.trades()] as TopicPattern[], () => clockAtTick.push(feed.clock.now()));
    feed.start();
    const status = await feed.finished;

    expect(status).toMatchObject({ state: 'done', barType: 'ticks', ticks: ['trades', 'quotes'], published: 7, total: 7, firstTs: START, lastTs: START + 5, currentTs: START + 5 });
    // Within a millisecond: BBB trades, BBB quotes, AAA trades, AAA quotes (the request's order).
    expect(events.map((event) => `${event.topic}@${(event.data as { ts: number }).ts - START}`)).toEqual([
      'quotes.BBB.SIM@0',
      'trades.AAA.SIM@0',
      'quotes.AAA.SIM@0',
      'quotes.AAA.SIM@0',
      'trades.BBB.SIM@3',
      'quotes.BBB.SIM@3',
      'quotes.AAA.SIM@5',
    ]);
    expect(events[2]!.data).toEqual({ instrumentId: 'AAA.SIM', bid: 10, ask: 10.01, bidSize: 100, askSize: 200, ts: START });
    expect(events[3]!.data).toMatchObject({ bid: 11, ask: 11.01 });
    expect(events[1]!.data).toEqual({ instrumentId: 'AAA.SIM', price: 10.5, size: 5, aggressorSide: 'NO_AGGRESSOR', tradeId: 'AAA.SIM-1', ts: START });
    expect(clockAtTick).toEqual(events.map((event) => (event.data as { ts: number }).ts));
    expect(events.some((event) => event.topic.startsWith('bars.'))).toBe(false);
  });

  it('refuses a tick replay of a kind not stored, an empty range, and bars and ticks together or neither, publishing nothing', async () => {
    await storeQuotes('AAA.SIM', [0, 1_000], 10);
    await storeBars('AAA.SIM', 3, 100);
    const { events } = record();
    const open = (request: Record<string, unknown>) => () => ReplayFeed.open({ bus, timeSeries: stores.timeSeries, request: { instrumentIds: ['AAA.SIM'], ...request } });

    const noTrades = await errorOf(open({ ticks: ['quotes', 'trades'] }));
    expect(noTrades.code).toBe('UNKNOWN_INSTRUMENT');
    expect(noTrades.message).toBe('cannot replay AAA.SIM trades: stored ticks: quotes');
    const noTicks = await errorOf(open({ instrumentIds: ['ZZZ.SIM'], ticks: ['quotes'] }));
    expect(noTicks.message).toBe('cannot replay ZZZ.SIM quotes: no stored ticks at all');
    const empty = await errorOf(open({ ticks: ['quotes'], from: START + MINUTE }));
    expect(empty.code).toBe('INVALID_ARGUMENT');
    expect(empty.message).toBe('no stored quotes of AAA.SIM in [2025-03-03T14:31:00.000Z, the last tick): nothing to replay');
    for (const request of [{ barType: '1m', ticks: ['quotes'] }, {}]) {
      const error = await errorOf(open(request));
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toBe("invalid replay: give either barType (stored bars) or ticks (stored 'quotes' and/or 'trades'), not both or neither");
    }
    const badKind = await errorOf(open({ ticks: ['bids'] }));
    expect(badKind.message).toContain('ticks');
    expect(events).toEqual([]);
  });
});

/** Quotes at START + each offset (µs); the i-th has bid base + i, ask bid + 0.01, sizes 100 and 200. */
async function storeQuotes(instrumentId: string, offsetsUs: number[], base: number): Promise<void> {
  const count = offsetsUs.length;
  const bid = Float64Array.from(offsetsUs, (_, row) => base + row);
  await stores.timeSeries.ingestTicks(
    { instrumentId, kind: 'quotes' },
    { kind: 'quotes', tsUs: BigInt64Array.from(offsetsUs, (offset) => BigInt(START) * 1000n + BigInt(offset)), bid, ask: bid.map((value) => value + 0.01), bidSize: new Float64Array(count).fill(100), askSize: new Float64Array(count).fill(200) },
  );
}

/** Trades at START + each offset (µs) at `price`, 5 units each. */
async function storeTrades(instrumentId: string, offsetsUs: number[], price: number): Promise<void> {
  const count = offsetsUs.length;
  await stores.timeSeries.ingestTicks(
    { instrumentId, kind: 'trades' },
    { kind: 'trades', tsUs: BigInt64Array.from(offsetsUs, (offset) => BigInt(START) * 1000n + BigInt(offset)), price: new Float64Array(count).fill(price), size: new Float64Array(count).fill(5) },
  );
}
