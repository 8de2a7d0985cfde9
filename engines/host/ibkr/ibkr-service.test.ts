// The Host's `ibkr` component against the IB Gateway simulator over real TCP: settings through the
// protocol, health and alerts, orders through IBKR, reconciliation after an app restart, history
// backfill and symbol search. Never the real IB.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, type ProtocolClient } from '@nws/core';
import { IbGatewaySimulator } from '@nws/marketdata';
import { EngineName, Workstation } from '../workstation.js';
import { rejection, until } from '../test-fixtures/wait.js';

let home: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'nws-ibkr-'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  rmSync(home, { recursive: true, force: true });
});

async function startHost(): Promise<{ workstation: Workstation; client: ProtocolClient }> {
  const workstation = await Workstation.start({ home, workers: { maxThreads: 1 }, market: { demo: false } });
  const client = workstation.connect();
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    client.close();
    await workstation.stop();
  };
  cleanups.push(stop);
  return { workstation, client: Object.assign(client, { stopHost: stop }) };
}

async function startSimulator(): Promise<IbGatewaySimulator> {
  const sim = new IbGatewaySimulator();
  await sim.start();
  cleanups.push(() => sim.stop());
  return sim;
}

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const paperSettings = (port: number) => ({ host: '127.0.0.1', port, clientId: 7, platform: 'gateway' as const, mode: 'paper' as const, enabled: true });
const placeOrders = (sim: IbGatewaySimulator) => sim.received.filter((fields) => fields[0] === '3');
const engineState = async (client: ProtocolClient) => (await client.call('system.health', {})).engines.find((engine) => engine.name === EngineName.ibkr)?.status;

