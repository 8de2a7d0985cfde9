import { afterEach, describe, expect, it } from 'vitest';
import { MessageBus, patterns, topics, instrumentId, type Bar, type EngineStatus, type OrderBookDepth, type QuoteTick } from '@nws/core';
import { IbGatewaySimulator, defaultSimContracts } from './test-fixtures/ib-gateway-simulator.js';
import { defineIbkrConnectionConfig } from './ibkr-config.js';
import { IbkrConnection, type IbkrStatus } from './ibkr-connection.js';
import { IbkrContracts, toContract } from './ibkr-contracts.js';
import { IbkrMarketData } from './ibkr-market-data.js';
import { IbkrAccountFeed } from './ibkr-account.js';
import { IbkrHistoryProvider } from '../providers/ibkr/ibkr-history-provider.js';
import { parseProvidersConfig } from '../providers/config.js';
import { IbkrHistoryClientImpl, type PacingClock } from './ibkr-history-client.js';

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

async function setUp(options: ConstructorParameters<typeof IbGatewaySimulator>[0] = {}) {
  const sim = new IbGatewaySimulator(options);
  const port = await sim.start();
  const connection = new IbkrConnection(defineIbkrConnectionConfig({ port, reconnect: { initialDelayMs: 50, maxDelayMs: 200, jitter: 0.2 } }));
  cleanups.push(() => sim.stop(), () => connection.stop());
  watchDecoding(connection);
  connection.start();
  await connection.waitUntilConnected(3_000);
  return { sim, connection, port };
}

