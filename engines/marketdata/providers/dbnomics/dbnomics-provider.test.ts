import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providerFailureReason } from '../provider-error.js';
import { fixture, FixtureServer } from '../testing/fixture-server.js';
import { failure, testConfig, testDeps } from '../testing/harness.js';
import { DbnomicsProvider } from './dbnomics-provider.js';

const WEO_GDP = 'IMF/WEO:2023-10/USA.NGDP_RPCH.pcent_change';

describe('DbnomicsProvider', () => {
  let server: FixtureServer;
  let dbnomics: DbnomicsProvider;

  beforeAll(async () => {
    server = await FixtureServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.setRoutes([
      { path: '/v22/providers', respond: { body: fixture('dbnomics', 'providers.json') } },
      { path: '/v22/datasets/IMF', respond: { body: fixture('dbnomics', 'datasets-IMF.json') } },
      { path: '/v22/search', query: { q: 'inflation' }, respond: { body: fixture('dbnomics', 'search-inflation.json') } },
      { path: `/v22/series/${WEO_GDP}`, respond: { body: fixture('dbnomics', 'series-IMF-WEO-USA-NGDP_RPCH.json') } },
      { path: '/v22/series/IMF/WEO:2023-10', query: { q: 'usa gdp' }, respond: { body: fixture('dbnomics', 'series-search-IMF-WEO-usa-gdp.json') } },
      { path: '/v22/series/IMF/WEO:2023-10/XXX.NOPE', respond: { status: 404, body: fixture('dbnomics', 'series-not-found.json') } },
    ]);
    const config = testConfig(server.url);
    dbnomics = new DbnomicsProvider(config.dbnomics, config.cacheTtlMs, testDeps());
  });

  it('lists providers and their datasets', async () => {
    expect(await dbnomics.providers()).toEqual([
      { code: 'BLS', name: 'U.S. Bureau of Labor Statistics', region: 'US', website: 'https://www.bls.gov/' },
      { code: 'IMF', name: 'International Monetary Fund', region: 'World', website: 'https://www.imf.org/' },
    ]);
    expect((await dbnomics.datasets('IMF')).map((dataset) => [dataset.code, dataset.seriesCount])).toEqual([['WEO:2023-10', 8624], ['CPI', 121453]]);
  });

  it('searches datasets and series', async () => {
    const hits = await dbnomics.search('inflation');
    expect(hits.map((hit) => [hit.symbol, hit.score])).toEqual([['IMF/CPI', 8911], ['BLS/cu', 7994]]);
    const series = await dbnomics.searchSeries('usa gdp', { dataset: 'IMF/WEO:2023-10' });
    expect(series.map((info) => info.id)).toEqual([WEO_GDP, 'IMF/WEO:2023-10/USA.NGDPD.billions']);
    expect(series[0]).toMatchObject({ frequency: 'annual', title: 'United States – Gross domestic product, constant prices – Percent change' });
  });

  it('reads series data with "NA" as missing and gives the latest value', async () => {
    const points = await dbnomics.observations(WEO_GDP, { startMs: Date.UTC(2021, 0, 1) });
    expect(points).toEqual([
      { ts: Date.UTC(2021, 0, 1), value: 5.945 },
      { ts: Date.UTC(2022, 0, 1), value: 1.935 },
      { ts: Date.UTC(2023, 0, 1), value: 2.074 },
      { ts: Date.UTC(2024, 0, 1), value: null },
    ]);
    expect(await dbnomics.latest(WEO_GDP)).toEqual({ ts: Date.UTC(2023, 0, 1), value: 2.074 });
    expect(server.requestsTo(`/v22/series/${WEO_GDP}`)).toHaveLength(1);
    expect(server.requests.at(-1)!.query).toEqual({ observations: '1' });
  });

  it('reports a missing series and a malformed id', async () => {
    const missing = await failure(dbnomics.observations('IMF/WEO:2023-10/XXX.NOPE'));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toBe('DBnomics: series IMF/WEO:2023-10/XXX.NOPE does not exist');
    expect(providerFailureReason(await failure(dbnomics.observations('IMF/WEO')))).toBe('bad-request');
  });

  it('retries a 502 from the API and then reads the data', async () => {
    server.setRoutes([{ path: '/v22/providers', respond: [{ status: 502, body: '<html>Bad Gateway</html>' }, { body: fixture('dbnomics', 'providers.json') }] }]);
    expect(await dbnomics.providers()).toHaveLength(2);
    expect(server.requestsTo('/v22/providers')).toHaveLength(2);
  });
});
