// Which IB positions carry our instrument id (and so can be closed from the positions widget):
// the rules on IB's position data, then `ibkr.account` over the Host against the IB Gateway
// simulator (real TCP), then the contract book's ids winning over derived ones (real SQLite).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageBus, instrumentId, topics, accountId, type InstrumentId } from '@nws/core';
import { IbGatewaySimulator, IbkrConnection, IbkrContracts, defaultSimContracts, defineIbkrConnectionConfig, type IbkrAccountPosition, type SimContract } from '@nws/marketdata';
import { StateStore } from '@nws/storage';
import { Workstation } from '../workstation.js';
import { until } from '../test-fixtures/wait.js';
import { IbkrAccount, positionInstrumentId, type IbkrAccountView } from './ibkr-account-view.js';
import { IbkrContractBook } from './ibkr-contract-book.js';

let home: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'nws-ibkr-account-view-'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  rmSync(home, { recursive: true, force: true });
});

/** An IB position as IbkrAccountFeed keeps it (symbol already in our spelling). */
function ibPosition(fields: Partial<IbkrAccountPosition> & Pick<IbkrAccountPosition, 'conId' | 'symbol' | 'secType'>): IbkrAccountPosition {
  return { account: 'DU1234567', currency: 'USD', quantity: 10, avgCost: 100, multiplier: 1, ...fields };
}

const CAD_STOCK: SimContract = { conId: 900_001, symbol: 'SHOP', secType: 'STK', exchange: 'SMART', primaryExch: 'TSE', currency: 'CAD', minTick: 0.01, longName: 'SHOPIFY INC' };
const simContract = (conId: number): SimContract => defaultSimContracts.find((contract) => contract.conId === conId)!;

async function startSimulator(contracts: SimContract[] = defaultSimContracts): Promise<IbGatewaySimulator> {
  const sim = new IbGatewaySimulator({ contracts });
  await sim.start();
  cleanups.push(() => sim.stop());
  return sim;
}

describe('positionInstrumentId', () => {
  it('names USD shares by their listing exchange, writing a share class with a dot', () => {
    expect(positionInstrumentId(ibPosition({ conId: 72063691, symbol: 'BRK.B', secType: 'STK', localSymbol: 'BRK B', primaryExch: 'NYSE' }))).toBe('BRK.B.NYSE');
    expect(positionInstrumentId(ibPosition({ conId: 265598, symbol: 'AAPL', secType: 'STK', primaryExch: 'NASDAQ' }))).toBe('AAPL.NASDAQ');
    // Before IB's portfolio update says where it lists, the id is the SMART-routed stock.
    expect(positionInstrumentId(ibPosition({ conId: 265598, symbol: 'AAPL', secType: 'STK' }))).toBe('AAPL.SMART');
  });

  it('names options by their OCC symbol and forex pairs as BASE.QUOTE.IDEALPRO', () => {
    expect(positionInstrumentId(ibPosition({ conId: 700000101, symbol: 'SPY', secType: 'OPT', localSymbol: 'SPY   991217C00500000', multiplier: 100 }))).toBe('SPY991217C00500000.SMART');
    expect(positionInstrumentId(ibPosition({ conId: 12087792, symbol: 'EUR', secType: 'CASH', localSymbol: 'EUR.USD', currency: 'USD' }))).toBe('EUR.USD.IDEALPRO');
  });

  it('names nothing it could not close safely: futures outside the contract book, other currencies, other kinds', () => {
    // ES.CME would be the front month, which need not be the month held.
    expect(positionInstrumentId(ibPosition({ conId: 495512552, symbol: 'ES', secType: 'FUT', localSymbol: 'ESU99', multiplier: 50 }))).toBeUndefined();
    // An order for SHOP.TSE resolves as a USD SMART stock: another listing than the one held.
    expect(positionInstrumentId(ibPosition({ conId: 900001, symbol: 'SHOP', secType: 'STK', primaryExch: 'TSE', currency: 'CAD' }))).toBeUndefined();
    expect(positionInstrumentId(ibPosition({ conId: 800001, symbol: 'AAPL', secType: 'OPT', localSymbol: 'AAPL 2099 JAN 200 C', multiplier: 100 }))).toBeUndefined();
    expect(positionInstrumentId(ibPosition({ conId: 800002, symbol: 'T', secType: 'BOND', currency: 'USD' }))).toBeUndefined();
  });

  it('takes the contract book\'s id first, so a close nets against the position the app holds', () => {
    const book = new Map<number, InstrumentId>([[265598, instrumentId('AAPL', 'SMART')], [495512552, instrumentId('ESU99', 'CME')]]);
    const known = (conId: number) => book.get(conId);
    expect(positionInstrumentId(ibPosition({ conId: 265598, symbol: 'AAPL', secType: 'STK', primaryExch: 'NASDAQ' }), known)).toBe('AAPL.SMART');
    expect(positionInstrumentId(ibPosition({ conId: 495512552, symbol: 'ES', secType: 'FUT', localSymbol: 'ESU99', multiplier: 50 }), known)).toBe('ESU99.CME');
  });
});

