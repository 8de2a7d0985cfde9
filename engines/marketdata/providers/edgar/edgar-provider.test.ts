import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providerFailureReason } from '../provider-error.js';
import { fixture, FixtureServer } from '../testing/fixture-server.js';
import { failure, testConfig, testDeps, type TestDeps } from '../testing/harness.js';
import { EdgarProvider } from './edgar-provider.js';

const day = (text: string) => Date.parse(`${text}T00:00:00Z`);

describe('EdgarProvider', () => {
  let server: FixtureServer;
  let deps: TestDeps;
  let edgar: EdgarProvider;

  beforeAll(async () => {
    server = await FixtureServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.setRoutes([
      { path: '/files/company_tickers.json', respond: { body: fixture('edgar', 'company_tickers.json') } },
      { path: '/api/xbrl/companyfacts/CIK0000320193.json', respond: { body: fixture('edgar', 'companyfacts-CIK0000320193.json') } },
      { path: '/submissions/CIK0000320193.json', respond: { body: fixture('edgar', 'submissions-CIK0000320193.json') } },
      { path: '/api/xbrl/companyfacts/CIK0000051143.json', respond: { status: 404, headers: { 'content-type': 'application/xml' }, body: fixture('edgar', 'not-found.xml') } },
    ]);
    deps = testDeps();
    const config = testConfig(server.url);
    edgar = new EdgarProvider(config.edgar, config.cacheTtlMs, deps);
  });

  it('maps a ticker to its zero-padded CIK and declares the User-Agent', async () => {
    expect(await edgar.cikFor('aapl')).toBe('0000320193');
    expect(await edgar.cikFor('320193')).toBe('0000320193');
    expect(server.requests[0]!.headers['user-agent']).toBe('Nautilus Tests tests@example.com');
  });

  it('reports an unknown ticker', async () => {
    const error = await failure(edgar.cikFor('ZZZZ'));
    expect(error.code).toBe('UNKNOWN_INSTRUMENT');
    expect(error.message).toBe('SEC EDGAR: unknown symbol "ZZZZ"');
  });

  it('normalises XBRL company facts and derives headline fundamentals from the latest 10-K', async () => {
    const facts = await edgar.companyFacts('AAPL');
    expect(facts.entityName).toBe('Apple Inc.');
    const revenue = facts.facts.find((fact) => fact.concept === 'RevenueFromContractWithCustomerExcludingAssessedTax')!;
    expect(revenue).toMatchObject({ taxonomy: 'us-gaap', unit: 'USD' });
    expect(revenue.points[1]).toEqual({
      start: day('2022-09-25'), end: day('2023-09-30'), value: 383285000000, fiscalYear: 2023, fiscalPeriod: 'FY',
      form: '10-K', filedAt: day('2023-11-03'), accessionNumber: '0000320193-23-000106', frame: 'CY2023',
    });
    const fundamentals = await edgar.fundamentals('AAPL');
    expect(fundamentals).toMatchObject({ symbol: 'AAPL', name: 'Apple Inc.', cik: '0000320193', asOf: day('2023-09-30') });
    expect(fundamentals.metrics).toEqual({
      Revenues: 383285000000, NetIncomeLoss: 96995000000, Assets: 352583000000, Liabilities: 290437000000,
      StockholdersEquity: 62146000000, EarningsPerShareDiluted: 6.13, SharesOutstanding: 15441881000,
    });
    // the ticker list was fetched once and reused from the cache
    expect(server.requestsTo('/files/company_tickers.json')).toHaveLength(1);
  });

  it('lists recent filings by form type with archive links', async () => {
    const filings = await edgar.filings('AAPL', { forms: ['10-K', '10-Q'] });
    expect(filings.map((filing) => [filing.form, filing.filedAt])).toEqual([
      ['10-Q', day('2024-02-02')], ['10-K', day('2023-11-03')], ['10-Q', day('2023-08-04')],
    ]);
    expect(filings[1]!.url).toBe(`${server.url}/Archives/edgar/data/320193/000032019323000106/aapl-20230930.htm`);
    expect((await edgar.filings('AAPL', { limit: 2 })).map((filing) => filing.form)).toEqual(['10-Q', '8-K']);
  });

  it('says which company has no facts when EDGAR answers 404', async () => {
    const error = await failure(edgar.companyFacts('IBM'));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('SEC EDGAR: no XBRL company facts for IBM (CIK 0000051143)');
  });

  it('searches tickers and names, exact ticker first', async () => {
    expect((await edgar.search('am')).map((match) => match.symbol)).toEqual(['AMZN']);
    expect((await edgar.search('business machines')).map((match) => [match.symbol, match.score])).toEqual([['IBM', 1]]);
    expect((await edgar.search('msft'))[0]).toMatchObject({ symbol: 'MSFT', name: 'MICROSOFT CORP', score: 3 });
  });

  it('keeps to 10 requests a second', async () => {
    server.setRoutes([{ path: '/submissions/CIK0000000001.json', respond: { status: 404 } }]);
    const start = deps.clock.now();
    for (let i = 0; i < 25; i++) await failure(edgar.filings('1')); // 404s are not cached: 25 requests
    expect(server.requestsTo('/submissions/CIK0000000001.json')).toHaveLength(25);
    expect(deps.clock.now() - start).toBe(1500); // 10 at once, then one every 100 ms
  });

  it('refuses to call without a declared User-Agent', async () => {
    const config = testConfig(server.url, { edgar: { userAgent: null } });
    const anonymous = new EdgarProvider(config.edgar, config.cacheTtlMs, deps);
    const error = await failure(anonymous.filings('AAPL'));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain('User-Agent');
    expect((await anonymous.health()).status).toBe('unconfigured');
    expect(server.requests).toHaveLength(0);
  });

  it('rejects a User-Agent without a contact e-mail in the config', () => {
    expect(() => testConfig(server.url, { edgar: { userAgent: 'my app' } })).toThrow(/edgar.userAgent: must contain a contact e-mail/);
  });

  it('reports a malformed submissions body', async () => {
    server.setRoutes([
      { path: '/files/company_tickers.json', respond: { body: fixture('edgar', 'company_tickers.json') } },
      { path: '/submissions/CIK0000320193.json', respond: { body: '{"cik":"320193","name":"Apple Inc."}' } },
    ]);
    expect(providerFailureReason(await failure(edgar.filings('AAPL')))).toBe('bad-response');
  });
});