describe('IBKR in the Host', () => {
  it('starts switched off, and keeps the Host running and healthy otherwise when the gateway is absent', async () => {
    const { workstation, client } = await startHost();
    expect(await engineState(client)).toBe('running'); // switched off is healthy
    expect(await client.call('ibkr.status', {})).toMatchObject({ state: 'disconnected', enabled: false, mode: 'paper', port: 4002, accounts: [] });

    const status = await client.call('ibkr.configure', paperSettings(await closedPort()));
    expect(status.enabled).toBe(true);
    await until(async () => (await client.call('ibkr.status', {})).lastError !== undefined);
    const down = await client.call('ibkr.status', {});
    expect(down.state).not.toBe('connected');
    expect(down.lastError).toMatch(/cannot connect|ECONNREFUSED|closed/i);
    await until(async () => (await engineState(client)) === 'degraded');
    expect((await client.call('system.health', {})).status).toBe('degraded');
    expect(workstation.ibkr.recentAlerts().some((alert) => alert.kind === 'disconnected' && alert.severity === 'error')).toBe(true);
    // Everything else still answers; an IBKR order is refused, not queued.
    expect((await client.call('system.ping', {})).ts).toBeGreaterThan(0);
    const refused = await rejection(client.call('ibkr.orders.submit', { instrumentId: 'AAPL.NASDAQ', side: 'BUY', type: 'LIMIT', quantity: 1, price: 100, timeInForce: 'DAY' }));
    expect(refused.code).toBe(ErrorCode.Unavailable);
    expect(refused.message).toMatch(/not connected/);

    await client.call('ibkr.disconnect', {});
    expect(await engineState(client)).toBe('running');
    expect((await client.call('system.health', {})).status).toBe('ok');
  });

  it('refuses live mode without the explicit confirmation or with the risk engine off, storing nothing', async () => {
    const { workstation, client } = await startHost();
    const live = { ...paperSettings(await closedPort()), mode: 'live' as const, enabled: false };
    const unconfirmed = await rejection(client.call('ibkr.configure', live));
    expect(unconfirmed.code).toBe(ErrorCode.InvalidConfig);
    expect(unconfirmed.message).toMatch(/confirmLive/);
    expect((await client.call('ibkr.status', {})).mode).toBe('paper');

    workstation.state.setSetting('risk.limits', [{ type: 'max-open-orders', maxOpenOrders: 5, enabled: false }]);
    const riskOff = await rejection(client.call('ibkr.configure', { ...live, confirmLive: true }));
    expect(riskOff.message).toMatch(/risk engine is off/);
    expect((await client.call('ibkr.status', {})).mode).toBe('paper');

    workstation.state.setSetting('risk.limits', [{ type: 'max-open-orders', maxOpenOrders: 5 }]);
    expect(await client.call('ibkr.configure', { ...live, confirmLive: true })).toMatchObject({ mode: 'live', liveConfirmed: true, enabled: false });
  });

  it('connects from Settings, shows accounts and server version, and turns IB system codes into alerts and health', async () => {
    const sim = await startSimulator();
    const { workstation, client } = await startHost();
    await client.call('ibkr.configure', paperSettings(sim.port));
    const connected = await client.call('ibkr.connect', { waitMs: 5_000 });
    expect(connected).toMatchObject({ state: 'connected', accounts: ['DU1234567'], serverVersion: 176, host: '127.0.0.1', port: sim.port, clientId: 7 });
    expect(connected.lastError).toBeUndefined();
    await until(async () => (await engineState(client)) === 'running');

    const received: unknown[] = [];
    const subscription = await client.subscribe('alerts.*', (event) => received.push(event.data));
    sim.sendSystemMessage(1100, 'Connectivity between IB and Trader Workstation has been lost.');
    await until(async () => (await client.call('ibkr.status', {})).state === 'degraded');
    expect(await engineState(client)).toBe('degraded');
    sim.sendSystemMessage(1102, 'Connectivity between IB and Trader Workstation has been restored - data maintained.');
    sim.sendSystemMessage(2103, 'Market data farm connection is broken:usfarm');
    sim.sendSystemMessage(2104, 'Market data farm connection is OK:usfarm');
    await until(() => received.length >= 4);
    expect(received.map((alert) => { const { kind, severity, code } = alert as { kind: string; severity: string; code: number }; return [kind, severity, code]; })).toEqual([
      ['ib-1100', 'error', 1100], ['ib-1102', 'info', 1102], ['ib-2103', 'warning', 2103], ['ib-2104', 'info', 2104],
    ]);
    await until(async () => (await client.call('ibkr.status', {})).state === 'connected');
    await subscription();
    expect(workstation.ibkr.recentAlerts().length).toBeGreaterThanOrEqual(4);
  });

  it('sends orders through IBKR with our id in orderRef and shows a 201 rejection with its reason', async () => {
    const sim = await startSimulator();
    const { workstation, client } = await startHost();
    await client.call('ibkr.configure', paperSettings(sim.port));
    await client.call('ibkr.connect', { waitMs: 5_000 });
    const order = await client.call('ibkr.orders.submit', { instrumentId: 'AAPL.NASDAQ', side: 'BUY', type: 'LIMIT', quantity: 10, price: 100, timeInForce: 'GTC' });
    await until(() => placeOrders(sim).length === 1);
    expect(placeOrders(sim)[0]![26]).toBe(order.clientOrderId);
    await until(async () => (await client.call('ibkr.orders.list', {})).open.some((open) => open.clientOrderId === order.clientOrderId && open.status === 'ACCEPTED'));
    sim.fill(order.clientOrderId, 10, 100);
    await until(async () => (await client.call('ibkr.orders.list', {})).recent.some((done) => done.clientOrderId === order.clientOrderId && done.status === 'FILLED'));
    expect((await client.call('ibkr.positions', {})).positions).toMatchObject([{ instrumentId: 'AAPL.NASDAQ', netQty: 10 }]);
    // Journalled in the Host's StateStore like paper orders (journal before act).
    expect(workstation.state.getOrder(order.clientOrderId)?.status).toBe('FILLED');

    sim.rejectNextOrder('Insufficient margin');
    const rejected = await client.call('ibkr.orders.submit', { instrumentId: 'AAPL.NASDAQ', side: 'BUY', type: 'LIMIT', quantity: 5, price: 100, timeInForce: 'DAY' });
    await until(async () => (await client.call('ibkr.orders.list', {})).recent.some((done) => done.clientOrderId === rejected.clientOrderId && done.status === 'REJECTED'));
    const shown = (await client.call('ibkr.orders.list', {})).recent.find((done) => done.clientOrderId === rejected.clientOrderId)!;
    expect(shown.reason).toMatch(/201.*Insufficient margin/);
    expect(workstation.ibkr.recentAlerts().find((alert) => alert.kind === 'order-rejected')).toMatchObject({ severity: 'error', code: 201, clientOrderId: rejected.clientOrderId });
  });

  it('after an app restart applies the fill that happened meanwhile, reports it, and never sends the order twice', async () => {
    const sim = await startSimulator();
    const first = await startHost();
    await first.client.call('ibkr.configure', paperSettings(sim.port));
    await first.client.call('ibkr.connect', { waitMs: 5_000 });
    const working = await first.client.call('ibkr.orders.submit', { instrumentId: 'AAPL.NASDAQ', side: 'BUY', type: 'LIMIT', quantity: 20, price: 99.5, timeInForce: 'GTC' });
    const resting = await first.client.call('ibkr.orders.submit', { instrumentId: 'AAPL.NASDAQ', side: 'BUY', type: 'LIMIT', quantity: 5, price: 90, timeInForce: 'GTC' });
    await until(async () => (await first.client.call('ibkr.orders.list', {})).open.filter((open) => open.status === 'ACCEPTED').length === 2);
    await (first.client as ProtocolClient & { stopHost: () => Promise<void> }).stopHost();

    sim.fill(working.clientOrderId, 20, 99.5); // IB fills it while the app is closed
    const second = await startHost(); // connects by itself: the settings say enabled
    await until(async () => (await second.client.call('ibkr.status', {})).state === 'connected');
    await until(async () => (await second.client.call('ibkr.orders.list', {})).recent.some((done) => done.clientOrderId === working.clientOrderId && done.status === 'FILLED'));

    expect(placeOrders(sim)).toHaveLength(2); // nothing re-sent after the restart
    expect(sim.orders.size).toBe(2);
    const after = await second.client.call('ibkr.orders.list', {});
    expect(after.open.map((open) => [open.clientOrderId, open.status])).toEqual([[resting.clientOrderId, 'ACCEPTED']]);
    expect((await second.client.call('ibkr.positions', {})).positions).toMatchObject([{ instrumentId: 'AAPL.NASDAQ', netQty: 20 }]);
    expect(second.workstation.state.fillsFor(working.clientOrderId)).toHaveLength(1);
    await until(() => second.workstation.ibkr.recentAlerts().some((alert) => alert.kind === 'reconciled'));
    const alerts = second.workstation.ibkr.recentAlerts();
    expect(alerts.find((alert) => alert.kind === 'reconciled-fill')).toMatchObject({ severity: 'warning', clientOrderId: working.clientOrderId });
    expect(alerts.filter((alert) => alert.kind === 'orphaned-order' || alert.kind === 'unknown-order')).toEqual([]);

    // The kill switch (paper's risk engine, engaged through the protocol) cancels it at IB too; that
    // it can, shows the new session learnt its IB order id by orderRef.
    await second.client.call('risk.kill', { reason: 'test' });
    await until(() => sim.workingOrders().length === 0);
    await until(async () => (await second.client.call('ibkr.orders.list', {})).recent.some((done) => done.clientOrderId === resting.clientOrderId && done.status === 'CANCELED'));
    expect(second.workstation.ibkr.recentAlerts().some((alert) => alert.kind === 'kill-switch')).toBe(true);
    const blocked = await rejection(second.client.call('ibkr.orders.submit', { instrumentId: 'AAPL.NASDAQ', side: 'BUY', type: 'LIMIT', quantity: 1, price: 99, timeInForce: 'DAY' }));
    expect(blocked.code).toBe(ErrorCode.Conflict);
  });

  it('cancels a working order restored after a restart (its IB id learnt by orderRef)', async () => {
    const sim = await startSimulator();
    const first = await startHost();
    await first.client.call('ibkr.configure', paperSettings(sim.port));
    await first.client.call('ibkr.connect', { waitMs: 5_000 });
    const resting = await first.client.call('ibkr.orders.submit', { instrumentId: 'AAPL.NASDAQ', side: 'BUY', type: 'LIMIT', quantity: 5, price: 90, timeInForce: 'GTC' });
    await until(async () => (await first.client.call('ibkr.orders.list', {})).open.some((open) => open.status === 'ACCEPTED'));
    await (first.client as ProtocolClient & { stopHost: () => Promise<void> }).stopHost();
    const second = await startHost();
    await until(async () => (await second.client.call('ibkr.status', {})).state === 'connected');
    await until(() => second.workstation.ibkr.recentAlerts().some((alert) => alert.kind === 'reconciled'));
    await second.client.call('ibkr.orders.cancel', { clientOrderId: resting.clientOrderId });
    await until(() => sim.workingOrders().length === 0);
  });

  it('modifies a working order at IB under the same order id, and refuses a change risk denies', async () => {
    const sim = await startSimulator();
    const { client } = await startHost();
    await client.call('ibkr.configure', paperSettings(sim.port));
    await client.call('ibkr.connect', { waitMs: 5_000 });
    const resting = await client.call('ibkr.orders.submit', { instrumentId: 'AAPL.NASDAQ', side: 'BUY', type: 'LIMIT', quantity: 5, price: 90, timeInForce: 'GTC' });
    await until(async () => (await client.call('ibkr.orders.list', {})).open.some((open) => open.status === 'ACCEPTED'));
    const [sent] = sim.workingOrders();

    // The change is IB's to confirm: the order shows the new terms once IB reports it working again.
    const modified = await client.call('ibkr.orders.modify', { clientOrderId: resting.clientOrderId, quantity: 8, price: 91.5 });
    expect(modified.clientOrderId).toBe(resting.clientOrderId);
    await until(async () => (await client.call('ibkr.orders.list', {})).open.some((open) => open.quantity === 8 && open.price === 91.5 && open.status === 'ACCEPTED'));
    expect(sim.workingOrders()).toHaveLength(1);
    expect(sim.workingOrders()[0]).toMatchObject({ orderId: sent!.orderId, orderRef: resting.clientOrderId, lmtPrice: '91.5', quantity: 8 });
    expect(placeOrders(sim)).toHaveLength(2);

    // 400 shares at $91.50 is over the $25,000 order limit: refused before IB hears of it.
    const denied = await rejection(client.call('ibkr.orders.modify', { clientOrderId: resting.clientOrderId, quantity: 400 }));
    expect(denied.code).toBe(ErrorCode.InvalidOrder);
    expect(denied.message).toMatch(/max-order-notional|notional/);
    expect(placeOrders(sim)).toHaveLength(2);
    expect(sim.workingOrders()[0]).toMatchObject({ quantity: 8, lmtPrice: '91.5' });

    const unknown = await rejection(client.call('ibkr.orders.modify', { clientOrderId: 'NO-SUCH-ORDER', price: 1 }));
    expect(unknown.code).toBe(ErrorCode.NotFound);
  });

  it('backfills IBKR history through the provider and finds symbols with reqMatchingSymbols', async () => {
    const sim = await startSimulator();
    const { client } = await startHost();
    await client.call('ibkr.configure', paperSettings(sim.port));
    await client.call('ibkr.connect', { waitMs: 5_000 });
    const providers = await client.call('providers.list', { health: true });
    expect(providers.providers.find((provider) => provider.id === 'ibkr')).toMatchObject({ enabled: true, health: { status: 'up' } });

    const search = await client.call('marketdata.search', { query: 'SP' });
    expect(search.matches.filter((match) => match.source === 'ibkr').map((match) => [match.symbol, match.exchange, match.name])).toEqual([['SPY', 'ARCA', 'SPDR S&P 500 ETF TRUST']]);

    const endMs = Date.UTC(2024, 0, 1);
    const job = await client.call('backfill.start', { provider: 'ibkr', symbol: 'SPY', instrumentId: 'SPY.ARCA', spec: '1d', startMs: endMs - 365 * 86_400_000, endMs });
    await until(async () => (await client.call('backfill.list', {})).jobs.find((candidate) => candidate.id === job.id)?.state === 'done', 15_000);
    const bars = await client.call('marketdata.bars', { instrumentId: 'SPY.ARCA', barType: '1d', limit: 5_000 });
    expect(bars.ts.length).toBeGreaterThan(250);
    expect(sim.acceptedHistoryRequests.length).toBeGreaterThanOrEqual(1);
  });
});