describe('ibkr.account positions over the Host', () => {
  it('carries the instrument id of every position whose contract maps to one, and none otherwise', async () => {
    const sim = await startSimulator([...defaultSimContracts, CAD_STOCK]);
    sim.positions.set(72063691, { contract: simContract(72063691), qty: 10, avgCost: 410 });
    sim.positions.set(700000101, { contract: simContract(700000101), qty: -3, avgCost: 5.1 });
    sim.positions.set(12087792, { contract: simContract(12087792), qty: 20_000, avgCost: 1.08 });
    sim.positions.set(495512552, { contract: simContract(495512552), qty: 2, avgCost: 5_000 });
    sim.positions.set(CAD_STOCK.conId, { contract: CAD_STOCK, qty: 5, avgCost: 90 });
    const workstation = await Workstation.start({ home, workers: { maxThreads: 1 }, market: { demo: false } });
    const client = workstation.connect();
    cleanups.push(async () => { client.close(); await workstation.stop(); });
    await client.call('ibkr.configure', { host: '127.0.0.1', port: sim.port, clientId: 11, platform: 'gateway', mode: 'paper', enabled: true });
    expect((await client.call('ibkr.connect', { waitMs: 10_000 })).state).toBe('connected');

    // Portfolio updates (with each stock's listing exchange) follow the position messages.
    await until(async () => (await client.call('ibkr.account', {})).positions.filter((position) => position.marketValue !== undefined).length === 5);
    const byConId = new Map((await client.call('ibkr.account', {})).positions.map((position) => [position.conId, position]));
    expect(byConId.get(72063691)).toMatchObject({ symbol: 'BRK.B', quantity: 10, instrumentId: 'BRK.B.NYSE' });
    expect(byConId.get(700000101)).toMatchObject({ symbol: 'SPY', quantity: -3, instrumentId: 'SPY991217C00500000.SMART' });
    expect(byConId.get(12087792)).toMatchObject({ symbol: 'EUR', quantity: 20_000, instrumentId: 'EUR.USD.IDEALPRO' });
    expect(byConId.get(495512552)).toMatchObject({ localSymbol: 'ESU99', quantity: 2 });
    expect(byConId.get(495512552)!.instrumentId).toBeUndefined();
    expect(byConId.get(CAD_STOCK.conId)!.instrumentId).toBeUndefined();
    // The listing exchange is used for the id, not shown as a field of its own.
    expect(Object.keys(byConId.get(72063691)!)).not.toContain('primaryExch');
  });
});

describe('ibkr.account with the Host\'s contract book', () => {
  it('names a position by the id the app resolved its contract as, over the derived one', async () => {
    const sim = await startSimulator();
    sim.positions.set(495512551, { contract: simContract(495512551), qty: -1, avgCost: 5_100 });
    sim.positions.set(265598, { contract: simContract(265598), qty: 30, avgCost: 190 });
    const workstation = await Workstation.start({ home, workers: { maxThreads: 1 }, market: { demo: false } });
    const client = workstation.connect();
    cleanups.push(async () => { client.close(); await workstation.stop(); });
    await client.call('ibkr.configure', { host: '127.0.0.1', port: sim.port, clientId: 13, platform: 'gateway', mode: 'paper', enabled: true });
    expect((await client.call('ibkr.connect', { waitMs: 10_000 })).state).toBe('connected');
    await until(async () => (await client.call('ibkr.account', {})).positions.filter((position) => position.marketValue !== undefined).length === 2);
    const instrumentOf = async (conId: number) => (await client.call('ibkr.account', {})).positions.find((position) => position.conId === conId)?.instrumentId;
    expect(await instrumentOf(495512551)).toBeUndefined();
    expect(await instrumentOf(265598)).toBe('AAPL.NASDAQ');

    // Streaming resolves (and books) the contracts: ESZ99 by its explicit month, AAPL as a SMART id.
    await client.call('ibkr.marketData.subscribe', { instruments: [{ instrumentId: 'ESZ99.CME', contract: { kind: 'future', symbol: 'ES', exchange: 'CME', expiry: '209912' } }, { instrumentId: 'AAPL.SMART' }] });
    expect(await instrumentOf(495512551)).toBe('ESZ99.CME');
    expect(await instrumentOf(265598)).toBe('AAPL.SMART');
  });
});

