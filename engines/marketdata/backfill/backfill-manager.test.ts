import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TimeSeriesStore } from '@nws/storage';
import { ManualClock, ProviderRegistry } from '../providers/index.js';
import { fixture, FixtureServer } from '../providers/testing/fixture-server.js';
import { failure, testConfig, testDeps } from '../providers/testing/harness.js';
import { backfillJobProgress, planBackfill, type BackfillRequest, type BackfillStatus } from './backfill-job.js';
import { BackfillManager } from './backfill-manager.js';
import { TimeSeriesBarSink } from './bar-sink.js';
import { SqliteBackfillJobStore } from './job-store.js';
import { yahooHistoryLimits } from '../providers/yahoo/yahoo-provider.js';

const DAY = 86_400_000;
const JAN = (day: number) => Date.UTC(2024, 0, day);
const NOW = JAN(20);
const chartPath = '/v8/finance/chart/AAPL';
const request = { provider: 'yahoo', symbol: 'AAPL', instrumentId: 'AAPL.XNAS', spec: '1m', startMs: JAN(2), endMs: JAN(20) } as const;

describe('planBackfill', () => {
  it('clips to what the provider keeps, skips covered ranges and splits by its longest request', () => {
    const plan = planBackfill({ ...request, startMs: JAN(1) - 40 * DAY } as BackfillRequest, yahooHistoryLimits, [{ startMs: JAN(5), endMs: JAN(6) }], NOW);
    // Yahoo keeps 1m bars for 30 days (from Dec 21) and serves 7 days a request
    expect(plan.chunks.map((chunk) => [new Date(chunk.startMs).toISOString().slice(0, 10), (chunk.endMs - chunk.startMs) / DAY])).toEqual([
      ['2023-12-21', 7], ['2023-12-28', 7], ['2024-01-04', 1], ['2024-01-06', 7], ['2024-01-13', 7],
    ]);
    expect(plan.skipped).toEqual([{ startMs: JAN(5), endMs: JAN(6) }]);
  });

  it('refuses a range the provider no longer keeps', () => {
    expect(() => planBackfill({ ...request, startMs: JAN(1) - 90 * DAY, endMs: JAN(1) - 60 * DAY } as BackfillRequest, yahooHistoryLimits, [], NOW)).toThrow(
      /nothing to backfill: Yahoo Finance keeps 1m bars only from 2023-12-21/,
    );
  });
});

