import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { ErrorCode, NwsError, ProtocolClient, connectWebSocket, patterns, type EngineStatus, type Bar, type LogRecord, type QuoteTick } from '@nws/core';
import { HOST_VERSION } from './version.js';
import { defineWorkerTask } from './workers/worker-pool.js';
import { EngineName, Workstation } from './workstation.js';

let home: string;
const running: Workstation[] = [];

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'nws-workstation-'));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((workstation) => workstation.stop()));
  rmSync(home, { recursive: true, force: true });
});

async function start(extra: Record<string, unknown> = {}): Promise<Workstation> {
  // The demo market is off unless a test asks for it: writing it costs seconds per start.
  const workstation = await Workstation.start({ home, workers: { maxThreads: 1 }, market: { demo: false }, ...extra });
  running.push(workstation);
  return workstation;
}

async function startFailure(input: Record<string, unknown>): Promise<NwsError> {
  const error = await Workstation.start(input as never).then(
    (workstation) => {
      running.push(workstation);
      return expect.fail('expected start to fail');
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(NwsError);
  return error as NwsError;
}

function readLock(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(home, 'host.lock'), 'utf8')) as Record<string, unknown>;
}

async function webSocketClient(workstation: Workstation, token = workstation.token): Promise<ProtocolClient> {
  const connection = await connectWebSocket({ url: workstation.protocolUrl, token, WebSocket, openTimeoutMs: 5_000 });
  return new ProtocolClient(connection);
}

