// IBKR market data and non-stock orders through the Host, against the IB Gateway simulator over
// real TCP: quotes, trades and depth on the same bus topics as the demo simulator, the delayed
// fallback, subscriptions restored after a dropped connection, quotes marking the IB risk engine,
// and futures / forex orders routed with the right IB contract.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, type ProtocolClient } from '@nws/core';
import { IbGatewaySimulator } from '@nws/marketdata';
import { Workstation } from '../workstation.js';
import { rejection, until } from '../test-fixtures/wait.js';

let home: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'nws-ibkr-md-'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  rmSync(home, { recursive: true, force: true });
});

/** A Host connected to a fresh simulator. */
async function connectedHost(): Promise<{ sim: IbGatewaySimulator; workstation: Workstation; client: ProtocolClient }> {
  const sim = new IbGatewaySimulator();
  await sim.start();
  cleanups.push(() => sim.stop());
  const workstation = await Workstation.start({ home, workers: { maxThreads: 1 }, market: { demo: false } });
  const client = workstation.connect();
  cleanups.push(async () => {
    client.close();
    await workstation.stop();
  });
  await client.call('ibkr.configure', { host: '127.0.0.1', port: sim.port, clientId: 7, platform: 'gateway', mode: 'paper', enabled: true });
  expect((await client.call('ibkr.connect', { waitMs: 5_000 })).state).toBe('connected');
  return { sim, workstation, client };
}

/** TWS API message ids of reqMktData and reqMktDepth. */
const OUT_REQ_MKT_DATA = '1';
const OUT_REQ_MKT_DEPTH = '10';

/** The gateway got these requests (a tick pushed before its request arrives reaches nobody, as at IB). */
async function requested(sim: IbGatewaySimulator, messageIds: string[]): Promise<void> {
  await until(() => messageIds.every((id) => sim.received.some((fields) => fields[0] === id)));
}

async function collect(client: ProtocolClient, pattern: string): Promise<unknown[]> {
  const received: unknown[] = [];
  const unsubscribe = await client.subscribe(pattern, (event) => received.push(event.data));
  cleanups.push(() => unsubscribe());
  return received;
}

