// The IBKR session through the Host against the IB Gateway simulator over real TCP, for what goes
// beyond plain stocks: 5-second bars on the bar topics, share-class symbols (BRK.B ↔ IB's `BRK B`),
// futures fills restored after a restart with their multiplier, the default limits for futures,
// options orders from an OCC id, and one reqPositions / reqAccountUpdates per connect.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, type ProtocolClient } from '@nws/core';
import { IbGatewaySimulator, type IbGatewaySimulatorOptions } from '@nws/marketdata';
import { Workstation } from '../workstation.js';
import { rejection, until } from '../test-fixtures/wait.js';

let home: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'nws-ibkr-session-'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  rmSync(home, { recursive: true, force: true });
});

/** TWS API message ids (client → gateway). */
const OUT = { placeOrder: '3', reqAccountUpdates: '6', reqRealTimeBars: '50', reqPositions: '61' } as const;
const sent = (sim: IbGatewaySimulator, id: string) => sim.received.filter((fields) => fields[0] === id);

async function startSimulator(options: IbGatewaySimulatorOptions = {}): Promise<IbGatewaySimulator> {
  const sim = new IbGatewaySimulator(options);
  await sim.start();
  cleanups.push(() => sim.stop());
  return sim;
}

async function startHost(): Promise<{ workstation: Workstation; client: ProtocolClient; stop: () => Promise<void> }> {
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
  return { workstation, client, stop };
}

async function connectedHost(sim: IbGatewaySimulator) {
  const host = await startHost();
  await host.client.call('ibkr.configure', { host: '127.0.0.1', port: sim.port, clientId: 7, platform: 'gateway', mode: 'paper', enabled: true });
  expect((await host.client.call('ibkr.connect', { waitMs: 5_000 })).state).toBe('connected');
  await until(() => host.workstation.ibkr.recentAlerts().some((alert) => alert.kind === 'reconciled'));
  return host;
}

async function collect(client: ProtocolClient, pattern: string): Promise<unknown[]> {
  const received: unknown[] = [];
  const unsubscribe = await client.subscribe(pattern, (event) => received.push(event.data));
  cleanups.push(() => unsubscribe());
  return received;
}

const placed = (sim: IbGatewaySimulator, ref: string) => [...sim.orders.values()].find((order) => order.orderRef === ref);

describe('IBKR connect', () => {
  it('asks IB for positions and account updates once per connect, not once per component', async () => {
    const sim = await startSimulator();
    const { client } = await connectedHost(sim);
    await until(async () => (await client.call('ibkr.account', {})).netLiquidation !== undefined);
    expect(sent(sim, OUT.reqPositions)).toHaveLength(1);
    expect(sent(sim, OUT.reqAccountUpdates)).toHaveLength(1);

    sim.dropConnections();
    await until(() => sim.connectionCount === 2 && sim.connectedClients === 1);
    await until(() => sent(sim, OUT.reqPositions).length === 2 && sent(sim, OUT.reqAccountUpdates).length === 2);
    await new Promise((resolve) => setTimeout(resolve, 300)); // nothing more follows
    expect(sent(sim, OUT.reqPositions)).toHaveLength(2);
    expect(sent(sim, OUT.reqAccountUpdates)).toHaveLength(2);
  });
});

describe('IBKR 5-second bars', () => {
  it('streams reqRealTimeBars onto bars.<id>.5s when asked, and again after a dropped connection', async () => {
    const sim = await startSimulator({ realTimeBarIntervalMs: 100 });
    const { client } = await connectedHost(sim);
    const bars = await collect(client, 'bars.AAPL.XNAS.5s');
    const quotesOnly = await client.call('ibkr.marketData.subscribe', { instruments: [{ instrumentId: 'SPY.ARCX' }] });
    expect(quotesOnly.subscriptions).toEqual([{ instrumentId: 'SPY.ARCX', depth: false, bars: false, delayed: false }]);
    expect(sent(sim, OUT.reqRealTimeBars)).toHaveLength(0);

    const subscribed = await client.call('ibkr.marketData.subscribe', { instruments: [{ instrumentId: 'AAPL.XNAS' }], bars: true });
    expect(subscribed.subscriptions.find((entry) => entry.instrumentId === 'AAPL.XNAS')).toMatchObject({ bars: true, depth: false });
    await until(() => sent(sim, OUT.reqRealTimeBars).length === 1);
    // The request carries IB's real-time-bar parameters: 5 seconds of TRADES.
    expect(sent(sim, OUT.reqRealTimeBars)[0]!.slice(15, 17)).toEqual(['5', 'TRADES']);
    sim.pushTrade('AAPL', 190.5, 100);
    sim.pushTrade('AAPL', 191.25, 300);
    sim.pushTrade('AAPL', 190.75, 50);
    await until(() => bars.some((bar) => (bar as { volume: number }).volume === 450));
    const bar = bars.find((each) => (each as { volume: number }).volume === 450) as { barType: unknown; ts: number; open: number; high: number; low: number; close: number };
    expect(bar).toMatchObject({ barType: { instrumentId: 'AAPL.XNAS', step: 5, unit: 's' }, open: 190.5, high: 191.25, low: 190.5, close: 190.75 });
    expect(bar.ts % 5_000).toBe(0); // a bar's ts is its open, on the 5-second grid

    sim.dropConnections();
    await until(() => sent(sim, OUT.reqRealTimeBars).length === 2);
    bars.length = 0;
    sim.pushTrade('AAPL', 192, 10);
    await until(() => bars.some((each) => (each as { close: number }).close === 192));
  });
});