const until = async (predicate: () => boolean, timeoutMs = 3_000): Promise<void> => {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/** Virtual time: sleeping advances it at once, shared by the pacer and the simulator's pacing checks. */
function virtualClock(start: number): PacingClock & { slept: number } {
  const clock = { t: start, slept: 0, now: () => clock.t, sleep: async (ms: number) => { clock.t += ms; clock.slept += ms; } };
  return clock;
}

const aapl = instrumentId('AAPL', 'NASDAQ');
const simAapl = () => defaultSimContracts[0]!;

describe('IBKR config', () => {
  it('refuses live trading without confirmation and risk engine, naming both fields', () => {
    expect(() => defineIbkrConnectionConfig({ mode: 'live' })).toThrow(/liveTradingConfirmed.*riskEngineEnabled/);
    expect(defineIbkrConnectionConfig({ mode: 'live', liveTradingConfirmed: true, riskEngineEnabled: true }).mode).toBe('live');
  });
});

describe('IBKR connection against the gateway simulator', () => {
  it('connects, learns accounts, and streams quotes and trades', async () => {
    const { sim, connection } = await setUp();
    expect(connection.accounts).toEqual(['DU1234567']);
    const quotes: QuoteTick[] = [];
    const trades: number[] = [];
    const marketData = new IbkrMarketData(connection);
    marketData.subscribeQuotes(aapl, toContract({ kind: 'stock', symbol: 'AAPL' }), { onQuote: (q) => quotes.push(q), onTrade: (t) => trades.push(t.price) });
    await until(() => sim.received.some((f) => f[0] === '1'));
    sim.pushQuote('AAPL', { bid: 189.5, ask: 189.52, bidSize: 300, askSize: 200 });
    sim.pushTrade('AAPL', 189.51, 100);
    await until(() => quotes.length === 1 && trades.length === 1);
    expect(quotes[0]).toMatchObject({ instrumentId: aapl, bid: 189.5, ask: 189.52, bidSize: 300, askSize: 200 });
    expect(trades).toEqual([189.51]);
  });

  it('streams 5-second real-time bars and the L2 book, and restores both after a drop', async () => {
    const { sim, connection } = await setUp();
    const bars: Bar[] = [];
    const books: OrderBookDepth[] = [];
    const marketData = new IbkrMarketData(connection);
    const contract = toContract({ kind: 'stock', symbol: 'AAPL' });
    marketData.subscribeRealTimeBars(aapl, contract, (bar) => bars.push(bar));
    marketData.subscribeDepth(aapl, contract, (book) => books.push(book), 5);
    await until(() => sim.received.some((f) => f[0] === '50') && sim.received.some((f) => f[0] === '10'));
    sim.pushRealTimeBar('AAPL', { time: 1_700_000_000, open: 10, high: 11, low: 9.5, close: 10.5, volume: 1200 });
    sim.setBook('AAPL', [[10, 100], [9.99, 300]], [[10.01, 200], [10.02, 50]]);
    await until(() => bars.length === 1 && books.length === 4);
    expect(bars[0]).toMatchObject({ barType: { instrumentId: aapl, step: 5, unit: 's' }, ts: 1_700_000_000_000, open: 10, close: 10.5, volume: 1200 });
    expect(books[3]).toMatchObject({ bids: [{ price: 10, size: 100 }, { price: 9.99, size: 300 }], asks: [{ price: 10.01, size: 200 }, { price: 10.02, size: 50 }] });
    sim.dropConnections();
    await until(() => sim.connectionCount === 2 && connection.state === 'connected');
    await until(() => sim.received.filter((f) => f[0] === '50').length === 2 && sim.received.filter((f) => f[0] === '10').length === 2);
    expect(marketData.activeSubscriptions).toBe(2);
  });

  it('goes degraded on IB system code 1100 and back to connected on 1102', async () => {
    const { sim, connection } = await setUp();
    const states: string[] = [];
    connection.onStatus((s) => states.push(s.state));
    sim.sendSystemMessage(1100, 'Connectivity between IB and Trader Workstation has been lost.');
    await until(() => connection.state === 'degraded');
    sim.sendSystemMessage(1102, 'Connectivity between IB and Trader Workstation has been restored - data maintained.');
    await until(() => connection.state === 'connected');
    expect(states).toEqual(['degraded', 'connected']);
  });

  it('publishes its state on the bus topic engines.ibkr.status', async () => {
    const sim = new IbGatewaySimulator();
    const port = await sim.start();
    const bus = new MessageBus();
    const connection = new IbkrConnection(defineIbkrConnectionConfig({ port }), { bus });
    cleanups.push(() => sim.stop(), () => bus.close(), () => connection.stop());
    const seen: [string, EngineStatus['state']][] = [];
    bus.subscribe(patterns.engineStatus(), (status, topic) => seen.push([topic, status.state]));
    connection.start();
    await connection.waitUntilConnected(3_000);
    await until(() => seen.length >= 2);
    expect(seen).toEqual([[topics.engineStatus('ibkr'), 'ready'], [topics.engineStatus('ibkr'), 'running']]);
  });

  it('reads account values, positions and P&L, and refreshes them after a reconnect', async () => {
    const { sim, connection } = await setUp();
    sim.positions.set(265598, { contract: simAapl(), qty: 100, avgCost: 150 });
    sim.pushQuote('AAPL', { bid: 160, ask: 160, bidSize: 1, askSize: 1 });
    const feed = new IbkrAccountFeed(connection);
    await until(() => feed.snapshot().positions.length === 1 && feed.snapshot().pnl !== undefined && 'NetLiquidation' in feed.snapshot().values);
    const snapshot = feed.snapshot();
    expect(snapshot.account).toBe('DU1234567');
    expect(snapshot.values.NetLiquidation).toEqual({ value: '1000000', currency: 'USD' });
    expect(snapshot.positions[0]).toMatchObject({ symbol: 'AAPL', quantity: 100, avgCost: 150 });
    expect(snapshot.pnl?.unrealized).toBe(1000);
    sim.dropConnections();
    await until(() => sim.connectionCount === 2 && connection.state === 'connected');
    await until(() => sim.received.filter((f) => f[0] === '61').length === 2);
  });

  it('copes with a slow gateway (every reply delayed)', async () => {
    const { connection } = await setUp({ replyDelayMs: 40 });
    const contract = await new IbkrContracts(connection).resolve({ kind: 'stock', symbol: 'SPY' });
    expect(contract.instrument).toMatchObject({ id: 'SPY.ARCA', assetClass: 'equity' });
  });

  it('falls back to delayed data (flagged) when there is no market-data subscription', async () => {
    const { sim, connection } = await setUp();
    sim.unsubscribedSymbols.add('SPY');
    sim.pushQuote('SPY', { bid: 500, ask: 500.02, bidSize: 10, askSize: 12 });
    const seen: boolean[] = [];
    new IbkrMarketData(connection).subscribeQuotes(instrumentId('SPY', 'ARCA'), toContract({ kind: 'etf', symbol: 'SPY' }), { onQuote: (_q, info) => seen.push(info.delayed) });
    await until(() => seen.length > 0);
    expect(seen[0]).toBe(true);
    expect(sim.received.some((f) => f[0] === '59' && f[2] === '3')).toBe(true);
    expect(connection.marketDataType).toBe('delayed');
  });

  it('restores every subscription after the connection drops', async () => {
    const { sim, connection } = await setUp();
    const states: IbkrStatus['state'][] = [];
    connection.onStatus((s) => states.push(s.state));
    const quotes: QuoteTick[] = [];
    new IbkrMarketData(connection).subscribeQuotes(aapl, toContract({ kind: 'stock', symbol: 'AAPL' }), { onQuote: (q) => quotes.push(q) });
    await until(() => sim.received.some((f) => f[0] === '1'));
    sim.dropConnections();
    await until(() => states.includes('disconnected'));
    await until(() => connection.state === 'connected' && sim.connectionCount === 2);
    await until(() => sim.received.filter((f) => f[0] === '1').length === 2);
    sim.pushQuote('AAPL', { bid: 10, ask: 10.01, bidSize: 1, askSize: 1 });
    await until(() => quotes.length === 1);
    expect(states).toEqual(expect.arrayContaining(['disconnected', 'connecting', 'connected']));
  });

  it('keeps running when the gateway is absent: fails cleanly, retries with backoff, connects when it appears', async () => {
    const sim = new IbGatewaySimulator();
    const port = await sim.start();
    await sim.stop(); // nothing listens on the port now
    const connection = new IbkrConnection(defineIbkrConnectionConfig({ port, reconnect: { initialDelayMs: 30, maxDelayMs: 120, jitter: 0 } }));
    cleanups.push(() => connection.stop());
    const messages: string[] = [];
    connection.onStatus((s) => { if (s.state === 'disconnected' && s.message) messages.push(s.message); });
    connection.start();
    await until(() => messages.length >= 3);
    expect(messages[0]).toMatch(/cannot connect|closed/);
    expect(connection.backoffDelay(0)).toBe(30);
    expect(connection.backoffDelay(5)).toBe(120);
    const late = new IbGatewaySimulator();
    await late.start(port);
    cleanups.push(() => late.stop());
    await connection.waitUntilConnected(3_000);
    expect(connection.state).toBe('connected');
  });

  it('resolves stocks, futures front month and forex into instruments, cached', async () => {
    const { sim, connection } = await setUp();
    const contracts = new IbkrContracts(connection);
    const stock = await contracts.resolve({ kind: 'stock', symbol: 'AAPL' });
    expect(stock.instrument).toMatchObject({ id: 'AAPL.NASDAQ', tickSize: 0.01, multiplier: 1, assetClass: 'equity' });
    expect(stock.tradingHours).toContain('0400');
    const future = await contracts.resolve({ kind: 'future', symbol: 'ES', exchange: 'CME' });
    expect(future.instrument).toMatchObject({ symbol: 'ESU99', tickSize: 0.25, multiplier: 50, assetClass: 'future' });
    const fx = await contracts.resolve({ kind: 'forex', base: 'EUR', quote: 'USD' });
    expect(fx.instrument).toMatchObject({ symbol: 'EURUSD', assetClass: 'forex', pricePrecision: 5 });
    const chain = await contracts.chain({ kind: 'option', symbol: 'AAPL' });
    expect(chain.map((c) => c.instrument.right).sort()).toEqual(['call', 'put']);
    const before = sim.received.filter((f) => f[0] === '9').length;
    await contracts.resolve({ kind: 'stock', symbol: 'AAPL' });
    expect(sim.received.filter((f) => f[0] === '9').length).toBe(before);
    await expect(contracts.resolve({ kind: 'stock', symbol: 'NOPE' })).rejects.toThrow(/No security definition/);
  });
});

describe('IBKR history within pacing', () => {
  it('backfills a year of daily bars in monthly requests without a pacing violation, and waits out a 162', async () => {
    const clock = virtualClock(Date.UTC(2024, 0, 1));
    const { sim, connection } = await setUp({ now: () => clock.now() });
    const history = new IbkrHistoryClientImpl(connection, clock);
    const end = Date.UTC(2024, 0, 1);
    const bars = [];
    for (let month = 11; month >= 0; month--) {
      const chunkEnd = end - month * 30 * 86_400_000;
      bars.push(...await history.requestHistoricalBars({ symbol: 'AAPL', endMs: chunkEnd, durationStr: '30 D', barSizeSetting: '1 day', whatToShow: 'TRADES', useRTH: true }));
    }
    expect(bars.length).toBeGreaterThan(250);
    expect(new Set(bars.map((b) => b.ts)).size).toBe(bars.length);
    expect(history.pacingViolations).toBe(0);
    // 12 requests for one contract: the 7th had to wait for the 2-second window.
    expect(clock.slept).toBeGreaterThanOrEqual(2_000);

    sim.injectPacingViolations(1);
    const again = await history.requestHistoricalBars({ symbol: 'AAPL', endMs: end, durationStr: '1 Y', barSizeSetting: '1 day', whatToShow: 'TRADES', useRTH: true });
    expect(again.length).toBeGreaterThan(250);
    expect(history.pacingViolations).toBe(1);
  });

  it('serves the providers engine: IbkrHistoryProvider over this client returns checked daily bars', async () => {
    const clock = virtualClock(Date.UTC(2024, 0, 1));
    const { connection } = await setUp({ now: () => clock.now() });
    const provider = new IbkrHistoryProvider(new IbkrHistoryClientImpl(connection, clock), parseProvidersConfig({}).ibkr);
    expect((await provider.health()).status).toBe('up');
    const result = await provider.history({ symbol: 'AAPL', spec: '1d', startMs: Date.UTC(2023, 5, 1), endMs: Date.UTC(2023, 6, 1) });
    expect(result.bars.length).toBeGreaterThan(15);
    expect(result.bars.every((bar) => bar.ts >= Date.UTC(2023, 5, 1) && bar.ts < Date.UTC(2023, 6, 1))).toBe(true);
  });
});

describe('IBKR symbol search (reqMatchingSymbols)', () => {
  it('finds contracts by symbol prefix or name, one per symbol and type, and feeds the provider search', async () => {
    const { connection } = await setUp();
    const client = new IbkrHistoryClientImpl(connection);
    const matches = await client.searchSymbols('AAP');
    expect(matches).toEqual([
      { conId: 265598, symbol: 'AAPL', secType: 'STK', primaryExchange: 'NASDAQ', currency: 'USD', description: 'APPLE INC' },
      { conId: 700000001, symbol: 'AAPL', secType: 'OPT', primaryExchange: 'SMART', currency: 'USD' },
    ]);
    expect((await client.searchSymbols('e-mini')).map((match) => [match.symbol, match.secType])).toEqual([['ES', 'FUT']]);
    expect(await client.searchSymbols('ZZZZ')).toEqual([]);
    const provider = new IbkrHistoryProvider(client, parseProvidersConfig({ ibkr: { enabled: true } }).ibkr);
    expect(await provider.search('SPY')).toEqual([
      { source: 'ibkr', kind: 'instrument', symbol: 'SPY', name: 'SPDR S&P 500 ETF TRUST', exchange: 'ARCA', assetType: 'stk', currency: 'USD' },
      { source: 'ibkr', kind: 'instrument', symbol: 'SPY', name: 'SPY', exchange: 'SMART', assetType: 'opt', currency: 'USD' },
    ]);
  });

  it('fails with UNAVAILABLE, not a hang, when not connected', async () => {
    const connection = new IbkrConnection(defineIbkrConnectionConfig({ port: 1 }));
    await expect(new IbkrHistoryClientImpl(connection).searchSymbols('AAPL')).rejects.toThrow(/not connected/);
  });
});
