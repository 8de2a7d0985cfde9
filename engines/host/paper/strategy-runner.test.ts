// Strategy runs and replays on a real Workstation's paper account, through the protocol.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NwsError, barType, topics } from '@nws/core';
import type { Bar, InstrumentId, ProtocolClient } from '@nws/core';
import { Workstation } from '../workstation.js';
import { MINUTE_MS, simInstrument, swingBars, writeReplayData } from './replay-fixtures.js';

const START = Date.UTC(2025, 2, 3, 14, 30);
const AAA = 'AAA.SIM' as InstrumentId;

let home: string;
let workstation: Workstation;
let client: ProtocolClient;

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'nws-strategy-runs-'));
  const series = swingBars('AAA.SIM', { start: START, count: 120, base: 100, seed: 3 });
  await writeReplayData(home, [simInstrument('AAA'), simInstrument('BBB')], [series]);
  workstation = await Workstation.start({ home, workers: { maxThreads: 1 }, market: { demo: false } });
  client = workstation.connect();
});

afterEach(async () => {
  client.close();
  await workstation.stop();
  rmSync(home, { recursive: true, force: true });
});

async function errorOf(call: Promise<unknown>): Promise<NwsError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof NwsError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition not reached in 10 s');
}

const replayOf = (speed: number | 'max') => ({ strategy: 'sma-cross', params: { fast: 3, slow: 8, stake: 5 }, instrumentIds: ['AAA.SIM'], barType: '1m', source: 'replay' as const, replay: { speed } });