describe('IBKR symbols with a share class', () => {
  it('sends BRK.B to IB as "BRK B" and reads IB\'s executions and positions back as BRK.B', async () => {
    const sim = await startSimulator();
    const { client } = await connectedHost(sim);
    const order = await client.call('ibkr.orders.submit', { instrumentId: 'BRK.B.NYSE', side: 'BUY', type: 'LIMIT', quantity: 10, price: 410, timeInForce: 'DAY' });
    await until(() => placed(sim, order.clientOrderId) !== undefined);
    const wire = sent(sim, OUT.placeOrder).at(-1)!;
    expect(wire[3]).toBe('BRK B');
    expect(placed(sim, order.clientOrderId)?.contract).toMatchObject({ conId: 72063691, symbol: 'BRK B' });

    sim.fill(order.clientOrderId, 10, 410);
    await until(async () => (await client.call('ibkr.positions', {})).positions.length === 1);
    expect((await client.call('ibkr.positions', {})).positions).toMatchObject([{ instrumentId: 'BRK.B.NYSE', netQty: 10, avgOpenPrice: 410 }]);
    await until(async () => (await client.call('ibkr.account', {})).positions.length === 1);
    expect((await client.call('ibkr.account', {})).positions[0]).toMatchObject({ conId: 72063691, symbol: 'BRK.B', quantity: 10, avgCost: 410, multiplier: 1 });
  });
});

describe('IBKR futures', () => {
  it('lets one ES contract through the default limits and refuses fifty', async () => {
    const sim = await startSimulator();
    const { client } = await connectedHost(sim);
    const one = await client.call('ibkr.orders.submit', { instrumentId: 'ES.CME', side: 'BUY', type: 'LIMIT', quantity: 1, price: 6_000, timeInForce: 'DAY' });
    expect(one.status).not.toBe('DENIED');
    await until(() => placed(sim, one.clientOrderId) !== undefined);
    const fifty = await rejection(client.call('ibkr.orders.submit', { instrumentId: 'ES.CME', side: 'BUY', type: 'LIMIT', quantity: 50, price: 6_000, timeInForce: 'DAY' }));
    expect(fifty.code).toBe(ErrorCode.InvalidOrder);
    expect(fifty.message).toMatch(/ES\.CME \(future\) 15000000 exceeds limit 1500000/);
    // Shares keep the $25,000 cap.
    const shares = await rejection(client.call('ibkr.orders.submit', { instrumentId: 'AAPL.NASDAQ', side: 'BUY', type: 'LIMIT', quantity: 200, price: 190, timeInForce: 'DAY' }));
    expect(shares.message).toMatch(/38000 exceeds limit 25000/);
  });

  it('restores ES fills after a restart with the multiplier 50 before IB is reachable', async () => {
    const sim = await startSimulator();
    const first = await connectedHost(sim);
    const buy = await first.client.call('ibkr.orders.submit', { instrumentId: 'ES.CME', side: 'BUY', type: 'LIMIT', quantity: 2, price: 6_000, timeInForce: 'DAY' });
    await until(() => placed(sim, buy.clientOrderId) !== undefined);
    sim.fill(buy.clientOrderId, 2, 6_000);
    const sell = await first.client.call('ibkr.orders.submit', { instrumentId: 'ES.CME', side: 'SELL', type: 'LIMIT', quantity: 1, price: 6_010, timeInForce: 'DAY' });
    await until(() => placed(sim, sell.clientOrderId) !== undefined);
    sim.fill(sell.clientOrderId, 1, 6_010);
    await until(async () => (await first.client.call('ibkr.positions', {})).positions.some((position) => position.netQty === 1));
    // 10 points × 50 on the contract sold, less $1 commission on each of the two fills (at multiplier 1 it would be 8).
    const before = (await first.client.call('ibkr.positions', {})).positions[0]!;
    expect(before).toMatchObject({ instrumentId: 'ES.CME', netQty: 1, multiplier: 50, realizedPnl: 498 });
    await first.stop();

    await sim.stop(); // the gateway is down while the app restarts: nothing can resolve the contract
    const second = await startHost();
    await second.client.call('ibkr.connect', { waitMs: 0 });
    expect((await second.client.call('ibkr.status', {})).state).not.toBe('connected');
    expect((await second.client.call('ibkr.positions', {})).positions).toMatchObject([{ instrumentId: 'ES.CME', netQty: 1, multiplier: 50, realizedPnl: 498 }]);
    const fills = (await second.client.call('ibkr.fills.list', {})).fills;
    expect(fills.map((fill) => [fill.clientOrderId, fill.side, fill.qty, fill.price])).toEqual([[sell.clientOrderId, 'SELL', 1, 6_010], [buy.clientOrderId, 'BUY', 2, 6_000]]);
    const risk = second.workstation.ibkr.trading().risk.state.entry('ES.CME');
    expect(risk).toMatchObject({ multiplier: 50, assetClass: 'future' });
    expect(risk?.position).toMatchObject({ netQty: 1, multiplier: 50 });
  });
});

