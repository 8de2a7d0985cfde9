import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instrument, InstrumentId } from '@nws/core';
import { ProviderRegistry, loadProvidersConfig } from './registry.js';
import { searchSymbols, type InstrumentSource } from './symbol-search.js';
import { fixture, FixtureServer } from './testing/fixture-server.js';
import { testConfig, testDeps } from './testing/harness.js';

const apple: Instrument = {
  id: 'AAPL.XNAS' as InstrumentId, symbol: 'AAPL', venue: 'XNAS', assetClass: 'equity', currency: 'USD',
  tickSize: 0.01, lotSize: 1, multiplier: 1, pricePrecision: 2, name: 'Apple Inc.',
};
const microsoftCfd: Instrument = { ...apple, id: 'MSFT.IDEALPRO' as InstrumentId, symbol: 'MSFT', venue: 'IDEALPRO', name: 'Microsoft CFD' };
const instruments: InstrumentSource = { listInstruments: () => [apple, microsoftCfd] };

describe('searchSymbols', () => {
  let server: FixtureServer;
  let registry: ProviderRegistry;

  beforeAll(async () => {
    server = await FixtureServer.start([
      { path: '/v1/finance/search', respond: { body: fixture('yahoo', 'search-apple.json') } },
      { path: '/files/company_tickers.json', respond: { body: fixture('edgar', 'company_tickers.json') } },
      { path: '/v22/search', respond: { status: 500, body: 'internal error' } },
      { path: '/api/3/action/package_search', respond: { delayMs: 1_500, body: fixture('datagov', 'package_search-empty.json') } },
    ]);
    const config = testConfig(server.url, {
      dbnomics: { retry: { maxRetries: 0 } },
      datagov: { timeoutMs: 5_000 },
      alphavantage: { enabled: false },
      fred: { enabled: false },
      tradingeconomics: { enabled: false },
    });
    registry = new ProviderRegistry(config, testDeps());
  });
  afterAll(() => server.close());

  it('puts known instruments first, adds provider hits once, and reports failing providers', async () => {
    const result = await searchSymbols('apple', { instruments, providers: registry.enabled(), providerTimeoutMs: 800 });
    // Yahoo's and EDGAR's AAPL are absorbed by the known AAPL.XNAS
    expect(result.matches.map((match) => `${match.source}:${match.symbol}`)).toEqual(['instruments:AAPL', 'yahoo:AAPL.NE', 'yahoo:APC.DE']);
    expect(result.matches[0]).toMatchObject({ instrumentId: 'AAPL.XNAS', name: 'Apple Inc.' });
    expect(result.failures.map((failure) => failure.source).sort()).toEqual(['datagov', 'dbnomics']);
    expect(result.failures.find((failure) => failure.source === 'dbnomics')!.message).toContain('HTTP 500');
    expect(result.failures.find((failure) => failure.source === 'datagov')!.message).toBe('Data.gov: no answer in time');
  });

  it('ranks an exact symbol first across sources', async () => {
    const result = await searchSymbols('MSFT', { instruments, providers: registry.enabled(), providerTimeoutMs: 800 });
    expect(result.matches[0]).toMatchObject({ source: 'instruments', symbol: 'MSFT', instrumentId: 'MSFT.IDEALPRO' });
    const withoutStore = await searchSymbols('msft', { providers: registry.enabled(), providerTimeoutMs: 800 });
    expect(withoutStore.matches[0]).toMatchObject({ source: 'edgar', symbol: 'MSFT', name: 'MICROSOFT CORP' });
  });

  it('answers an empty query with nothing and asks no one', async () => {
    const before = server.requests.length;
    expect(await searchSymbols('  ', { instruments, providers: registry.enabled() })).toEqual({ matches: [], failures: [] });
    expect(server.requests.length).toBe(before);
  });
});

describe('ProviderRegistry', () => {
  it('builds only enabled providers and says how to enable the others', () => {
    const registry = new ProviderRegistry(loadProvidersConfig({ getSetting: () => ({ yahoo: { enabled: true } }) }), testDeps());
    expect(registry.enabled().map((provider) => provider.id)).toEqual(['yahoo']);
    expect(() => registry.require('fred')).toThrow('FRED is not enabled; switch it on in Settings → Providers');
    expect(registry.get('yahoo')?.displayName).toBe('Yahoo Finance');
  });

  it('keeps IBKR off until the connection exists', () => {
    const registry = new ProviderRegistry(loadProvidersConfig({ getSetting: () => ({ ibkr: { enabled: true } }) }), testDeps());
    expect(() => registry.require('ibkr')).toThrow('IBKR has no IBKR connection yet');
  });

  it('rejects settings with unknown or bad fields, naming each', () => {
    expect(() => loadProvidersConfig({ getSetting: () => ({ yahoo: { enabeld: true }, fred: { requestsPerMinute: 0 } }) })).toThrow(
      /invalid providers config: .*yahoo.*enabeld.*fred.requestsPerMinute/,
    );
  });
});
