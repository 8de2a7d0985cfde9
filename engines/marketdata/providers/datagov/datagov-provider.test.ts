import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../http/clock.js';
import { secretNames } from '../secret-store.js';
import { fixture, FixtureServer } from '../testing/fixture-server.js';
import { failure, testConfig, testDeps, type TestDeps } from '../testing/harness.js';
import { DataGovProvider } from './datagov-provider.js';
import { frequencyWeight, tradingRelevance } from './relevance-score.js';

// 180 days after the CPI dataset's metadata_modified: its recency is exactly one half
const HALF_LIFE_LATER = Date.UTC(2024, 6, 9, 14, 2, 10, 123);

describe('DataGovProvider', () => {
  let server: FixtureServer;
  let deps: TestDeps;
  let datagov: DataGovProvider;

  beforeAll(async () => {
    server = await FixtureServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.setRoutes([
      { path: '/api/3/action/package_search', query: { q: 'consumer price index' }, respond: { body: fixture('datagov', 'package_search-consumer-price-index.json') } },
      { path: '/api/3/action/package_search', query: { q: 'no such thing' }, respond: { body: fixture('datagov', 'package_search-empty.json') } },
      { path: '/api/3/action/group_list', respond: { body: fixture('datagov', 'group_list.json') } },
      { path: '/api/3/action/organization_list', respond: { body: fixture('datagov', 'organization_list.json') } },
    ]);
    deps = { ...testDeps(), clock: new ManualClock(HALF_LIFE_LATER) };
    const config = testConfig(server.url);
    datagov = new DataGovProvider(config.datagov, config.cacheTtlMs, deps);
  });

  it('searches CKAN package_search and ranks by trading relevance', async () => {
    const datasets = await datagov.searchDatasets('consumer price index');
    expect(datasets.map((dataset) => dataset.name)).toEqual(['consumer-price-index-cpi', 'producer-price-index', 'austin-animal-center-intakes']);
    const cpi = datasets[0]!;
    expect(cpi).toMatchObject({
      title: 'Consumer Price Index (CPI)', organization: 'Bureau of Labor Statistics', formats: ['CSV', 'API'],
      accrualPeriodicity: 'R/P1M', tags: ['consumer-price-index', 'inflation', 'prices'], groups: ['Finance'],
      url: `${server.url}/dataset/consumer-price-index-cpi`,
    });
    // 100·(0.35·1 + 0.20·0.7 + 0.15·0.5 + 0.15·1 + 0.15·1)
    expect(cpi.relevance.score).toBe(86.5);
    expect(cpi.relevance.parts).toEqual({ keywords: 1, frequency: 0.7, recency: 0.5, machineReadable: 1, publisher: 1 });
    const animals = datasets[2]!.relevance;
    expect(animals.matchedTerms).toEqual(['price', 'consumer']);
    expect(animals.parts).toMatchObject({ frequency: 0.1, machineReadable: 0.5, publisher: 0 });
    expect(animals.score).toBeLessThan(35);
    expect(server.requests[0]!.query).toMatchObject({ q: 'consumer price index', rows: '20', start: '0' });
  });

  it('passes organisation and category filters as quoted Solr filters', async () => {
    await datagov.searchDatasets('consumer price index', { organization: 'bls-gov', group: 'finance3432' });
    expect(server.requests[0]!.query.fq).toBe('organization:"bls-gov" AND groups:"finance3432"');
  });

  it('returns nothing for an empty result and maps search hits to datasets', async () => {
    expect(await datagov.search('no such thing')).toEqual([]);
    const hits = await datagov.search('consumer price index');
    expect(hits[0]).toEqual({ source: 'datagov', kind: 'dataset', symbol: 'consumer-price-index-cpi', name: 'Consumer Price Index (CPI)', score: 86.5 });
  });

  it('lists categories and organisations', async () => {
    expect((await datagov.categories()).map((entry) => [entry.name, entry.datasetCount])).toEqual([
      ['agriculture8571', 1287], ['finance3432', 456], ['energy9485', 2210],
    ]);
    expect((await datagov.organizations()).map((entry) => entry.title)).toEqual(['Bureau of Labor Statistics', 'Energy Information Administration']);
  });

  it('names the field CKAN rejected', async () => {
    server.setRoutes([{ path: '/api/3/action/package_search', respond: { status: 409, body: fixture('datagov', 'error-validation.json') } }]);
    const error = await failure(datagov.searchDatasets('x', { limit: 5000 }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toBe('Data.gov: dataset search for "x": Validation Error (rows: Must be less than or equal to 1000)');
  });

  it('sends a saved api.data.gov key as a header, never in the URL', async () => {
    await deps.secrets.set(secretNames.datagov, 'DATAGOV-KEY-777');
    await datagov.categories();
    expect(server.requests[0]!.headers['x-api-key']).toBe('DATAGOV-KEY-777');
    expect(JSON.stringify(server.requests[0]!.query)).not.toContain('DATAGOV-KEY-777');
  });
});

describe('tradingRelevance', () => {
  it('weights frequencies from ISO 8601 repeating durations and words', () => {
    expect(['R/P1D', 'R/PT1H', 'R/P1W', 'R/P1M', 'R/P3M', 'R/P1Y', 'irregular', undefined].map(frequencyWeight)).toEqual([
      1, 1, 0.85, 0.7, 0.5, 0.25, 0.1, 0.1,
    ]);
  });

  it('scores zero for a dataset with nothing going for it', () => {
    const score = tradingRelevance({ title: 'Park benches', tags: [], groups: [], resourceFormats: [] }, 0);
    expect(score.score).toBe(2); // only the 0.1 floor of an unknown frequency: 100·0.2·0.1
  });
});
