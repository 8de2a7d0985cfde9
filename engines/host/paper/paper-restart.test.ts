// End to end through real processes: `nws serve` as a child, the protocol over WebSocket, a
// SIGKILL mid-session, a new Host on the same data directory, and `nws kill` against it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NwsError } from '@nws/core';
import { firstQuote } from '../test-fixtures/wait.js';
import type { ProtocolClient } from '@nws/core';
import { connectToRunningHost, runningHost } from '../host-access.js';
import { runNws, startServe, type RunningServe } from '../test-fixtures/cli-process.js';

const home = mkdtempSync(join(tmpdir(), 'nws-paper-e2e-'));
const running: RunningServe[] = [];
afterAll(async () => {
  for (const serve of running) if (serve.child.exitCode === null && serve.child.signalCode === null) await serve.stop('SIGKILL');
  rmSync(home, { recursive: true, force: true });
});

async function serveAndConnect(): Promise<ProtocolClient> {
  const serve = await startServe(['--port', '0', '--home', home]);
  running.push(serve);
  const client = await connectToRunningHost(runningHost(home)!);
  // Paper trading comes up after the demo market; the first call waits for it.
  await client.call('orders.list', {}, { timeoutMs: 60_000 });
  return client;
}

async function rejection(promise: Promise<unknown>): Promise<NwsError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof NwsError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

async function snapshot(client: ProtocolClient) {
  const [orders, positions, account] = await Promise.all([client.call('orders.list', {}), client.call('positions.list', {}), client.call('account.get', {})]);
  return { open: orders.open, positions: positions.positions, cash: account.cash };
}

describe('paper trading in the Host', () => {
  it('keeps open orders and positions exactly across kill -9, and the kill switch works end to end', { timeout: 120_000 }, async () => {
    let client = await serveAndConnect();
    const quote = await firstQuote(client);
    const instrumentId = quote.instrumentId;
    const working = await client.call('orders.submit', { instrumentId, type: 'LIMIT', side: 'BUY', quantity: 1, price: Math.round(quote.bid * 0.95 * 100) / 100 });
    const quantity = Math.max(1, Math.floor(2_000 / quote.ask));
    const market = await client.call('orders.submit', { instrumentId, type: 'MARKET', side: 'BUY', quantity });
    expect(working.status).toBe('ACCEPTED');
    expect(market).toMatchObject({ status: 'FILLED', filledQty: quantity });
    const before = await snapshot(client);
    expect(before.open.map((order) => order.clientOrderId)).toEqual([working.clientOrderId]);
    expect(before.positions).toEqual([expect.objectContaining({ instrumentId, netQty: quantity, avgOpenPrice: market.avgFillPrice })]);

    client.close();
    await running[0]!.stop('SIGKILL');
    client = await serveAndConnect();
    // Market orders (the flatten below) fill on the next quote; the restarted simulator's first
    // quotes can come a moment after the Host answers, so the test waits for them.
    await firstQuote(client);
    const after = await snapshot(client);
    expect(after).toEqual(before);
    const listed = await runNws(['orders', '--json', '--home', home]);
    expect(JSON.parse(listed.stdout).open.map((order: { clientOrderId: string }) => order.clientOrderId)).toEqual([working.clientOrderId]);
    const held = await runNws(['positions', '--json', '--home', home]);
    expect(JSON.parse(held.stdout).positions).toEqual(before.positions);

    // `nws kill --flatten` against the running Host: the order is canceled, the position closed.
    const killed = await runNws(['kill', '--flatten', '--reason', 'e2e', '--json', '--home', home]);
    expect(killed.code, killed.stderr).toBe(0);
    expect(JSON.parse(killed.stdout)).toMatchObject({ via: 'host', engaged: true, canceledOrders: 1, flattened: [instrumentId] });
    const flat = await snapshot(client);
    expect(flat.open).toEqual([]);
    expect(flat.positions).toEqual([expect.objectContaining({ instrumentId, netQty: 0 })]);
    const refused = await rejection(client.call('orders.submit', { instrumentId, type: 'MARKET', side: 'BUY', quantity: 1 }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('kill switch engaged (e2e)');

    // Still engaged after a restart; `nws kill --rearm` lets orders through again.
    client.close();
    await running[1]!.stop('SIGKILL');
    client = await serveAndConnect();
    await firstQuote(client);
    expect(await client.call('risk.killStatus', {})).toMatchObject({ engaged: true, reason: 'e2e', flatten: true });
    const rearmed = await runNws(['kill', '--rearm', '--by', 'e2e-test', '--json', '--home', home]);
    expect(JSON.parse(rearmed.stdout)).toMatchObject({ via: 'host', action: 'rearm', engaged: false });
    const again = await client.call('orders.submit', { instrumentId, type: 'MARKET', side: 'BUY', quantity: 1 });
    expect(again.status).toBe('FILLED');
    const limits = await client.call('risk.limits', {});
    expect(limits.limits.map((limit) => limit.id)).toContain('max-order-notional:account');
    client.close();
  });
});
