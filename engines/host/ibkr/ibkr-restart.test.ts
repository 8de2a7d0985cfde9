// End to end through real processes: `nws serve` as a child connected to the IB Gateway simulator
// (real TCP), an IBKR order, SIGKILL, the gateway fills the order while no app runs, a new Host on
// the same data directory reconnects by itself and reconciles: the fill applied once, the
// difference reported, nothing sent twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProtocolClient } from '@nws/core';
import { IbGatewaySimulator } from '@nws/marketdata';
import { connectToRunningHost, runningHost } from '../host-access.js';
import { startServe, type RunningServe } from '../test-fixtures/cli-process.js';

const home = mkdtempSync(join(tmpdir(), 'nws-ibkr-restart-'));
const sim = new IbGatewaySimulator();
const running: RunningServe[] = [];
afterAll(async () => {
  for (const serve of running) if (serve.child.exitCode === null && serve.child.signalCode === null) await serve.stop('SIGKILL');
  await sim.stop();
  rmSync(home, { recursive: true, force: true });
});

async function serveAndConnect(): Promise<ProtocolClient> {
  const serve = await startServe(['--port', '0', '--home', home]);
  running.push(serve);
  return connectToRunningHost(runningHost(home)!);
}

const until = async (predicate: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> => {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const placeOrders = () => sim.received.filter((fields) => fields[0] === '3');

describe('IBKR across a kill -9 of the Host', () => {
  it('reconciles the journal with IBKR after SIGKILL: the missed fill applied once, reported, no order re-sent', { timeout: 90_000 }, async () => {
    const port = await sim.start();
    let client = await serveAndConnect();
    await client.call('ibkr.configure', { host: '127.0.0.1', port, clientId: 3, platform: 'gateway', mode: 'paper', enabled: true });
    expect((await client.call('ibkr.connect', { waitMs: 10_000 })).state).toBe('connected');
    const order = await client.call('ibkr.orders.submit', { instrumentId: 'SPY.ARCA', side: 'BUY', type: 'LIMIT', quantity: 30, price: 120, timeInForce: 'GTC' });
    await until(async () => (await client.call('ibkr.orders.list', {})).open.some((open) => open.clientOrderId === order.clientOrderId && open.status === 'ACCEPTED'));
    client.close();
    await running[0]!.stop('SIGKILL');

    sim.fill(order.clientOrderId, 30, 119.75);
    client = await serveAndConnect();
    await until(async () => (await client.call('ibkr.status', {})).state === 'connected');
    await until(async () => (await client.call('ibkr.orders.list', {})).recent.some((done) => done.clientOrderId === order.clientOrderId && done.status === 'FILLED'));

    expect(placeOrders()).toHaveLength(1);
    expect((await client.call('ibkr.orders.list', {})).open).toEqual([]);
    expect((await client.call('ibkr.positions', {})).positions).toMatchObject([{ instrumentId: 'SPY.ARCA', netQty: 30, avgOpenPrice: 119.75 }]);
    await until(async () => (await client.call('ibkr.alerts', {})).alerts.some((alert) => alert.kind === 'reconciled'));
    const { alerts } = await client.call('ibkr.alerts', {});
    expect(alerts.filter((alert) => alert.kind === 'reconciled-fill').map((alert) => [alert.severity, alert.clientOrderId])).toEqual([['warning', order.clientOrderId]]);
    expect(alerts.filter((alert) => alert.severity === 'error')).toEqual([]);
    client.close();
  });
});
