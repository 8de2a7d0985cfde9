// Strategy runs across a restart, with real components: the SQLite state store and DuckDB file of a
// temp data directory, the real message bus, PaperTrading recovering from the journal, and
// StrategyRuns saving runs and resuming them. Restart = the Host's shutdown order (runs closed,
// paper stopped, bus closed), then everything opened again on the same files.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageBus, WallClock, barType, patterns, strategyId as makeStrategyId, topics } from '@nws/core';
import { MergedBarFeed } from '@nws/backtest';
import { Strategy } from '@nws/strategy';
import type { Alert, InstrumentId } from '@nws/core';
import { StateStore, TimeSeriesStore } from '@nws/storage';
import { DataDirFiles } from '../data-dir.js';
import { PaperTrading } from './paper-trading.js';
import { MINUTE_MS, simInstrument, swingBars, swingTicks, writeReplayData, writeReplayTicks } from './replay-fixtures.js';
import { StrategyRuns } from './strategy-runner-service.js';
import { StrategyRunner } from './strategy-runner.js';

const AAA = 'AAA.SIM' as InstrumentId;
const START = Date.UTC(2025, 2, 3, 14, 30);

interface Session {
  bus: MessageBus;
  store: StateStore;
  timeSeries: TimeSeriesStore;
  paper: PaperTrading;
  runs: StrategyRuns;
  alerts: Alert[];
}

let dir: string;
let session: Session | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nws-run-resume-'));
  await writeReplayData(dir, [simInstrument('AAA'), simInstrument('BBB')], [swingBars('BBB.SIM', { start: START, count: 60, base: 50, seed: 5 })]);
});