describe('IBKR market data on the bus', () => {
  it('streams quotes, trades and depth on the demo topics, and its quotes let market orders through risk', async () => {
    const { sim, client } = await connectedHost();
    const quotes = await collect(client, 'quotes.AAPL.XNAS');
    const trades = await collect(client, 'trades.AAPL.XNAS');
    const books = await collect(client, 'depth.AAPL.XNAS');
    const market = { instrumentId: 'AAPL.XNAS', side: 'BUY', type: 'MARKET', quantity: 10, timeInForce: 'DAY' } as const;

    const unpriced = await rejection(client.call('ibkr.orders.submit', market));
    expect(unpriced.code).toBe(ErrorCode.InvalidOrder);
    expect(unpriced.message).toMatch(/refused by risk/);

    const subscribed = await client.call('ibkr.marketData.subscribe', { instruments: [{ instrumentId: 'AAPL.XNAS' }], depth: true });
    expect(subscribed.subscriptions).toEqual([{ instrumentId: 'AAPL.XNAS', depth: true, bars: false, delayed: false }]);
    await requested(sim, [OUT_REQ_MKT_DATA, OUT_REQ_MKT_DEPTH]);
    sim.pushQuote('AAPL', { bid: 189.5, ask: 189.52, bidSize: 300, askSize: 200 });
    sim.pushTrade('AAPL', 189.51, 100);
    sim.setBook('AAPL', [[189.5, 300], [189.49, 500]], [[189.52, 200]]);
    await until(() => quotes.length >= 1 && trades.length >= 1 && books.length >= 3);
    expect(quotes[0]).toMatchObject({ instrumentId: 'AAPL.XNAS', bid: 189.5, ask: 189.52, bidSize: 300, askSize: 200 });
    expect(trades[0]).toMatchObject({ instrumentId: 'AAPL.XNAS', price: 189.51, size: 100 });
    expect(books.at(-1)).toMatchObject({ instrumentId: 'AAPL.XNAS', bids: [{ price: 189.5, size: 300 }, { price: 189.49, size: 500 }], asks: [{ price: 189.52, size: 200 }] });

    const order = await client.call('ibkr.orders.submit', market);
    expect(order.status).not.toBe('DENIED');
    await until(() => [...sim.orders.values()].some((placed) => placed.orderRef === order.clientOrderId));
    expect([...sim.orders.values()].find((placed) => placed.orderRef === order.clientOrderId)).toMatchObject({ orderType: 'MKT', quantity: 10, contract: { symbol: 'AAPL', secType: 'STK' } });

    const after = await client.call('ibkr.marketData.unsubscribe', { instrumentIds: ['AAPL.XNAS'] });
    expect(after.subscriptions).toEqual([]);
    const before = quotes.length;
    sim.pushQuote('AAPL', { bid: 190, ask: 190.02, bidSize: 1, askSize: 1 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(quotes.length).toBe(before);
  });

  it('falls back to delayed data without a subscription and shows it, and restores streams after a dropped connection', async () => {
    const { sim, client } = await connectedHost();
    sim.unsubscribedSymbols.add('SPY');
    const quotes = await collect(client, 'quotes.*.*');
    await client.call('ibkr.marketData.subscribe', { instruments: [{ instrumentId: 'SPY.ARCX' }, { instrumentId: 'AAPL.XNAS' }] });
    sim.pushQuote('SPY', { bid: 500.1, ask: 500.12, bidSize: 10, askSize: 12 });
    await until(() => quotes.some((quote) => (quote as { instrumentId: string }).instrumentId === 'SPY.ARCX'));
    const listed = await client.call('ibkr.marketData.subscribe', { instruments: [{ instrumentId: 'SPY.ARCX' }] });
    expect(listed.subscriptions.find((entry) => entry.instrumentId === 'SPY.ARCX')).toMatchObject({ delayed: true });
    expect(listed.subscriptions.find((entry) => entry.instrumentId === 'AAPL.XNAS')).toMatchObject({ delayed: false });
    expect((await client.call('ibkr.status', {})).marketDataType).toBe('delayed');

    const connectionsBefore = sim.connectionCount;
    sim.dropConnections();
    await until(() => sim.connectionCount > connectionsBefore && sim.connectedClients === 1);
    await until(async () => (await client.call('ibkr.status', {})).state === 'connected');
    quotes.length = 0;
    // The Host never asked again: the connection layer re-sent both subscriptions on reconnect.
    await until(() => {
      sim.pushQuote('AAPL', { bid: 191, ask: 191.02, bidSize: 5, askSize: 6 });
      return quotes.some((quote) => (quote as { bid: number }).bid === 191);
    });
    expect((await client.call('ibkr.marketData.subscribe', { instruments: [{ instrumentId: 'AAPL.XNAS' }] })).subscriptions).toHaveLength(2);
  });

  it('refuses bad subscriptions clearly and subscribes nothing', async () => {
    const { client } = await connectedHost();
    const unknown = await rejection(client.call('ibkr.marketData.subscribe', { instruments: [{ instrumentId: 'AAPL.XNAS' }, { instrumentId: 'NOSUCH.XNAS' }] }));
    expect(unknown.code).toBe(ErrorCode.UnknownInstrument);
    expect(unknown.message).toMatch(/NOSUCH\.XNAS/);
    const badForex = await rejection(client.call('ibkr.marketData.subscribe', { instruments: [{ instrumentId: 'EURO.IDEALPRO' }] }));
    expect(badForex.code).toBe(ErrorCode.InvalidArgument);
    expect((await client.call('ibkr.marketData.unsubscribe', { instrumentIds: ['AAPL.XNAS'] })).subscriptions).toEqual([]);
    await client.call('ibkr.disconnect', {});
    expect((await rejection(client.call('ibkr.marketData.subscribe', { instruments: [{ instrumentId: 'AAPL.XNAS' }] }))).code).toBe(ErrorCode.Unavailable);
  });
});

describe('IBKR orders beyond stocks', () => {
  it('routes a front-month future and a forex order with their IB contracts, fills them and keeps positions', async () => {
    const { sim, client } = await connectedHost();
    const future = await client.call('ibkr.orders.submit', { instrumentId: 'ES.CME', side: 'BUY', type: 'LIMIT', quantity: 1, price: 400.25, timeInForce: 'DAY' });
    const forex = await client.call('ibkr.orders.submit', { instrumentId: 'EUR.USD.IDEALPRO', side: 'SELL', type: 'LIMIT', quantity: 20_000, price: 1.0855, timeInForce: 'GTC' });
    const placed = (ref: string) => [...sim.orders.values()].find((order) => order.orderRef === ref);
    await until(() => placed(future.clientOrderId) !== undefined && placed(forex.clientOrderId) !== undefined);
    // ES front month: the September contract expires before December.
    expect(placed(future.clientOrderId)).toMatchObject({ action: 'BUY', quantity: 1, lmtPrice: '400.25', contract: { conId: 495512552, secType: 'FUT', localSymbol: 'ESU99' } });
    expect(placed(forex.clientOrderId)).toMatchObject({ action: 'SELL', quantity: 20_000, contract: { conId: 12087792, secType: 'CASH', symbol: 'EUR', currency: 'USD' } });

    sim.fill(future.clientOrderId, 1, 400.25);
    sim.fill(forex.clientOrderId, 20_000, 1.0855);
    await until(async () => (await client.call('ibkr.positions', {})).positions.length === 2);
    const positions = (await client.call('ibkr.positions', {})).positions;
    expect(positions.find((position) => position.instrumentId === 'ES.CME')).toMatchObject({ netQty: 1 });
    expect(positions.find((position) => position.instrumentId === 'EUR.USD.IDEALPRO')).toMatchObject({ netQty: -20_000 });
  });

  it('uses an explicit contract given with the subscription for that instrument\'s orders too', async () => {
    const { sim, client } = await connectedHost();
    await client.call('ibkr.marketData.subscribe', { instruments: [{ instrumentId: 'ESZ99.CME', contract: { kind: 'future', symbol: 'ES', exchange: 'CME', expiry: '209912' } }] });
    const order = await client.call('ibkr.orders.submit', { instrumentId: 'ESZ99.CME', side: 'SELL', type: 'LIMIT', quantity: 1, price: 410, timeInForce: 'DAY' });
    await until(() => [...sim.orders.values()].some((placed) => placed.orderRef === order.clientOrderId));
    expect([...sim.orders.values()].find((placed) => placed.orderRef === order.clientOrderId)?.contract).toMatchObject({ conId: 495512551, localSymbol: 'ESZ99' });
  });
});

describe('IBKR account', () => {
  it('shows IB account values and P&L, streams them under the IB account id, and gives the risk engine IB\'s equity', async () => {
    const { workstation, client } = await connectedHost();
    const accounts = await collect(client, 'account.DU1234567');
    const pnl = await collect(client, 'pnl.account.DU1234567');
    await until(async () => (await client.call('ibkr.account', {})).pnl !== undefined && (await client.call('ibkr.account', {})).netLiquidation !== undefined);
    expect(await client.call('ibkr.account', {})).toMatchObject({
      account: 'DU1234567', currency: 'USD', netLiquidation: 1_000_000, cash: 1_000_000, buyingPower: 4_000_000, initMargin: 0, positions: [],
      pnl: { daily: 0, unrealized: 0, realized: 0 },
    });
    await until(() => accounts.length > 0 && pnl.length > 0);
    expect(accounts.at(-1)).toMatchObject({ id: 'DU1234567', type: 'margin', baseCurrency: 'USD', balances: { USD: { total: 1_000_000, free: 1_000_000 } }, marginUsed: 0 });
    expect(pnl.at(-1)).toMatchObject({ account: 'DU1234567', netLiquidation: 1_000_000 });
    // Not the 100,000 placeholder: the risk engine measures from IB's net liquidation.
    expect(workstation.ibkr.trading().risk.state.equity).toBe(1_000_000);
    expect(workstation.ibkr.trading().risk.state.dayStartEquity).toBe(1_000_000);
  });

  it('answers UNAVAILABLE before the first connect', async () => {
    const workstation = await Workstation.start({ home, workers: { maxThreads: 1 }, market: { demo: false } });
    const client = workstation.connect();
    cleanups.push(async () => {
      client.close();
      await workstation.stop();
    });
    expect((await rejection(client.call('ibkr.account', {}))).code).toBe(ErrorCode.Unavailable);
  });
});
