import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { secretNames } from '../secret-store.js';
import { fixture, FixtureServer } from '../testing/fixture-server.js';
import { failure, testConfig, testDeps, type TestDeps } from '../testing/harness.js';
import { TradingEconomicsProvider } from './tradingeconomics-provider.js';

const TE_KEY = 'te-client:te-secret-4455';

describe('TradingEconomicsProvider', () => {
  let server: FixtureServer;
  let deps: TestDeps;
  let te: TradingEconomicsProvider;

  beforeAll(async () => {
    server = await FixtureServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.setRoutes([
      { path: '/indicators', respond: { body: fixture('tradingeconomics', 'indicators.json') } },
      { path: '/calendar/country/united states/2024-01-01/2024-01-31', respond: { body: fixture('tradingeconomics', 'calendar-united-states.json') } },
      { path: '/historical/country/united states/indicator/unemployment rate', respond: { body: fixture('tradingeconomics', 'historical-united-states-unemployment-rate.json') } },
      { path: '/historical/country/mexico/indicator/gdp growth rate', respond: { status: 403, headers: { 'content-type': 'text/plain' }, body: fixture('tradingeconomics', 'no-access.txt') } },
      { path: '/historical/country/united states/indicator/nothing', respond: { body: [] } },
    ]);
    deps = testDeps({ [secretNames.tradingeconomics]: TE_KEY });
    const config = testConfig(server.url);
    te = new TradingEconomicsProvider(config.tradingeconomics, config.cacheTtlMs, deps);
  });

  it('lists indicators and searches them by name', async () => {
    expect((await te.indicators()).slice(0, 2)).toEqual([
      { category: 'GDP Growth Rate', group: 'GDP' }, { category: 'Unemployment Rate', group: 'Labour' },
    ]);
    expect((await te.search('inflation')).map((match) => match.symbol)).toEqual(['Inflation Rate', 'Core Inflation Rate']);
    expect(server.requestsTo('/indicators')).toHaveLength(1);
    expect(server.requests[0]!.query).toEqual({ f: 'json', c: TE_KEY });
  });

  it('normalises calendar events, parsing "216K" and "$23.75B" and keeping the raw text', async () => {
    const events = await te.calendar({ country: 'United States', startMs: Date.UTC(2024, 0, 1), endMs: Date.UTC(2024, 1, 1) });
    expect(events.map((event) => event.event)).toEqual([
      'Non Farm Payrolls', 'Unemployment Rate', 'Consumer Credit Change', 'Inflation Rate YoY',
    ]);
    expect(events[0]).toEqual({
      source: 'tradingeconomics', id: '337401', ts: Date.UTC(2024, 0, 5, 13, 30), country: 'United States',
      category: 'Non Farm Payrolls', event: 'Non Farm Payrolls', reference: 'Dec', actual: 216, previous: 173, forecast: 170,
      actualText: '216K', previousText: '173K', forecastText: '170K', unit: 'K', importance: 3, currency: undefined, ticker: 'NFP TCH',
    });
    expect(events[2]).toMatchObject({ actual: 23.75, importance: 1 });
    expect(events[3]).toMatchObject({ actual: null, actualText: '' }); // not released yet
    const important = await te.calendar({ country: 'united states', startMs: Date.UTC(2024, 0, 1), endMs: Date.UTC(2024, 1, 1), importance: 3 });
    expect(important).toHaveLength(3);
  });

  it('gives indicator history stamped at the start of each period, and the latest value', async () => {
    const points = await te.observations('United States/Unemployment Rate');
    expect(points).toEqual([
      { ts: Date.UTC(2023, 9, 1), value: 3.8 }, { ts: Date.UTC(2023, 10, 1), value: 3.7 }, { ts: Date.UTC(2023, 11, 1), value: 3.7 },
    ]);
    expect(await te.latest('united states/unemployment rate')).toEqual({ ts: Date.UTC(2023, 11, 1), value: 3.7 });
    expect((await failure(te.latest('united states/nothing'))).code).toBe('NOT_FOUND');
  });

  it('explains a refused country without showing the key', async () => {
    const error = await failure(te.observations('mexico/gdp growth rate'));
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toContain('No Access to this country as free user.');
    expect(error.message).not.toContain(TE_KEY);
  });

  it('uses guest access without a key only when allowed', async () => {
    await deps.secrets.delete(secretNames.tradingeconomics);
    await te.indicators();
    expect(server.requests[0]!.query.c).toBe('guest:guest');
    const config = testConfig(server.url, { tradingeconomics: { allowGuest: false } });
    const strict = new TradingEconomicsProvider(config.tradingeconomics, config.cacheTtlMs, deps);
    expect((await failure(strict.indicators())).code).toBe('INVALID_CONFIG');
    expect((await strict.health()).status).toBe('unconfigured');
  });

  it('rejects a series id that is not country/indicator', async () => {
    expect((await failure(te.observations('unemployment'))).code).toBe('INVALID_ARGUMENT');
  });
});
