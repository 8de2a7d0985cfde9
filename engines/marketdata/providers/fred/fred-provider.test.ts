import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providerFailureReason } from '../provider-error.js';
import { secretNames } from '../secret-store.js';
import { fixture, FixtureServer, type FixtureRoute } from '../testing/fixture-server.js';
import { failure, testConfig, testDeps, type TestDeps } from '../testing/harness.js';
import { FredProvider } from './fred-provider.js';
import { macroFactorInputs } from './macro-factors.js';

const API_KEY = 'fredkey0123456789abcdef';
const day = (text: string) => Date.parse(`${text}T00:00:00Z`);
const observationRoute = (id: string, name = `observations-${id}.json`): FixtureRoute => ({
  path: '/fred/series/observations',
  query: { series_id: id },
  respond: { body: fixture('fred', name) },
});

describe('FredProvider', () => {
  let server: FixtureServer;
  let deps: TestDeps;
  let fred: FredProvider;

  beforeAll(async () => {
    server = await FixtureServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.setRoutes([]);
    deps = testDeps({ [secretNames.fred]: API_KEY });
    const config = testConfig(server.url);
    fred = new FredProvider(config.fred, config.cacheTtlMs, deps);
  });

  it('reads observations with "." as a missing value and sends file_type=json with the key', async () => {
    server.setRoutes([observationRoute('DGS10')]);
    const points = await fred.observations('dgs10', { startMs: day('2024-01-01'), endMs: day('2024-01-16') });
    expect(points).toEqual([
      { ts: day('2024-01-02'), value: 3.95 },
      { ts: day('2024-01-03'), value: 3.91 },
      { ts: day('2024-01-04'), value: 3.99 },
      { ts: day('2024-01-05'), value: 4.05 },
      { ts: day('2024-01-08'), value: 4.01 },
      { ts: day('2024-01-15'), value: null },
    ]);
    expect(server.requests[0]!.query).toEqual({
      series_id: 'DGS10', observation_start: '2024-01-01', observation_end: '2024-01-15', file_type: 'json', api_key: API_KEY,
    });
  });

  it('gives the latest non-missing value', async () => {
    server.setRoutes([{ path: '/fred/series/observations', query: { series_id: 'DGS10', sort_order: 'desc' }, respond: { body: fixture('fred', 'observations-DGS10-latest.json') } }]);
    expect(await fred.latest('DGS10')).toEqual({ ts: day('2024-01-08'), value: 4.01 });
  });

  it('searches series and reads series metadata', async () => {
    server.setRoutes([
      { path: '/fred/series/search', query: { search_text: 'treasury 10 year' }, respond: { body: fixture('fred', 'series-search-treasury-10-year.json') } },
      { path: '/fred/series/search', query: { search_text: 'zzzz' }, respond: { body: fixture('fred', 'series-search-empty.json') } },
      { path: '/fred/series', query: { series_id: 'DGS10' }, respond: { body: fixture('fred', 'series-DGS10.json') } },
    ]);
    const matches = await fred.search('treasury 10 year');
    expect(matches.map((match) => [match.symbol, match.kind])).toEqual([['DGS10', 'series'], ['T10Y2Y', 'series']]);
    expect(await fred.search('zzzz')).toEqual([]);
    const info = await fred.seriesInfo('DGS10');
    expect(info).toMatchObject({ id: 'DGS10', frequency: 'Daily', units: 'Percent', observationStart: day('1962-01-02') });
    expect(info.lastUpdated).toBe(Date.parse('2024-01-19T15:18:02-06:00'));
  });

  it('computes the macro factors from seven series', async () => {
    server.setRoutes(macroFactorInputs.map((id) => observationRoute(id)));
    const factors = await fred.macroFactors({ startMs: day('2023-12-01'), endMs: day('2024-01-16') });
    expect(factors.slope10y2y).toEqual([
      { ts: day('2024-01-02'), value: -0.38 },
      { ts: day('2024-01-03'), value: -0.42 },
      { ts: day('2024-01-04'), value: -0.39 },
      { ts: day('2024-01-05'), value: -0.35 },
      { ts: day('2024-01-08'), value: -0.35 },
    ]);
    expect(factors.slope10y3m[0]).toEqual({ ts: day('2024-01-02'), value: -1.51 });
    expect(factors.realRate10y[0]).toEqual({ ts: day('2024-01-02'), value: 1.78 });
    expect(factors.creditSpread[0]).toEqual({ ts: day('2024-01-02'), value: 1.64 });
    // Dec 2023 CPI 308.742 vs Dec 2022 298.812; UNRATE 3.7 vs 3.5
    expect(factors.inflationYoY).toEqual([{ ts: day('2023-12-01'), value: 3.32316 }]);
    expect(factors.unemploymentChange).toEqual([{ ts: day('2023-12-01'), value: 0.2 }]);
    // monthly inputs were fetched from a year before the range
    const cpiQuery = server.requests.find((request) => request.query.series_id === 'CPIAUCSL')!.query;
    expect(cpiQuery.observation_start).toBe('2022-10-27');
  });

  it('tells a missing series from a refused key', async () => {
    server.setRoutes([
      { path: '/fred/series/observations', query: { series_id: 'NOSUCH' }, respond: { status: 400, body: fixture('fred', 'error-series-missing.json') } },
      { path: '/fred/series/observations', query: { series_id: 'DGS10' }, respond: { status: 400, body: fixture('fred', 'error-bad-key.json') } },
    ]);
    const missing = await failure(fred.observations('NOSUCH'));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toBe('FRED: series NOSUCH does not exist');
    const badKey = await failure(fred.observations('DGS10'));
    expect(badKey.code).toBe('UNAUTHORIZED');
    expect(badKey.message).not.toContain(API_KEY);
  });

  it('refuses a malformed series id and a missing key before calling', async () => {
    expect((await failure(fred.observations('DGS10; DROP'))).code).toBe('INVALID_ARGUMENT');
    await deps.secrets.delete(secretNames.fred);
    expect(providerFailureReason(await failure(fred.observations('DGS10')))).toBe('missing-key');
    expect((await fred.health()).status).toBe('unconfigured');
    expect(server.requests).toHaveLength(0);
  });

  it('reports a malformed body as a bad response', async () => {
    server.setRoutes([{ path: '/fred/series/observations', respond: { body: '<html>maintenance</html>' } }]);
    expect(providerFailureReason(await failure(fred.observations('DGS10')))).toBe('bad-response');
  });
});