describe('BackfillManager', () => {
  let server: FixtureServer;
  let dir: string;
  let bars: TimeSeriesStore;
  let jobs: SqliteBackfillJobStore;
  let clock: ManualClock;
  let registry: ProviderRegistry;
  let events: BackfillStatus[];
  let managers: BackfillManager[];

  beforeAll(async () => {
    server = await FixtureServer.start();
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    server.setRoutes([{ path: chartPath, query: { interval: '1m' }, respond: { body: fixture('yahoo', 'chart-aapl-1m.json') } }]);
    dir = await mkdtemp(join(tmpdir(), 'nws-backfill-'));
    bars = await TimeSeriesStore.open(join(dir, 'bars.duckdb'));
    jobs = SqliteBackfillJobStore.open(join(dir, 'state.db'));
    clock = new ManualClock(NOW);
    registry = new ProviderRegistry(testConfig(server.url), { ...testDeps(), clock });
    events = [];
    managers = [];
  });
  afterEach(async () => {
    await Promise.all(managers.map((backfill) => backfill.close()));
    jobs.close();
    await bars.close();
    await rm(dir, { recursive: true, force: true });
  });

  function manager(store = jobs): BackfillManager {
    let n = 0;
    const backfill = new BackfillManager({
      store,
      providers: registry,
      sink: new TimeSeriesBarSink(bars),
      clock,
      onProgress: (status) => events.push(status),
      newId: () => `job-${++n}`,
    });
    managers.push(backfill);
    return backfill;
  }

  const chunkStarts = () => server.requestsTo(chartPath).map((sent) => new Date(Number(sent.query.period1) * 1000).toISOString().slice(0, 10));

  it('fetches every chunk, stores the bars and reports progress', async () => {
    const backfill = manager();
    const started = await backfill.start(request);
    expect(started).toMatchObject({ id: 'job-1', state: 'running', totalChunks: 3, doneChunks: 0 });
    const finished = await backfill.whenSettled('job-1');
    expect(finished).toMatchObject({ state: 'done', totalChunks: 3, doneChunks: 3, barsWritten: 6, progress: 1 });
    expect(chunkStarts()).toEqual(['2024-01-02', '2024-01-09', '2024-01-16']);
    const stored = await bars.readBars({ instrumentId: 'AAPL.XNAS', barType: '1m' });
    expect(Array.from(stored.tsUs, (us) => new Date(Number(us / 1000n)).toISOString())).toEqual([
      '2024-01-08T14:30:00.000Z', '2024-01-08T14:31:00.000Z', '2024-01-08T14:32:00.000Z',
      '2024-01-16T14:30:00.000Z', '2024-01-16T14:31:00.000Z', '2024-01-16T14:32:00.000Z',
    ]);
    expect(events.map((event) => `${event.state}:${event.doneChunks}`)).toEqual(['queued:0', 'running:0', 'running:1', 'running:2', 'running:3', 'done:3']);
    expect(backfillJobProgress(finished, NOW)).toEqual({ jobId: 'job-1', state: 'done', done: 3, total: 3, message: 'AAPL.XNAS 1m from Yahoo Finance', ts: NOW });
  });

  it('skips ranges already fetched, and ranges whose bars are already stored', async () => {
    const backfill = manager();
    await backfill.start(request);
    await backfill.whenSettled('job-1');
    const again = await backfill.start(request);
    expect(again).toMatchObject({ totalChunks: 0, skippedRanges: 1 });
    expect(await backfill.whenSettled(again.id)).toMatchObject({ state: 'done', progress: 1 });
    expect(server.requestsTo(chartPath)).toHaveLength(3);

    // a fresh job database knows nothing, but the stored bars still count
    const freshJobs = SqliteBackfillJobStore.open(join(dir, 'other-state.db'));
    const freshManager = manager(freshJobs);
    const fresh = await freshManager.start(request);
    expect(fresh.skippedRanges).toBe(2); // the two stored runs of bars (Jan 8 and Jan 16)
    expect(fresh.totalChunks).toBe(4); // the gaps around them, within 7-day requests
    await freshManager.whenSettled(fresh.id);
    freshJobs.close();
  });

  it('pauses after the chunk in hand and resumes where it stopped', async () => {
    const backfill = manager();
    const pauseAfterFirst = (status: BackfillStatus) => {
      if (status.doneChunks === 1 && status.state === 'running') void backfill.pause(status.id);
    };
    const original = events.push.bind(events);
    events.push = (...statuses: BackfillStatus[]) => {
      statuses.forEach(pauseAfterFirst);
      return original(...statuses);
    };
    await backfill.start(request);
    expect(await backfill.whenSettled('job-1')).toMatchObject({ state: 'paused', doneChunks: 1 });
    expect(chunkStarts()).toEqual(['2024-01-02']);
    events.push = original;
    await backfill.resume('job-1');
    expect(await backfill.whenSettled('job-1')).toMatchObject({ state: 'done', doneChunks: 3, barsWritten: 6 });
    expect(chunkStarts()).toEqual(['2024-01-02', '2024-01-09', '2024-01-16']);
  });

  it('cancels a request in flight and refuses to resume a cancelled job', async () => {
    server.setRoutes([{ path: chartPath, respond: { delayMs: 200, body: fixture('yahoo', 'chart-aapl-1m.json') } }]);
    const backfill = manager();
    await backfill.start(request);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await backfill.cancel('job-1')).toMatchObject({ state: 'cancelled', doneChunks: 0, barsWritten: 0 });
    const error = await failure(backfill.resume('job-1'));
    expect(error.code).toBe('ILLEGAL_TRANSITION');
    expect(error.message).toBe('cannot resume backfill job job-1: it is cancelled');
  });

  it('survives a restart: a new manager on the same database finishes the job without refetching done chunks', async () => {
    const first = manager();
    const interruptAfterFirst = (status: BackfillStatus) => {
      if (status.doneChunks === 1 && status.state === 'running') void first.close();
    };
    const original = events.push.bind(events);
    events.push = (...statuses: BackfillStatus[]) => {
      statuses.forEach(interruptAfterFirst);
      return original(...statuses);
    };
    await first.start(request);
    await first.whenSettled('job-1');
    events.push = original;
    jobs.close();

    jobs = SqliteBackfillJobStore.open(join(dir, 'state.db'));
    expect(jobs.get('job-1')).toMatchObject({ state: 'running' });
    const second = manager(jobs);
    expect(second.restore().map((status) => status.id)).toEqual(['job-1']);
    expect(await second.whenSettled('job-1')).toMatchObject({ state: 'done', doneChunks: 3, barsWritten: 6 });
    expect(chunkStarts()).toEqual(['2024-01-02', '2024-01-09', '2024-01-16']);
  });

  it('fails with the provider error, and resumes from the failed chunk once fixed', async () => {
    server.setRoutes([
      { path: chartPath, query: { period1: String(JAN(9) / 1000) }, respond: { status: 404, body: fixture('yahoo', 'chart-not-found.json') } },
      { path: chartPath, respond: { body: fixture('yahoo', 'chart-aapl-1m.json') } },
    ]);
    const backfill = manager();
    await backfill.start(request);
    expect(await backfill.whenSettled('job-1')).toMatchObject({ state: 'failed', doneChunks: 1, error: 'Yahoo Finance: unknown symbol "AAPL"' });
    server.setRoutes([{ path: chartPath, respond: { body: fixture('yahoo', 'chart-aapl-1m.json') } }]);
    await backfill.resume('job-1');
    expect(await backfill.whenSettled('job-1')).toMatchObject({ state: 'done', doneChunks: 3 });
  });

  it('refuses a bad request or a provider without history, saving nothing', async () => {
    const backfill = manager();
    const badSpec = await failure(backfill.start({ ...request, spec: '7x' }));
    expect(badSpec.code).toBe('INVALID_ARGUMENT');
    expect(badSpec.message).toMatch(/^invalid backfill request: spec: bar spec '7x' must be/);
    const badRange = await failure(backfill.start({ ...request, endMs: JAN(1) }));
    expect(badRange.message).toBe('invalid backfill request: endMs: startMs must be before endMs');
    expect((await failure(backfill.start({ ...request, provider: 'fred' }))).message).toBe('FRED has no bar history to backfill from');
    expect(() => backfill.status('nope')).toThrow('no backfill job "nope"');
    expect(backfill.list()).toEqual([]);
  });
});