describe('IBKR options', () => {
  it('sends an SPY call from its OCC id with IB\'s option fields, fills it and holds it with multiplier 100', async () => {
    const sim = await startSimulator();
    const { workstation, client } = await connectedHost(sim);
    const id = 'SPY991217C00500000.SMART';
    const order = await client.call('ibkr.orders.submit', { instrumentId: id, side: 'BUY', type: 'LIMIT', quantity: 3, price: 5.1, timeInForce: 'DAY' });
    await until(() => placed(sim, order.clientOrderId) !== undefined);
    // placeOrder's contract fields: conId, symbol, secType, lastTradeDateOrContractMonth, strike, right, multiplier.
    expect(sent(sim, OUT.placeOrder).at(-1)!.slice(2, 9)).toEqual(['700000101', 'SPY', 'OPT', '20991217', '500', 'C', '100']);
    expect(placed(sim, order.clientOrderId)).toMatchObject({ action: 'BUY', quantity: 3, orderType: 'LMT', lmtPrice: '5.1', contract: { secType: 'OPT', strike: 500, right: 'C' } });

    sim.fill(order.clientOrderId, 3, 5.1);
    await until(async () => (await client.call('ibkr.positions', {})).positions.length === 1);
    expect((await client.call('ibkr.positions', {})).positions[0]).toMatchObject({ instrumentId: id, netQty: 3, avgOpenPrice: 5.1, multiplier: 100 });
    expect(workstation.ibkr.trading().risk.state.entry(id)).toMatchObject({ multiplier: 100, assetClass: 'option' });
    await until(async () => (await client.call('ibkr.account', {})).positions.length === 1);
    expect((await client.call('ibkr.account', {})).positions[0]).toMatchObject({ conId: 700000101, symbol: 'SPY', secType: 'OPT', quantity: 3, multiplier: 100, localSymbol: 'SPY   991217C00500000' });
    // IB's portfolio line values it with the multiplier: 3 × 5.10 × 100.
    expect((await client.call('ibkr.account', {})).positions[0]!.marketValue).toBeCloseTo(1_530, 6);
  });

  it('refuses an OCC id IB has no contract for, naming it', async () => {
    const sim = await startSimulator();
    const { client } = await connectedHost(sim);
    const error = await rejection(client.call('ibkr.orders.submit', { instrumentId: 'SPY991217C00999000.SMART', side: 'BUY', type: 'LIMIT', quantity: 1, price: 1, timeInForce: 'DAY' }));
    expect(error.code).toBe(ErrorCode.UnknownInstrument);
    expect(error.message).toMatch(/SPY991217C00999000\.SMART/);
    expect(sent(sim, OUT.placeOrder)).toHaveLength(0);
  });
});