describe('IbkrAccount with the contract book', () => {
  it('names a future by the id the contract book stored it under, in the view and on the bus', async () => {
    const sim = await startSimulator();
    sim.positions.set(495512551, { contract: simContract(495512551), qty: -1, avgCost: 5_100 });
    const connection = new IbkrConnection(defineIbkrConnectionConfig({ port: sim.port, clientId: 12 }));
    const bus = new MessageBus();
    const store = StateStore.open(join(home, 'state.sqlite'));
    cleanups.push(() => store.close(), () => bus.close(), () => connection.stop());
    connection.start();
    await connection.waitUntilConnected(5_000);

    // What IbkrTrading does when an order or a market-data subscription resolves ESZ99.CME.
    const book = new IbkrContractBook(store);
    book.remember(instrumentId('ESZ99', 'CME'), await new IbkrContracts(connection).resolve({ kind: 'future', symbol: 'ES', exchange: 'CME', expiry: '209912' }));
    const knownInstrument = (conId: number) => book.all().find(([, stored]) => stored.contract.conId === conId)?.[0];
    const published: IbkrAccountView[] = [];
    bus.subscribe(topics.pnlAccount<IbkrAccountView>(accountId('DU1234567')), (view) => published.push(view));
    const account = new IbkrAccount({ connection, bus, now: Date.now, onNetLiquidation: () => undefined, knownInstrument });

    await until(() => account.view().positions.length === 1);
    expect(account.view().positions[0]).toMatchObject({ conId: 495512551, localSymbol: 'ESZ99', quantity: -1, multiplier: 50, instrumentId: 'ESZ99.CME' });
    await until(() => published.some((view) => view.positions.length === 1));
    expect(published.at(-1)!.positions[0]!.instrumentId).toBe('ESZ99.CME');
  });
});

describe('closing an IB position the app never streamed', () => {
  it('values the market order at IB\'s portfolio price, so the risk check can pass it', async () => {
    const sim = await startSimulator();
    // SPY shares held before the app connected: IB's portfolio update prices them at 500, no quote ever came.
    sim.positions.set(756733, { contract: simContract(756733), qty: 20, avgCost: 480 });
    const workstation = await Workstation.start({ home, workers: { maxThreads: 1 }, market: { demo: false } });
    const client = workstation.connect();
    cleanups.push(async () => { client.close(); await workstation.stop(); });
    await client.call('ibkr.configure', { host: '127.0.0.1', port: sim.port, clientId: 14, platform: 'gateway', mode: 'paper', enabled: true });
    expect((await client.call('ibkr.connect', { waitMs: 10_000 })).state).toBe('connected');
    await until(async () => (await client.call('ibkr.account', {})).positions.some((position) => position.conId === 756733 && position.marketPrice !== undefined));
    const spy = (await client.call('ibkr.account', {})).positions.find((position) => position.conId === 756733)!;
    expect(spy).toMatchObject({ instrumentId: 'SPY.ARCA', quantity: 20 });

    const placeOrdersBefore = sim.received.filter((fields) => fields[0] === '3').length;
    const order = await client.call('ibkr.orders.submit', { instrumentId: spy.instrumentId!, type: 'MARKET', side: 'SELL', quantity: 20, timeInForce: 'DAY', reduceOnly: true });
    expect(order.status).not.toBe('DENIED');
    await until(() => sim.received.filter((fields) => fields[0] === '3').length === placeOrdersBefore + 1);
  });
});
