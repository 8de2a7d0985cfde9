import { afterEach, describe, expect, it } from 'vitest';
import { instrumentId, type Fill, type InstrumentId, type QuoteTick } from '@nws/core';
import { IbGatewaySimulator, IbkrConnection, IbkrMarketData, defineIbkrConnectionConfig, toContract } from '@nws/marketdata';
import { InMemoryOrderJournal, OrderManager, orderReason } from '../../index.js';
import { IbkrVenue, type IbkrAlert } from './ibkr-venue.js';

const AAPL = instrumentId('AAPL', 'NASDAQ');
const AAPL_CONTRACT = { ...toContract({ kind: 'stock', symbol: 'AAPL' }), conId: 265598 };

const cleanups: (() => Promise<void> | void)[] = [];
/** Wire-format mistakes show up as @stoqey/ib decoding errors; every test must end without one. */
const decodeErrors: string[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  expect(decodeErrors.splice(0)).toEqual([]);
});
const watchDecoding = (connection: IbkrConnection): void => {
  connection.onMessage((m) => { if (/decoding error|underrun|no parser/i.test(m.message)) decodeErrors.push(m.message); });
};

const until = async (predicate: () => boolean, timeoutMs = 3_000): Promise<void> => {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

async function setUp() {
  const sim = new IbGatewaySimulator();
  const port = await sim.start();
  const connection = new IbkrConnection(defineIbkrConnectionConfig({ port, reconnect: { initialDelayMs: 50, maxDelayMs: 200, jitter: 0.1 } }));
  cleanups.push(() => sim.stop(), () => connection.stop());
  const alerts: IbkrAlert[] = [];
  const venue = new IbkrVenue({ connection, contractFor: (id: InstrumentId) => { if (id !== AAPL) throw new Error(`no contract for ${id}`); return AAPL_CONTRACT; }, onAlert: (a) => alerts.push(a) });
  const journal = new InMemoryOrderJournal();
  const manager = new OrderManager({ venue, now: Date.now, journal });
  const fills: Fill[] = [];
  manager.onFill((fill) => fills.push(fill));
  watchDecoding(connection);
  connection.start();
  await connection.waitUntilConnected(3_000);
  await venue.reconciled();
  return { sim, connection, venue, manager, alerts, fills, journal };
}

const placeOrders = (sim: IbGatewaySimulator) => sim.received.filter((fields) => fields[0] === '3');

describe('IBKR venue against the gateway simulator', () => {
  it('sends a bracket with parent id and transmit flags, fills it with commissions, and OCA-cancels the other exit', async () => {
    const { sim, manager, venue, fills } = await setUp();
    const legs = manager.submitBracket({ instrumentId: AAPL, side: 'BUY', quantity: 100, entryPrice: 100, takeProfitPrice: 110, stopLossTriggerPrice: 95 });
    await until(() => placeOrders(sim).length === 3);
    const [entry, takeProfit, stopLoss] = placeOrders(sim);
    // placeOrder fields: 1 orderId, 18 orderType, 26 orderRef, 27 transmit, 28 parentId (TWS API v176 layout)
    expect([entry![18], entry![26], entry![27], entry![28]]).toEqual(['LMT', legs.entry.clientOrderId, '0', '0']);
    expect([takeProfit![18], takeProfit![27], takeProfit![28]]).toEqual(['LMT', '0', entry![1]]);
    expect([stopLoss![18], stopLoss![20], stopLoss![27], stopLoss![28]]).toEqual(['STP', '95', '1', entry![1]]);
    await until(() => manager.order(legs.entry.clientOrderId)?.status === 'ACCEPTED');

    sim.fill(legs.entry.clientOrderId, 100, 100);
    await until(() => manager.order(legs.entry.clientOrderId)?.status === 'FILLED');
    sim.fill(legs.takeProfit.clientOrderId, 100, 110);
    await until(() => manager.order(legs.stopLoss.clientOrderId)?.status === 'CANCELED');
    expect(manager.order(legs.takeProfit.clientOrderId)?.status).toBe('FILLED');
    expect(fills.map((fill) => [fill.side, Number(fill.qty), Number(fill.price), fill.commission])).toEqual([['BUY', 100, 100, 1], ['SELL', 100, 110, 1]]);
    const position = venue.position(AAPL)!;
    expect(position.netQty).toBe(0);
    expect(position.realizedPnl).toBeCloseTo(1000 - 2, 6);
  });

  it('shows the reason when IB rejects an order (201)', async () => {
    const { sim, manager, alerts } = await setUp();
    sim.rejectNextOrder('Insufficient margin');
    const order = manager.submit({ instrumentId: AAPL, side: 'BUY', type: 'MARKET', quantity: 10, timeInForce: 'DAY' });
    await until(() => manager.order(order.clientOrderId)?.status === 'REJECTED');
    expect(orderReason(manager.order(order.clientOrderId)!)).toMatch(/201.*Insufficient margin/);
    expect(alerts.some((a) => a.kind === 'order-rejected' && a.clientOrderId === order.clientOrderId)).toBe(true);
  });

  it('modifies a working order in place (same IB order id) and cancels it', async () => {
    const { sim, manager } = await setUp();
    const order = manager.submit({ instrumentId: AAPL, side: 'BUY', type: 'LIMIT', quantity: 10, price: 50, timeInForce: 'DAY' });
    await until(() => manager.order(order.clientOrderId)?.status === 'ACCEPTED');
    manager.modify(order.clientOrderId, { price: 51, quantity: 20 });
    await until(() => manager.order(order.clientOrderId)?.status === 'ACCEPTED' && Number((manager.order(order.clientOrderId) as { quantity: number }).quantity) === 20);
    const [first, second] = placeOrders(sim);
    expect(second![1]).toBe(first![1]);
    expect([second![17], second![19]]).toEqual(['20', '51']);
    const simOrder = [...sim.orders.values()][0]!;
    expect([simOrder.quantity, simOrder.lmtPrice]).toEqual([20, '51']);
    manager.cancel(order.clientOrderId);
    await until(() => manager.order(order.clientOrderId)?.status === 'CANCELED');
    expect(sim.workingOrders()).toEqual([]);
  });

  it('maps trailing-percent, stop-limit and MOC orders to IB order types', async () => {
    const { sim, manager } = await setUp();
    manager.submit({ instrumentId: AAPL, side: 'SELL', type: 'TRAILING_STOP_MARKET', quantity: 5, trailingOffset: 1.5, trailingOffsetType: 'percent', timeInForce: 'GTC' });
    manager.submit({ instrumentId: AAPL, side: 'BUY', type: 'STOP_LIMIT', quantity: 5, price: 101, triggerPrice: 100, timeInForce: 'DAY' });
    manager.submit({ instrumentId: AAPL, side: 'BUY', type: 'MARKET_ON_CLOSE', quantity: 5, timeInForce: 'DAY' });
    await until(() => placeOrders(sim).length === 3);
    const [trail, stopLimit, moc] = placeOrders(sim);
    expect([trail![18], trail![70]]).toEqual(['TRAIL', '1.5']);
    expect([stopLimit![18], stopLimit![19], stopLimit![20]]).toEqual(['STP LMT', '101', '100']);
    expect(moc![18]).toBe('MOC');
  });

  it('after a dropped connection: one order at IB, the missed fill applied once, position right, quotes restored', async () => {
    const { sim, connection, manager, venue, fills, alerts } = await setUp();
    const quotes: QuoteTick[] = [];
    new IbkrMarketData(connection).subscribeQuotes(AAPL, AAPL_CONTRACT, { onQuote: (q) => quotes.push(q) });
    const working = manager.submit({ instrumentId: AAPL, side: 'BUY', type: 'LIMIT', quantity: 100, price: 99.5, timeInForce: 'GTC' });
    const resting = manager.submit({ instrumentId: AAPL, side: 'BUY', type: 'LIMIT', quantity: 50, price: 90, timeInForce: 'GTC' });
    await until(() => manager.order(working.clientOrderId)?.status === 'ACCEPTED' && manager.order(resting.clientOrderId)?.status === 'ACCEPTED');

    sim.dropConnections();
    await until(() => connection.state !== 'connected');
    sim.fill(working.clientOrderId, 100, 99.5); // fills while we are away
    await until(() => sim.connectionCount === 2 && connection.state === 'connected');
    await venue.reconciled();
    await until(() => manager.order(working.clientOrderId)?.status === 'FILLED');

    expect(placeOrders(sim)).toHaveLength(2); // nothing re-sent
    expect(sim.orders.size).toBe(2);
    expect(fills.filter((f) => f.clientOrderId === working.clientOrderId)).toHaveLength(1);
    expect(venue.position(AAPL)?.netQty).toBe(100);
    expect(manager.order(resting.clientOrderId)?.status).toBe('ACCEPTED');
    expect(alerts.filter((a) => a.kind === 'position-mismatch' || a.kind === 'orphaned-order')).toEqual([]);
    await until(() => sim.received.filter((f) => f[0] === '1').length === 2);
    sim.pushQuote('AAPL', { bid: 99, ask: 99.02, bidSize: 5, askSize: 5 });
    await until(() => quotes.length === 1);

    // A second drop: the same executions come back from reqExecutions and must not count twice.
    sim.dropConnections();
    await until(() => sim.connectionCount === 3 && connection.state === 'connected');
    await venue.reconciled();
    expect(fills).toHaveLength(1);
    expect(venue.position(AAPL)?.netQty).toBe(100);
    expect(venue.netQty(AAPL)).toBe(100);
    expect(venue.netQty('MSFT.XNAS' as InstrumentId)).toBe(0);
  });

  it('reports and closes an order IB no longer has after a reconnect (orphan)', async () => {
    const { sim, connection, manager, venue, alerts } = await setUp();
    const order = manager.submit({ instrumentId: AAPL, side: 'BUY', type: 'LIMIT', quantity: 10, price: 50, timeInForce: 'DAY' });
    await until(() => manager.order(order.clientOrderId)?.status === 'ACCEPTED');
    sim.dropConnections();
    await until(() => connection.state !== 'connected');
    sim.orders.clear(); // e.g. a DAY order expired at IB while we were away
    await until(() => sim.connectionCount === 2 && connection.state === 'connected');
    await venue.reconciled();
    await until(() => manager.order(order.clientOrderId)?.status === 'CANCELED');
    expect(alerts.some((a) => a.kind === 'orphaned-order' && a.clientOrderId === order.clientOrderId)).toBe(true);
  });

  it('rejects cleanly, without throwing, when IB is not connected', () => {
    const connection = new IbkrConnection(defineIbkrConnectionConfig({ port: 1 }));
    const venue = new IbkrVenue({ connection, contractFor: () => AAPL_CONTRACT });
    const manager = new OrderManager({ venue, now: Date.now });
    const order = manager.submit({ instrumentId: AAPL, side: 'BUY', type: 'MARKET', quantity: 1, timeInForce: 'DAY' });
    expect(order.status).toBe('REJECTED');
    expect(orderReason(order)).toMatch(/not connected/);
  });
});