afterEach(async () => {
  if (session !== undefined) await shutDown(session);
  session = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<Session> {
  const bus = new MessageBus({ name: 'test' });
  const store = StateStore.open(join(dir, DataDirFiles.state));
  const timeSeries = await TimeSeriesStore.open(join(dir, DataDirFiles.timeSeries));
  const paper = PaperTrading.start({ bus, store, instruments: store.listInstruments() });
  const runs = new StrategyRuns({ bus, paper: async () => paper, timeSeries: () => timeSeries, liveBarType: '1m', state: () => store });
  const alerts: Alert[] = [];
  bus.subscribe(patterns.alerts(), (alert) => void alerts.push(alert));
  session = { bus, store, timeSeries, paper, runs, alerts };
  return session;
}

async function shutDown(current: Session): Promise<void> {
  await current.runs.close();
  current.paper.stop();
  current.bus.close();
  await current.timeSeries.close();
  current.store.close();
}

async function restart(): Promise<Session> {
  await shutDown(session!);
  session = undefined;
  return open();
}

/** A quote, a closed one-minute bar, then a quote the venue fills the strategy's market order on. */
function liveMinute(current: Session, close: number, minutesAgo = 1): void {
  const now = Date.now();
  current.bus.publish(topics.quotes(AAA), { instrumentId: AAA, bid: close - 0.1, ask: close + 0.1, bidSize: 100, askSize: 100, ts: now });
  current.bus.publish(topics.bars(AAA, '1m'), { barType: barType(AAA, '1m'), ts: now - minutesAgo * MINUTE_MS, open: close, high: close + 0.5, low: close - 0.5, close, volume: 1000 });
  current.bus.publish(topics.quotes(AAA), { instrumentId: AAA, bid: close + 0.2, ask: close + 0.4, bidSize: 100, askSize: 100, ts: now + 1 });
}

const netQty = (current: Session) => current.paper.venue.position(AAA)?.netQty;

describe('strategy runs across a restart', () => {
  it('resumes a live buy-and-hold with the same id and params, without buying twice', async () => {
    let current = await open();
    const started = await current.runs.start({ strategy: 'buy-and-hold', params: { stake: 7 }, instrumentIds: ['AAA.SIM'], barType: '1m', source: 'live' });
    liveMinute(current, 100);
    const before = current.runs.list()[0]!;
    expect(before).toMatchObject({ strategyRunId: started.strategyRunId, status: 'running', bars: 1, orders: 1, fills: 1 });
    expect(netQty(current)).toBe(7);

    current = await restart();
    expect(current.runs.list()).toEqual([]);
    const resumedAt = Date.now();
    await current.runs.resumeAfterRestart();
    const [resumed] = current.runs.list();
    expect(resumed).toMatchObject({
      strategyRunId: started.strategyRunId,
      strategy: 'buy-and-hold',
      params: { stake: 7, fraction: 0.95 },
      instrumentIds: ['AAA.SIM'],
      source: 'live',
      status: 'running',
      startedAt: before.startedAt,
      resumes: 1,
      note: 'resumed after restart',
      bars: 1,
      orders: 1,
      fills: 1,
    });
    expect(resumed!.resumedAt).toBeGreaterThanOrEqual(resumedAt);
    expect(current.alerts).toEqual([expect.objectContaining({ source: 'strategies', severity: 'info', kind: 'strategy-resumed' })]);
    expect(current.alerts[0]!.message).toContain(`strategy run ${started.strategyRunId} (buy-and-hold on AAA.SIM) resumed after restart`);

    // New bars reach the new strategy object; it sees the position and does not buy again.
    liveMinute(current, 101);
    liveMinute(current, 102);
    expect(current.runs.list()[0]).toMatchObject({ status: 'running', bars: 3, orders: 1, fills: 1 });
    expect(netQty(current)).toBe(7);
    expect(current.paper.manager.openOrders()).toEqual([]);

    // Resumed once more after a second restart; the saved counters carry on.
    current = await restart();
    await current.runs.resumeAfterRestart();
    expect(current.runs.list()[0]).toMatchObject({ strategyRunId: started.strategyRunId, status: 'running', resumes: 2, bars: 3, orders: 1 });

    // A fresh run is not a resumed one: it buys its stake whatever the account already holds.
    const fresh = await current.runs.start({ strategy: 'buy-and-hold', params: { stake: 5 }, instrumentIds: ['AAA.SIM'], barType: '1m', source: 'live' });
    liveMinute(current, 103);
    liveMinute(current, 104);
    expect(current.runs.list().find((run) => run.strategyRunId === fresh.strategyRunId)).toMatchObject({ status: 'running', orders: 1, fills: 1 });
    expect(netQty(current)).toBe(12);
  });

  it('lists a replay run that was running as interrupted, and stopped runs as history', async () => {
    let current = await open();
    const replayed = await current.runs.start({ strategy: 'sma-cross', params: { fast: 3, slow: 8, stake: 5 }, instrumentIds: ['BBB.SIM'], barType: '1m', source: 'replay', replay: { speed: 1 } });
    const stopped = await current.runs.start({ strategy: 'sma-cross', params: { fast: 4, slow: 9, stake: 1 }, instrumentIds: ['AAA.SIM'], barType: '1m', source: 'live' });
    current.runs.stop(stopped.strategyRunId);

    current = await restart();
    await current.runs.resumeAfterRestart();
    const listed = new Map(current.runs.list().map((view) => [view.strategyRunId, view]));
    expect(listed.get(replayed.strategyRunId)).toMatchObject({ status: 'interrupted', source: 'replay', error: 'the Host stopped during the replay', params: { fast: 3, slow: 8, stake: 5 } });
    expect(listed.get(replayed.strategyRunId)!.stoppedAt).toBeGreaterThan(0);
    expect(listed.get(stopped.strategyRunId)).toMatchObject({ status: 'stopped', source: 'live', params: { fast: 4, slow: 9, stake: 1 } });
    expect(current.alerts.map((alert) => [alert.severity, alert.kind])).toEqual([['warning', 'strategy-interrupted']]);
    // History answers stop as it is, and is not resumed by a later start either.
    expect(current.runs.stop(stopped.strategyRunId).status).toBe('stopped');
    expect(current.store.strategyRuns().find((record) => record.runId === replayed.strategyRunId)?.status).toBe('interrupted');
    current = await restart();
    await current.runs.resumeAfterRestart();
    expect(current.runs.list().map((view) => view.status).sort()).toEqual(['interrupted', 'stopped']);
    expect(current.alerts).toEqual([]);
  });

  it('warms a resumed donchian-trend up on the stored bars: after the restart it trades as a run that never stopped', async () => {
    // Closes that swing through the 8-bar channel several times; minute bars ending a minute ago.
    // (donchian-trend reads bars only; sma-cross would also count live quotes, which are not stored.)
    const closes = Array.from({ length: 60 }, (_, row) => Math.round((100 + 4 * Math.sin(row / 3)) * 100) / 100);
    const firstTs = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - closes.length * MINUTE_MS;
    const bar = (row: number) => ({ barType: barType(AAA, '1m'), ts: firstTs + row * MINUTE_MS, open: closes[row]!, high: closes[row]! + 0.5, low: closes[row]! - 0.5, close: closes[row]!, volume: 1000 });
    /** One live minute: a quote, the bar (recorded to the store, as the Host's LiveBarRecorder does), a quote to fill on. */
    const play = async (current: Session, row: number) => {
      const close = closes[row]!;
      current.bus.publish(topics.quotes(AAA), { instrumentId: AAA, bid: close - 0.1, ask: close + 0.1, bidSize: 100, askSize: 100, ts: Date.now() });
      current.bus.publish(topics.bars(AAA, '1m'), bar(row));
      await current.timeSeries.ingestBars({ instrumentId: AAA, barType: '1m' }, { tsUs: BigInt64Array.of(BigInt(bar(row).ts) * 1000n), open: Float64Array.of(close), high: Float64Array.of(close + 0.5), low: Float64Array.of(close - 0.5), close: Float64Array.of(close), volume: Float64Array.of(1000) });
      current.bus.publish(topics.quotes(AAA), { instrumentId: AAA, bid: close + 0.2, ask: close + 0.4, bidSize: 100, askSize: 100, ts: Date.now() + 1 });
    };
    /** The side of each order the run sent, with the bar it was sent on. */
    const ordersOf = (current: Session, onRow: () => number) => {
      const sent: string[] = [];
      current.bus.subscribe(patterns.orders(), (order) => {
        if (order.status === 'SUBMITTED' || order.status === 'ACCEPTED') sent.push(`${onRow()} ${order.side}`);
      });
      return sent;
    };
    const params = { entry: 8, exit: 4, stake: 5 };
    const restartAt = 32; // the 8-bar entry channel of a cold start would not be ready for the buy at bar 38

    // Never stopped: every bar in one session.
    let current = await open();
    let row = 0;
    let sent = ordersOf(current, () => row);
    await current.runs.start({ strategy: 'donchian-trend', params, instrumentIds: ['AAA.SIM'], barType: '1m', source: 'live' });
    for (row = 0; row < closes.length; row++) await play(current, row);
    const uninterrupted = [...new Set(sent)];
    expect(uninterrupted.filter((entry) => Number(entry.split(' ')[0]) >= restartAt).length).toBeGreaterThanOrEqual(2);

    // The same bars with a restart after bar 19, on a new data directory.
    await shutDown(current);
    session = undefined;
    rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(join(tmpdir(), 'nws-run-resume-'));
    await writeReplayData(dir, [simInstrument('AAA')], []);
    current = await open();
    sent = ordersOf(current, () => row);
    await current.runs.start({ strategy: 'donchian-trend', params, instrumentIds: ['AAA.SIM'], barType: '1m', source: 'live' });
    for (row = 0; row < restartAt; row++) await play(current, row);
    const beforeRestart = [...new Set(sent)];
    current = await restart();
    sent = ordersOf(current, () => row);
    await current.runs.resumeAfterRestart();
    expect(current.runs.list()[0]).toMatchObject({ status: 'running', warmUpBars: restartAt });
    expect(current.alerts[0]!.message).toMatch(/resumed after restart with no working orders, warmed up on 32 stored 1m bars$/);
    for (row = restartAt; row < closes.length; row++) await play(current, row);

    expect([...beforeRestart, ...new Set(sent)]).toEqual(uninterrupted);
  });

  it('a live sma-cross observes the live bars, not the live quotes besides them (as a backtest on the same bars)', async () => {
    const current = await open();
    const run = await current.runs.start({ strategy: 'sma-cross', params: { fast: 2, slow: 3, stake: 5 }, instrumentIds: ['AAA.SIM'], barType: '1m', source: 'live' });
    // Quotes whose mid falls, then rises: crossings enough, were they observations.
    for (const mid of [100, 99, 98, 97, 98, 99, 100, 101, 102]) current.bus.publish(topics.quotes(AAA), { instrumentId: AAA, bid: mid - 0.1, ask: mid + 0.1, bidSize: 100, askSize: 100, ts: Date.now() });
    expect(current.runs.list()[0]).toMatchObject({ strategyRunId: run.strategyRunId, orders: 0 });
    // Bars that fall then rise: SMA(2) crosses above SMA(3) on the fifth.
    for (const [minutesAgo, close] of [[6, 100], [5, 99], [4, 98], [3, 99], [2, 101]] as const) liveMinute(current, close, minutesAgo);
    expect(current.runs.list()[0]).toMatchObject({ bars: 5, orders: 1 });
  });

  it('a warm-up sends no order, and a strategy that throws during it fails once', async () => {
    const current = await open();
    const errors: string[] = [];
    current.bus.subscribe(patterns.logs({ level: 'error' }), (entry) => void errors.push(entry.message));
    const warmUpSeries = { instrumentId: AAA, barSpec: '1m', ts: Float64Array.from({ length: 5 }, (_, row) => START + row * MINUTE_MS), open: new Float64Array(5).fill(100), high: new Float64Array(5).fill(101), low: new Float64Array(5).fill(99), close: Float64Array.from({ length: 5 }, (_, row) => 100 + row), volume: new Float64Array(5).fill(10) };
    class Eager extends Strategy {
      seen = 0;
      override onBar(): void {
        this.seen += 1;
        const id = this.submit({ type: 'MARKET', instrumentId: AAA, side: 'BUY', quantity: 1 });
        this.ctx.cancel(id);
        if (this.seen === 3) throw new Error('bad bar');
      }
    }
    const runner = (strategy: Strategy, runId: string) =>
      new StrategyRunner({ runId: makeStrategyId(runId), strategyName: 'eager', strategy, paper: current.paper, bus: current.bus, instrumentIds: [AAA], barType: '1m', source: 'live', clock: new WallClock(), warmUp: new MergedBarFeed([warmUpSeries]) });

    const throwing = new Eager({});
    const failing = runner(throwing, 'eager-1');
    failing.start();
    await Promise.resolve();
    expect(throwing.seen).toBe(3);
    expect(failing.view()).toMatchObject({ status: 'failed', error: 'bad bar', orders: 0, warmUpBars: 5 });
    expect(errors.filter((message) => message.includes('bad bar'))).toHaveLength(1);
    expect(current.paper.manager.openOrders()).toEqual([]);
    expect(current.paper.fills(10)).toEqual([]);
  });

  it('lists a tick replay run that was running as interrupted, with its tick kinds and the ticks it saw', async () => {
    await writeReplayTicks(dir, [simInstrument('AAA')], [swingTicks('AAA.SIM', { start: START, count: 60, base: 100, seed: 3 })]);
    let current = await open();
    const replayed = await current.runs.start({ strategy: 'sma-cross', params: { fast: 3, slow: 8, stake: 5 }, instrumentIds: ['AAA.SIM'], ticks: ['quotes'], source: 'replay', replay: { speed: 1 } });
    expect(replayed).toMatchObject({ status: 'running', barType: 'ticks', ticks: ['quotes'], bars: 0 });
    expect(replayed.ticksSeen).toBe(0);
    // At 1x the first quote goes out at once and the next 200-700 ms later: stop after the first.
    for (let attempt = 0; attempt < 100 && current.runs.list()[0]!.ticksSeen === 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 5));

    current = await restart();
    await current.runs.resumeAfterRestart();
    const listed = current.runs.list().find((view) => view.strategyRunId === replayed.strategyRunId);
    expect(listed).toMatchObject({ status: 'interrupted', source: 'replay', barType: 'ticks', ticks: ['quotes'], error: 'the Host stopped during the replay' });
    expect(listed!.ticksSeen).toBeGreaterThanOrEqual(1);
  });

  it('lists a saved run whose strategy is gone or whose params no longer validate as failed, and starts the others', async () => {
    let current = await open();
    const good = await current.runs.start({ strategy: 'sma-cross', params: { fast: 3, slow: 8, stake: 2 }, instrumentIds: ['AAA.SIM'], barType: '1m', source: 'live' });
    const saved = current.store.strategyRuns()[0]!;
    current.store.saveStrategyRun({ ...saved, runId: 'retired-1', strategy: 'retired-strategy', startedAt: saved.startedAt - 2 });
    current.store.saveStrategyRun({ ...saved, runId: 'bad-params-1', params: { fast: 1, slow: 8, stake: 2 }, startedAt: saved.startedAt - 1 });
    current.store.saveStrategyRun({ ...saved, runId: 'other-bars-1', barType: '5m', startedAt: saved.startedAt - 3 });

    current = await restart();
    await current.runs.resumeAfterRestart();
    const listed = new Map(current.runs.list().map((view) => [view.strategyRunId, view]));
    expect(listed.get(good.strategyRunId)).toMatchObject({ status: 'running', resumes: 1 });
    expect(listed.get('retired-1')).toMatchObject({ status: 'failed' });
    expect(listed.get('retired-1')!.error).toMatch(/^not resumed after restart: .*retired-strategy/);
    expect(listed.get('bad-params-1')!.error).toMatch(/^not resumed after restart: .*fast/);
    expect(listed.get('other-bars-1')!.error).toBe('not resumed after restart: it traded 5m bars and the live bars are now 1m');
    expect(current.alerts.map((alert) => [alert.severity, alert.kind]).sort()).toEqual([
      ['error', 'strategy-not-resumed'],
      ['error', 'strategy-not-resumed'],
      ['error', 'strategy-not-resumed'],
      ['info', 'strategy-resumed'],
    ]);
    // Saved as failed: the next start lists them without trying again.
    current = await restart();
    await current.runs.resumeAfterRestart();
    expect(current.alerts.map((alert) => alert.kind)).toEqual(['strategy-resumed']);
  });
});
