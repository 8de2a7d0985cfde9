import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NwsError, type InstrumentId } from '@nws/core';
import { providerFailureReason } from '../provider-error.js';
import { fixture, FixtureServer } from '../testing/fixture-server.js';
import { failure, testConfig, testDeps, type TestDeps } from '../testing/harness.js';
import { YahooProvider } from './yahoo-provider.js';

const JAN_2 = Date.UTC(2024, 0, 2);
const JAN_10 = Date.UTC(2024, 0, 10);

describe('YahooProvider', () => {
  let server: FixtureServer;
  let deps: TestDeps;
  let yahoo: YahooProvider;

  beforeAll(async () => {
    server = await FixtureServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.setRoutes([]);
    deps = testDeps();
    const config = testConfig(server.url);
    yahoo = new YahooProvider(config.yahoo, config.cacheTtlMs, deps);
  });

  it('normalises v8 chart daily bars to UTC midnight of the trading day and skips null rows', async () => {
    server.setRoutes([{ path: '/v8/finance/chart/AAPL', respond: { body: fixture('yahoo', 'chart-aapl-1d.json') } }]);
    const result = await yahoo.history({ symbol: 'AAPL', spec: '1d', startMs: JAN_2, endMs: JAN_10 });
    expect(result.barType).toEqual({ instrumentId: 'AAPL.XNAS', step: 1, unit: 'd' });
    expect(result.bars.map((bar) => new Date(bar.ts).toISOString().slice(0, 10))).toEqual([
      '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08',
    ]);
    expect(result.bars[0]).toMatchObject({ open: 187.14999389648438, close: 185.63999938964844, volume: 82488700 });
    expect(result.dropped).toBe(1); // the half-formed row for the session in progress
    const sent = server.requestsTo('/v8/finance/chart/AAPL')[0]!;
    expect(sent.query).toMatchObject({ period1: String(JAN_2 / 1000), period2: String(JAN_10 / 1000), interval: '1d' });
  });

  it('keeps intraday open times and uses the caller instrument id', async () => {
    server.setRoutes([{ path: '/v8/finance/chart/AAPL', query: { interval: '5m' }, respond: { body: fixture('yahoo', 'chart-aapl-5m.json') } }]);
    const start = Date.UTC(2024, 0, 8, 14, 30);
    const result = await yahoo.history({
      symbol: 'AAPL', spec: '5m', startMs: start, endMs: start + 20 * 60_000, instrumentId: 'AAPL.SMART' as InstrumentId,
    });
    expect(result.barType.instrumentId).toBe('AAPL.SMART');
    // [start, start+20min) holds 4 of the 5 bars: the end is exclusive
    expect(result.bars.map((bar) => (bar.ts - start) / 60_000)).toEqual([0, 5, 10, 15]);
  });

  it('returns no bars for a range without trading', async () => {
    server.setRoutes([{ path: '/v8/finance/chart/AAPL', respond: { body: fixture('yahoo', 'chart-empty.json') } }]);
    const result = await yahoo.history({ symbol: 'AAPL', spec: '1d', startMs: JAN_2, endMs: JAN_10 });
    expect(result.bars).toEqual([]);
  });

  it('reports an unknown symbol from the 404 chart body', async () => {
    server.setRoutes([{ path: '/v8/finance/chart/NOPE', respond: { status: 404, body: fixture('yahoo', 'chart-not-found.json') } }]);
    const error = await failure(yahoo.history({ symbol: 'NOPE', spec: '1d', startMs: JAN_2, endMs: JAN_10 }));
    expect(error).toBeInstanceOf(NwsError);
    expect((error as NwsError).code).toBe('UNKNOWN_INSTRUMENT');
    expect((error as NwsError).message).toBe('Yahoo Finance: unknown symbol "NOPE"');
  });

  it('refuses a bad request before calling the service', async () => {
    const error = await failure(yahoo.history({ symbol: 'AAPL', spec: '3m', startMs: JAN_10, endMs: JAN_2 }));
    expect((error as NwsError).code).toBe('INVALID_ARGUMENT');
    expect((error as NwsError).message).toContain('spec "3m" is not one of');
    expect((error as NwsError).message).toContain('is not before endMs');
    expect(server.requests).toHaveLength(0);
  });

  it('normalises v7 quotes and serves a repeat from the cache', async () => {
    server.setRoutes([{ path: '/v7/finance/quote', respond: { body: fixture('yahoo', 'quote-aapl-msft.json') } }]);
    const quotes = await yahoo.quotes(['AAPL', 'MSFT']);
    expect(quotes).toHaveLength(2);
    expect(quotes[0]).toMatchObject({ symbol: 'AAPL', last: 185.14, bid: 185.12, ask: 185.15, ts: 1704820201000, currency: 'USD', name: 'Apple Inc.' });
    await yahoo.quotes(['AAPL', 'MSFT']);
    expect(server.requestsTo('/v7/finance/quote')).toHaveLength(1);
    deps.clock.advance(16_000); // quote TTL is 15 s
    await yahoo.quotes(['AAPL', 'MSFT']);
    expect(server.requestsTo('/v7/finance/quote')).toHaveLength(2);
  });

  it('fails a quote call where no symbol is known', async () => {
    server.setRoutes([{ path: '/v7/finance/quote', respond: { body: fixture('yahoo', 'quote-empty.json') } }]);
    const error = await failure(yahoo.quotes(['ZZZZZ']));
    expect(providerFailureReason(error)).toBe('unknown-symbol');
  });

  it('searches v1 and keeps only instrument hits', async () => {
    server.setRoutes([{ path: '/v1/finance/search', query: { q: 'apple' }, respond: { body: fixture('yahoo', 'search-apple.json') } }]);
    const matches = await yahoo.search('apple');
    expect(matches.map((match) => match.symbol)).toEqual(['AAPL', 'AAPL.NE', 'APC.DE']);
    expect(matches[0]).toMatchObject({ source: 'yahoo', kind: 'instrument', name: 'Apple Inc.', exchange: 'NASDAQ', assetType: 'equity' });
  });

  it('is up when the service answers and down when it does not', async () => {
    server.setRoutes([{ path: '/v1/finance/search', respond: { body: fixture('yahoo', 'search-apple.json') } }]);
    expect(await yahoo.health()).toMatchObject({ provider: 'yahoo', status: 'up' });
    server.setRoutes([{ path: '/v1/finance/search', respond: { status: 503, body: 'Service Unavailable' } }]);
    const health = await yahoo.health();
    expect(health.status).toBe('down');
    expect(health.message).toContain('HTTP 503');
  });
});
