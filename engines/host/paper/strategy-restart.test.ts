// End to end through real processes: a Host child (restart-host-child.ts: one-second live bars) on
// a temp data directory, the protocol over WebSocket, SIGKILL mid-run, a new Host on the same
// directory. A live buy-and-hold run trades again with the same id and does not buy twice; a
// replay run killed mid-way is listed interrupted.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProtocolClient } from '@nws/core';
import { firstQuote } from '../test-fixtures/wait.js';
import { connectToRunningHost, runningHost } from '../host-access.js';
import { runNws } from '../test-fixtures/cli-process.js';

const CHILD = fileURLToPath(new URL('./restart-host-child.ts', import.meta.url));
const URL_LINE = /^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/m;

const home = mkdtempSync(join(tmpdir(), 'nws-strategy-restart-'));
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(home, { recursive: true, force: true });
});

interface Host {
  child: ChildProcessWithoutNullStreams;
  client: ProtocolClient;
}

/** Starts a Host child on `home`, connects, and waits until paper trading answers. */
async function startHost(): Promise<Host> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, home]);
  children.push(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  await new Promise<void>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`no URL line within 30 s; stderr: ${stderr}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`Host exited with ${code} before its URL line; stderr: ${stderr}`)));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!URL_LINE.test(stdout)) return;
      clearTimeout(timer);
      resolve();
    });
  });
  const client = await connectToRunningHost(runningHost(home)!);
  await client.call('orders.list', {}, { timeoutMs: 60_000 });
  return { child, client };
}

async function kill(host: Host): Promise<void> {
  host.client.close();
  const exited = new Promise((resolve) => host.child.once('exit', resolve));
  host.child.kill('SIGKILL');
  await exited;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`${what} not reached in ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

async function runOf(client: ProtocolClient, strategyRunId: string) {
  const { runs } = await client.call('strategies.list', {});
  return runs.find((run) => run.strategyRunId === strategyRunId);
}

async function ordersOf(client: ProtocolClient, strategyRunId: string) {
  const { open, recent } = await client.call('orders.list', { recent: 1_000 });
  return [...open, ...recent].filter((order) => order.strategyId === strategyRunId);
}

describe('strategy runs across kill -9 of the Host', () => {
  it('resumes a live buy-and-hold without buying twice, and lists a killed replay run as interrupted', { timeout: 150_000 }, async () => {
    let host = await startHost();
    const { instrumentId } = await firstQuote(host.client);
    const { strategyRunId } = await host.client.call('strategies.start', { strategy: 'buy-and-hold', params: { stake: 3 }, instrumentIds: [instrumentId], barType: '1s', source: 'live' });
    const filled = await until(() => runOf(host.client, strategyRunId), (run) => run?.fills === 1, 'the first fill');
    expect(filled).toMatchObject({ status: 'running', orders: 1 });
    const positionBefore = (await host.client.call('positions.list', {})).positions.find((position) => position.instrumentId === instrumentId);
    expect(positionBefore).toMatchObject({ netQty: 3 });

    await kill(host);
    host = await startHost();
    const resumed = await until(() => runOf(host.client, strategyRunId), (run) => run?.resumedAt !== undefined, 'the resumed run');
    expect(resumed).toMatchObject({ strategy: 'buy-and-hold', params: { stake: 3 }, instrumentIds: [instrumentId], barType: '1s', source: 'live', status: 'running', resumes: 1, note: 'resumed after restart', startedAt: filled!.startedAt, orders: 1, fills: 1 });
    // Three more live bars reach the new strategy object: still one buy, the same position.
    await until(() => runOf(host.client, strategyRunId), (run) => run!.bars >= resumed!.bars + 3, 'three bars after the resume');
    expect(await runOf(host.client, strategyRunId)).toMatchObject({ status: 'running', orders: 1, fills: 1 });
    expect(await ordersOf(host.client, strategyRunId)).toEqual([expect.objectContaining({ side: 'BUY', status: 'FILLED', filledQty: 3 })]);
    expect((await host.client.call('positions.list', {})).positions.find((position) => position.instrumentId === instrumentId)).toEqual(positionBefore);
    // `nws strategies` says so too.
    const listed = await runNws(['strategies', '--home', home]);
    expect(listed.stdout).toMatch(new RegExp(`^${strategyRunId} +buy-and-hold .* running \\(resumed \\d\\d:\\d\\d:\\d\\d UTC\\) +\\d+ +1 +1 `, 'm'));

    // A replay run killed mid-way (one bar a minute at 1×) is not resumed: it is listed interrupted.
    const replay = await host.client.call('strategies.start', { strategy: 'sma-cross', params: { fast: 3, slow: 8, stake: 1 }, instrumentIds: [instrumentId], barType: '1m', source: 'replay', replay: { speed: 1 } });
    expect(replay.run.status).toBe('running');
    await kill(host);
    host = await startHost();
    const interrupted = await until(() => runOf(host.client, replay.strategyRunId), (run) => run?.status === 'interrupted', 'the interrupted replay run');
    expect(interrupted).toMatchObject({ source: 'replay', error: 'the Host stopped during the replay' });
    expect(await until(() => runOf(host.client, strategyRunId), (run) => run?.resumes === 2, 'the second resume')).toMatchObject({ status: 'running', orders: 1 });
    host.client.close();
  });
});
