import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providerFailureReason } from '../provider-error.js';
import { secretNames } from '../secret-store.js';
import { fixture, FixtureServer } from '../testing/fixture-server.js';
import { failure, testConfig, testDeps, type TestDeps } from '../testing/harness.js';
import { AlphaVantageProvider, monthsTouched } from './alphavantage-provider.js';

const API_KEY = 'AVKEY-9f8e7d6c5b4a';
const av = (name: string) => ({ body: fixture('alphavantage', name) });

describe('AlphaVantageProvider', () => {
  let server: FixtureServer;
  let deps: TestDeps;
  let provider: AlphaVantageProvider;

  beforeAll(async () => {
    server = await FixtureServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.setRoutes([]);
    deps = testDeps({ [secretNames.alphavantage]: API_KEY });
    const config = testConfig(server.url, { alphavantage: { retry: { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 60_000 } } });
    provider = new AlphaVantageProvider(config.alphavantage, config.cacheTtlMs, deps);
  });

  it('normalises TIME_SERIES_DAILY into ascending UTC-midnight bars inside the range', async () => {
    server.setRoutes([{ path: '/query', query: { function: 'TIME_SERIES_DAILY', symbol: 'IBM' }, respond: av('daily-ibm.json') }]);
    const result = await provider.history({ symbol: 'IBM', spec: '1d', startMs: Date.UTC(2024, 0, 1), endMs: Date.UTC(2024, 0, 5) });
    expect(result.bars.map((bar) => bar.ts)).toEqual([Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3), Date.UTC(2024, 0, 4)]);
    expect(result.bars[0]).toMatchObject({ open: 162.83, high: 163.29, low: 160.5, close: 161.5, volume: 4002544 });
    expect(result.barType.instrumentId).toBe('IBM.AV');
    const sent = server.requestsTo('/query')[0]!.query;
    expect(sent).toMatchObject({ function: 'TIME_SERIES_DAILY', symbol: 'IBM', outputsize: 'compact', apikey: API_KEY });
  });

  it('converts intraday US/Eastern stamps to UTC, one request per calendar month', async () => {
    server.setRoutes([{ path: '/query', query: { function: 'TIME_SERIES_INTRADAY', month: '2024-01' }, respond: av('intraday-ibm-5min-2024-01.json') }]);
    const result = await provider.history({ symbol: 'IBM', spec: '5m', startMs: Date.UTC(2024, 0, 2), endMs: Date.UTC(2024, 1, 1) });
    // 09:30 EST = 14:30 UTC
    expect(result.bars.map((bar) => new Date(bar.ts).toISOString())).toEqual([
      '2024-01-02T14:30:00.000Z', '2024-01-02T14:35:00.000Z', '2024-01-31T20:50:00.000Z', '2024-01-31T20:55:00.000Z',
    ]);
    expect(server.requestsTo('/query')[0]!.query).toMatchObject({ interval: '5min', outputsize: 'full', month: '2024-01' });
  });

  it('lists the calendar months a range touches', () => {
    expect(monthsTouched(Date.UTC(2024, 0, 20), Date.UTC(2024, 2, 1))).toEqual(['2024-01', '2024-02']);
    expect(monthsTouched(Date.UTC(2024, 0, 20), Date.UTC(2024, 2, 1, 0, 0, 1))).toEqual(['2024-01', '2024-02', '2024-03']);
  });

  it('reads GLOBAL_QUOTE and reports an empty quote as an unknown symbol', async () => {
    server.setRoutes([
      { path: '/query', query: { function: 'GLOBAL_QUOTE', symbol: 'IBM' }, respond: av('global-quote-ibm.json') },
      { path: '/query', query: { function: 'GLOBAL_QUOTE', symbol: 'NOPE' }, respond: av('global-quote-empty.json') },
    ]);
    const [quote] = await provider.quotes(['IBM']);
    expect(quote).toEqual({
      symbol: 'IBM', ts: Date.UTC(2024, 0, 5), last: 160.86, volume: 3805678, previousClose: 161.2, change: -0.34, changePercent: -0.2109,
    });
    const error = await failure(provider.quotes(['NOPE']));
    expect(error.code).toBe('UNKNOWN_INSTRUMENT');
    expect(error.message).toBe('Alpha Vantage: unknown symbol "NOPE"');
  });

  it('maps "Error Message" for a symbol to an unknown symbol and a bad key to key-rejected', async () => {
    server.setRoutes([
      { path: '/query', query: { symbol: 'NOPE' }, respond: av('error-invalid-call.json') },
      { path: '/query', query: { symbol: 'IBM' }, respond: av('error-invalid-key.json') },
    ]);
    expect(providerFailureReason(await failure(provider.history({ symbol: 'NOPE', spec: '1d', startMs: 0, endMs: 1 })))).toBe('unknown-symbol');
    const keyError = await failure(provider.fundamentals('IBM'));
    expect(keyError.code).toBe('UNAUTHORIZED');
    expect(keyError.message).not.toContain(API_KEY);
  });

  it('backs off on a "Note" rate-limit body sent with HTTP 200, then succeeds', async () => {
    server.setRoutes([{ path: '/query', respond: [av('note-rate-limit.json'), av('global-quote-ibm.json')] }]);
    const [quote] = await provider.quotes(['IBM']);
    expect(quote!.last).toBe(160.86);
    expect(deps.clock.sleeps).toContain(12_000); // one call's share of a 5-a-minute budget
  });

  it('stops at once on the daily-limit "Information" body, without the key in the error', async () => {
    server.setRoutes([{ path: '/query', respond: av('information-daily-limit.json') }]);
    const error = await failure(provider.quotes(['IBM']));
    expect(providerFailureReason(error)).toBe('quota-exhausted');
    expect(server.requestsTo('/query')).toHaveLength(1);
    expect(error.message).not.toContain(API_KEY);
    expect(JSON.stringify(error.toJSON())).not.toContain(API_KEY);
  });

  it('names a premium-only function instead of retrying it', async () => {
    server.setRoutes([{ path: '/query', respond: av('information-premium.json') }]);
    expect(providerFailureReason(await failure(provider.quotes(['IBM'])))).toBe('unsupported');
  });

  it('keeps the apikey out of the error of a failed call', async () => {
    server.setRoutes([{ path: '/query', respond: { status: 503, body: `upstream failed for /query?apikey=${API_KEY}` } }]);
    const error = await failure(provider.quotes(['IBM']));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).not.toContain(API_KEY);
    expect(JSON.stringify(error.toJSON())).not.toContain(API_KEY);
    expect(deps.logLines.join('\n')).not.toContain(API_KEY);
  });

  it('enforces 5 calls a minute on the client side', async () => {
    server.setRoutes([{ path: '/query', respond: av('global-quote-ibm.json') }]);
    const symbols = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7'];
    const start = deps.clock.now();
    await provider.quotes(symbols);
    expect(server.requestsTo('/query')).toHaveLength(7);
    expect(deps.clock.now() - start).toBe(24_000); // calls 6 and 7 wait 12 s each
  });

  it('enforces 500 calls a day and refuses the 501st without calling', async () => {
    server.setRoutes([{ path: '/query', respond: av('global-quote-ibm.json') }]);
    deps.usage.addUsage('alphavantage', new Date(deps.clock.now()).toISOString().slice(0, 10), 500);
    const error = await failure(provider.quotes(['IBM']));
    expect(providerFailureReason(error)).toBe('quota-exhausted');
    expect(server.requests).toHaveLength(0);
  });

  it('asks for a key when none is configured', async () => {
    await deps.secrets.delete(secretNames.alphavantage);
    const error = await failure(provider.quotes(['IBM']));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain(secretNames.alphavantage);
    expect((await provider.health()).status).toBe('unconfigured');
  });

  it('normalises SYMBOL_SEARCH, OVERVIEW and EARNINGS', async () => {
    server.setRoutes([
      { path: '/query', query: { function: 'SYMBOL_SEARCH' }, respond: av('symbol-search-tesco.json') },
      { path: '/query', query: { function: 'OVERVIEW' }, respond: av('overview-ibm.json') },
      { path: '/query', query: { function: 'EARNINGS' }, respond: av('earnings-ibm.json') },
    ]);
    const matches = await provider.search('tesco');
    expect(matches[0]).toMatchObject({ symbol: 'TSCO.LON', name: 'Tesco PLC', region: 'United Kingdom', currency: 'GBX', score: 0.7273 });
    const overview = await provider.fundamentals('IBM');
    expect(overview).toMatchObject({ symbol: 'IBM', name: 'International Business Machines', cik: '51143', sector: 'TECHNOLOGY' });
    expect(overview.metrics).toMatchObject({ MarketCapitalization: 147236872000, PERatio: 22.03, Beta: 0.734 });
    const earnings = await provider.earnings('IBM');
    expect(earnings[0]).toEqual({
      period: 'quarterly', fiscalDateEnding: Date.UTC(2023, 11, 31), reportedDate: Date.UTC(2024, 0, 24),
      reportedEps: 3.87, estimatedEps: 3.78, surprise: 0.09, surprisePercent: 2.381,
    });
    expect(earnings.find((row) => row.fiscalDateEnding === Date.UTC(2023, 5, 30))?.estimatedEps).toBeNull();
    expect(earnings.filter((row) => row.period === 'annual').map((row) => row.reportedEps)).toEqual([9.61, 9.13]);
  });
});