describe('strategies.* and replay.* on the paper account', () => {
  it('lists the built-in strategies with their declared parameters', async () => {
    const { strategies } = await client.call('strategies.catalogue', {});
    expect(strategies.map((one) => one.name)).toEqual(['bollinger-breakout', 'buy-and-hold', 'donchian-trend', 'pairs', 'rsi-reversion', 'sma-cross']);
    const smaCross = strategies.find((one) => one.name === 'sma-cross')!;
    expect(smaCross.params.map((param) => [param.name, param.type, param.default, param.min, param.max])).toEqual([
      ['fast', 'int', 10, 2, 1000],
      ['slow', 'int', 30, 2, 5000],
      ['stake', 'number', 1, 0.000001, 1e12],
    ]);
    expect(strategies.find((one) => one.name === 'pairs')!.instruments).toEqual({ min: 2, max: 2 });
  });

  it('refuses bad starts with a clear error and starts nothing', async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ strategy: 'no-such' }, 'NOT_FOUND', /unknown strategy 'no-such'; known: .*sma-cross/],
      [{ params: { fast: 1 } }, 'INVALID_ARGUMENT', /fast/],
      [{ strategy: 'pairs' }, 'INVALID_ARGUMENT', /trades 2 instrument\(s\), got 1/],
      [{ instrumentIds: ['ZZZ.SIM'] }, 'UNKNOWN_INSTRUMENT', /ZZZ\.SIM is not traded by the paper account/],
      [{ instrumentIds: ['BBB.SIM'] }, 'UNKNOWN_INSTRUMENT', /cannot replay BBB\.SIM 1m: no stored bars at all/],
      [{ replay: { speed: 5_000 } }, 'INVALID_ARGUMENT', /speed: must be from 1 to 1000/],
      [{ replay: { from: START + 500 * MINUTE_MS } }, 'INVALID_ARGUMENT', /nothing to replay/],
      [{ source: 'live', replay: undefined, barType: '5m' }, 'INVALID_ARGUMENT', /live bars are 1m/],
      [{ barType: undefined, ticks: ['quotes'] }, 'UNKNOWN_INSTRUMENT', /^cannot replay AAA\.SIM quotes: no stored ticks at all$/],
      [{ ticks: ['quotes'] }, 'INVALID_ARGUMENT', /^give barType \(bars\) or ticks \(a replay of stored ticks\), not both$/],
      [{ barType: undefined }, 'INVALID_ARGUMENT', /^barType is required \(or ticks/],
      [{ source: 'live', replay: undefined, barType: undefined, ticks: ['trades'] }, 'INVALID_ARGUMENT', /^ticks are for source 'replay'/],
      [{ barType: undefined, ticks: ['bids'] }, 'INVALID_PARAMS', /ticks\.0: Invalid option: expected one of "quotes"\|"trades"/],
    ];
    for (const [change, code, message] of cases) {
      const error = await errorOf(client.call('strategies.start', { ...replayOf('max'), ...change } as never));
      expect([error.code, error.message]).toEqual([code, expect.stringMatching(message)]);
    }
    expect((await client.call('strategies.list', {})).runs).toEqual([]);
    expect((await client.call('replay.status', {})).replays).toEqual([]);
    expect((await client.call('orders.list', {})).open).toEqual([]);
  });

  it('a replay alone: a manual market order fills at the next bar\'s open, stamped with bar times; pause stops, resume continues', async () => {
    const bars: Bar[] = [];
    workstation.bus.subscribe(topics.bars(AAA, '1m'), (bar) => bars.push(bar));
    const started = await client.call('replay.start', { instrumentIds: ['AAA.SIM'], barType: '1m', speed: 1000 });
    expect(started).toMatchObject({ state: 'running', total: 120, firstTs: START, lastTs: START + 119 * MINUTE_MS });
    await until(async () => bars.length, (count) => count >= 3);
    const paused = await client.call('replay.pause', {});
    expect(paused.state).toBe('paused');
    const seen = bars.length;
    const barTime = bars.at(-1)!.ts;

    const order = await client.call('orders.submit', { instrumentId: 'AAA.SIM', type: 'MARKET', side: 'BUY', quantity: 3, timeInForce: 'GTC' });
    expect(order).toMatchObject({ status: 'ACCEPTED', tsInit: barTime });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bars.length).toBe(seen);
    expect((await client.call('orders.list', {})).open.map((one) => one.clientOrderId)).toEqual([order.clientOrderId]);

    await client.call('replay.resume', {});
    await until(async () => bars.length, (count) => count > seen);
    const next = bars[seen]!;
    const { recent } = await until(() => client.call('orders.list', {}), (list) => list.recent.length === 1);
    expect(recent[0]).toMatchObject({ clientOrderId: order.clientOrderId, status: 'FILLED', avgFillPrice: next.open, tsLast: next.ts });

    const stopped = await client.call('replay.stop', {});
    expect(stopped.state).toBe('cancelled');
    expect(stopped.published).toBeLessThan(120);
    expect((await client.call('replay.status', {})).replays).toEqual([expect.objectContaining({ replayId: stopped.replayId, state: 'cancelled' })]);
    expect((await client.call('positions.list', {})).positions).toEqual([expect.objectContaining({ instrumentId: 'AAA.SIM', netQty: 3, avgOpenPrice: next.open })]);
  });

  it('one replay at a time; stopping a run stops its replay and keeps the run listed', async () => {
    const { strategyRunId, run } = await client.call('strategies.start', replayOf(1));
    expect(run.replayId).toBeDefined();
    const second = await errorOf(client.call('replay.start', { instrumentIds: ['AAA.SIM'], barType: '1m', speed: 'max' }));
    expect(second.code).toBe('CONFLICT');
    expect(second.message).toContain(`replay ${run.replayId} is driving the paper account`);

    const stopped = await client.call('strategies.stop', { strategyRunId });
    expect(stopped).toMatchObject({ strategyRunId, status: 'stopped' });
    const replays = await until(() => client.call('replay.status', {}), (status) => status.replays[0]?.state === 'cancelled');
    expect(replays.replays[0]!.replayId).toBe(run.replayId);
    expect((await client.call('strategies.list', {})).runs).toEqual([expect.objectContaining({ strategyRunId, status: 'stopped' })]);
    expect((await errorOf(client.call('strategies.stop', { strategyRunId: 'nope' }))).code).toBe('NOT_FOUND');

    // The account is free again: a new replay-driven run starts and finishes.
    const again = await client.call('strategies.start', replayOf('max'));
    const finished = await until(() => client.call('strategies.list', {}), (list) => list.runs[0]?.status === 'finished');
    expect(finished.runs[0]).toMatchObject({ strategyRunId: again.strategyRunId, bars: 120 });
  });

  it('a live run trades on bus bars with fills from live quotes, and its state goes out on signals.<id>.run', async () => {
    const events: Array<{ status: string; bars: number }> = [];
    await client.subscribe('signals.>', (event) => events.push(event.data as { status: string; bars: number }));
    const { strategyRunId } = await client.call('strategies.start', { strategy: 'buy-and-hold', params: { stake: 7 }, instrumentIds: ['AAA.SIM'], barType: '1m', source: 'live' });
    const bus = workstation.bus;
    const now = Date.now();
    bus.publish(topics.quotes(AAA), { instrumentId: AAA, bid: 99.9, ask: 100.1, bidSize: 100, askSize: 100, ts: now });
    bus.publish(topics.bars(AAA, '1m'), { barType: barType(AAA, '1m'), ts: now - MINUTE_MS, open: 100, high: 100.5, low: 99.5, close: 100, volume: 1000 });
    // A live instrument fills on quotes: the market order waits for the next quote, at its ask.
    bus.publish(topics.quotes(AAA), { instrumentId: AAA, bid: 100.2, ask: 100.4, bidSize: 100, askSize: 100, ts: now + 1 });
    const { runs } = await until(() => client.call('strategies.list', {}), (list) => list.runs[0]?.fills === 1);
    expect(runs[0]).toMatchObject({ strategyRunId, strategy: 'buy-and-hold', source: 'live', status: 'running', bars: 1, orders: 1, fills: 1 });
    expect((await client.call('positions.list', {})).positions).toEqual([expect.objectContaining({ instrumentId: 'AAA.SIM', netQty: 7, avgOpenPrice: 100.4 })]);

    await client.call('strategies.stop', { strategyRunId });
    await until(async () => events.at(-1)?.status, (status) => status === 'stopped');
    expect(events[0]).toMatchObject({ status: 'running', bars: 0 });
  });
});