describe('Workstation', () => {
  it('starts every engine and answers system.health with their real states', async () => {
    const workstation = await start();
    const client = workstation.connect();
    const health = await client.call('system.health');
    expect(health.status).toBe('ok');
    expect(health.version).toBe(HOST_VERSION);
    expect(health.transport).toBe('in-process');
    expect(health.engines).toEqual([
      { name: EngineName.messageBus, status: 'running' },
      { name: EngineName.timeSeriesStore, status: 'running' },
      { name: EngineName.stateStore, status: 'running' },
      { name: EngineName.workerPool, status: 'running' },
      { name: EngineName.marketData, status: 'running' },
      { name: EngineName.marketDataProviders, status: 'running' },
      { name: EngineName.paperTrading, status: 'running' },
      { name: EngineName.ibkr, status: 'running' },
      { name: EngineName.protocolServer, status: 'running' },
    ]);
    expect(health.startedAt).toBe(workstation.startedAt);
    expect(health.dataDir).toBe(home);
    expect(existsSync(join(home, 'timeseries.duckdb'))).toBe(true);
    expect(existsSync(join(home, 'state.sqlite'))).toBe(true);
    expect(workstation.state.schemaVersion).toBeGreaterThan(0);
    expect(await workstation.timeSeries.listSeries()).toEqual([]);
    client.close();
  });

  it('writes the demo market on first start, streams quotes, live bars and live indicators, and lists the instruments', async () => {
    const workstation = await start({ market: { demo: true, liveBars: '1s' } });
    await workstation.whenMarketDataReady();
    const quotes: QuoteTick[] = [];
    const bars: Bar[] = [];
    const features: Array<{ key: string; values: Record<string, number> }> = [];
    const disposers = [
      workstation.bus.subscribe(patterns.quotes({}), (quote) => void quotes.push(quote)),
      workstation.bus.subscribe(patterns.bars({ barSpec: '1s' }), (bar) => void bars.push(bar)),
      workstation.bus.subscribe(patterns.features<{ key: string; values: Record<string, number> }>({ barSpec: '1s' }), (update) => void features.push(update)),
    ];
    await vi.waitFor(() => expect(quotes.length).toBeGreaterThan(20), { timeout: 10_000, interval: 50 });
    // 1-second bars from the simulator's trades; EMA(20) is ready after 20 of one instrument's bars.
    await vi.waitFor(() => expect(bars.length).toBeGreaterThan(0), { timeout: 10_000, interval: 100 });
    for (const bar of bars) {
      expect(bar.high).toBeGreaterThanOrEqual(Math.max(bar.open, bar.close));
      expect(bar.low).toBeLessThanOrEqual(Math.min(bar.open, bar.close));
      expect(bar.ts % 1000).toBe(0);
    }
    await vi.waitFor(() => expect(features.some((update) => update.key === 'ema_20')).toBe(true), { timeout: 40_000, interval: 250 });
    for (const dispose of disposers) dispose();
    for (const quote of quotes.slice(0, 20)) {
      expect(quote.ask).toBeGreaterThan(quote.bid);
      expect(quote.bid).toBeGreaterThan(0);
    }
    const client = workstation.connect();
    const { instruments } = await client.call('marketdata.instruments');
    expect(instruments.length).toBeGreaterThanOrEqual(20);
    for (const instrument of instruments) {
      // 1d and 1m of demo history; 1s from the live bars recorded so far (written every 5 s).
      expect(instrument.series.map((series) => series.barType).filter((type) => type !== '1s').sort()).toEqual(['1d', '1m']);
      expect(instrument.series.find((series) => series.barType === '1d')!.rows).toBeGreaterThanOrEqual(5 * 250);
    }
    // The live bars are in the store: the first one seen on the bus reads back as it was published.
    const first = bars[0]!;
    await vi.waitFor(
      async () => {
        const stored = await client.call('marketdata.bars', { instrumentId: first.barType.instrumentId, barType: '1s', from: first.ts, to: first.ts + 1_000 });
        expect([stored.ts, stored.open, stored.high, stored.low, stored.close, stored.volume]).toEqual([[first.ts], [first.open], [first.high], [first.low], [first.close], [first.volume]]);
      },
      { timeout: 10_000, interval: 500 },
    );
    expect(new Set(instruments.map((instrument) => instrument.sector)).size).toBeGreaterThanOrEqual(5);
    client.close();
  });

  it('listens before writing the demo market; requests that need it wait for it instead of answering early', async () => {
    const workstation = await start({ market: { demo: true } });
    // Start returned (the URL would be printed) before any demo data was written...
    expect(workstation.state.listInstruments()).toEqual([]);
    expect(await workstation.timeSeries.listSeries()).toEqual([]);
    const client = workstation.connect();
    // ...and the dashboard's first requests, sent right away, get the whole demo market.
    const [{ instruments }, bars, { account }] = await Promise.all([
      client.call('marketdata.instruments', {}),
      client.call('marketdata.bars', { instrumentId: 'NOVA.SIM', barType: '1d', limit: 260 }),
      client.call('account.get', {}),
    ]);
    expect(instruments).toHaveLength(24);
    expect(bars.ts).toHaveLength(260);
    expect(account.id).toBe('PAPER-001');
    client.close();
  });

  it('stops cleanly right after start, before the background start has written anything', async () => {
    const workstation = await start({ market: { demo: true } });
    await workstation.stop();
    expect(existsSync(join(home, 'host.lock'))).toBe(false);
    expect(workstation.engineHealth().every((engine) => engine.status === 'stopped' || engine.status === 'ready')).toBe(true);
  });

  it('writes host.lock (pid, port, token, startedAt; mode 0600) and removes it on stop', async () => {
    const workstation = await start();
    const lock = readLock();
    expect(lock).toMatchObject({ pid: process.pid, host: '127.0.0.1', port: workstation.address.port, token: workstation.token });
    expect(lock.startedAt).toBe(workstation.startedAt);
    expect(statSync(join(home, 'host.lock')).mode & 0o777).toBe(0o600);
    await workstation.stop();
    expect(existsSync(join(home, 'host.lock'))).toBe(false);
  });

  it('serves the protocol over WebSocket with the token, and refuses a wrong token', async () => {
    const workstation = await start();
    const client = await webSocketClient(workstation);
    const health = await client.call('system.health');
    expect(health.transport).toBe('websocket');
    expect(health.engines.every((engine) => engine.status === 'running')).toBe(true);
    client.close();
    await expect(webSocketClient(workstation, 'x'.repeat(64))).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed });
  });

  it('refuses a second Host on the same data directory, naming the pid and URL', async () => {
    const first = await start();
    const error = await startFailure({ home });
    expect(error.code).toBe(ErrorCode.Locked);
    expect(error.message).toContain(`pid ${process.pid}`);
    expect(error.message).toContain(`http://127.0.0.1:${first.address.port}/`);
    expect(error.message).not.toContain(first.token); // secrets never in messages
    expect(readLock().token).toBe(first.token); // the first Host's lock is untouched
  });

  it('takes over a stale lock left by a dead process', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.pid']);
    const deadPid = dead.pid!;
    writeFileSync(join(home, 'host.lock'), JSON.stringify({ pid: deadPid, host: '127.0.0.1', port: 1, token: 'old', startedAt: 1 }));
    const workstation = await start();
    expect(readLock()).toMatchObject({ pid: process.pid, token: workstation.token });
  });

  it('publishes engine state changes on the bus and reports degraded health', async () => {
    const workstation = await start();
    const seen: EngineStatus[] = [];
    workstation.bus.subscribe(patterns.engineStatus(), (status) => void seen.push(status));
    const client = await webSocketClient(workstation);
    const overProtocol: unknown[] = [];
    await client.subscribe(patterns.engineStatus(), (event) => void overProtocol.push(event));

    workstation.reportEngineState(EngineName.workerPool, 'degraded', 'two threads crashed');

    expect(seen).toEqual([{ engine: 'worker-pool', state: 'degraded', message: 'two threads crashed', ts: expect.any(Number) }]);
    const health = await client.call('system.health');
    expect(health.status).toBe('degraded');
    expect(health.engines).toContainEqual({ name: 'worker-pool', status: 'degraded' });
    await expect.poll(() => overProtocol.length).toBe(1);
    expect(overProtocol[0]).toMatchObject({ topic: 'engines.worker-pool.status', data: { state: 'degraded' } });
    client.close();
  });

  it('runs worker tasks through its pool and logs a thread crash as a warning', async () => {
    const workstation = await start();
    const fixtures = new URL('./test-fixtures/worker-tasks.ts', import.meta.url);
    expect(await workstation.workers.run(defineWorkerTask<{ value: number }, number>('test.double', fixtures, 'double'), { value: 8 })).toBe(16);
    const logs: LogRecord[] = [];
    workstation.bus.subscribe(patterns.logs({ level: 'warn' }), (record) => void logs.push(record));
    await expect(workstation.workers.run(defineWorkerTask('test.exit', fixtures, 'exitThread'), { code: 3 })).rejects.toThrow(/exited with code 3/);
    expect(logs).toEqual([
      { level: 'warn', source: 'worker-pool', message: 'worker task "test.exit" failed: its worker thread exited with code 3', ts: expect.any(Number) },
    ]);
    expect(workstation.engineHealth().find((engine) => engine.name === 'worker-pool')?.status).toBe('running');
  });

  it('stops idempotently and releases the port and the files for the next Host', async () => {
    const first = await start();
    const port = first.address.port;
    await Promise.all([first.stop(), first.stop()]);
    await first.stop();
    await expect(connectWebSocket({ url: `ws://127.0.0.1:${port}/ws`, token: first.token, WebSocket, openTimeoutMs: 2_000 })).rejects.toThrow();
    const second = await start();
    const client = second.connect();
    expect((await client.call('system.health')).status).toBe('ok');
    client.close();
  });

  it('rejects bad config naming every bad field, before touching the directory', async () => {
    const error = await startFailure({ home, server: { port: 70000, colour: 'red' }, workers: { maxThreads: 0 } });
    expect(error.code).toBe(ErrorCode.InvalidConfig);
    expect(error.message).toContain('server.port');
    expect(error.message).toContain('colour');
    expect(error.message).toContain('workers.maxThreads');
    expect(existsSync(join(home, 'host.lock'))).toBe(false);
  });

  it('fails cleanly when its port is taken: the lock is released and everything started is stopped', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const error = await startFailure({ home, server: { port } });
      expect(error.message).toContain(`port ${port} is already in use`);
      expect(existsSync(join(home, 'host.lock'))).toBe(false);
    } finally {
      blocker.close();
    }
    const workstation = await start(); // DuckDB file was closed: a new Host can open it
    expect(workstation.engineHealth().every((engine) => engine.status === 'running')).toBe(true);
  });
});
