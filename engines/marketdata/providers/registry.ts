// The enabled providers, built once from ProvidersConfig and the shared services. The Host makes
// one registry; backfill jobs and the unified symbol search take providers from it.
import { ErrorCode, NwsError } from '@nws/core';
import { AlphaVantageProvider } from './alphavantage/alphavantage-provider.js';
import { parseProvidersConfig, providersSettingsKey, type ProvidersConfig } from './config.js';
import { DataGovProvider } from './datagov/datagov-provider.js';
import { DbnomicsProvider } from './dbnomics/dbnomics-provider.js';
import { EdgarProvider } from './edgar/edgar-provider.js';
import { FredProvider } from './fred/fred-provider.js';
import { systemClock } from './http/clock.js';
import { IbkrHistoryProvider, type IbkrHistoryClient } from './ibkr/ibkr-history-provider.js';
import type { ProviderDeps } from './provider-context.js';
import { providerDisplayNames, ProviderIds, type ProviderId } from './provider-id.js';
import { TradingEconomicsProvider } from './tradingeconomics/tradingeconomics-provider.js';
import type { MarketDataProvider, ProviderHealth } from './types.js';
import { YahooProvider } from './yahoo/yahoo-provider.js';

export interface ProviderRegistryDeps extends ProviderDeps {
  /** The IBKR connection's history client (issue 8); without it the IBKR provider stays off. */
  ibkrClient?: IbkrHistoryClient;
}

/** Concrete types, for the extras beyond MarketDataProvider (FRED macro factors, EDGAR facts...). */
export interface ProviderTypes {
  yahoo: YahooProvider;
  alphavantage: AlphaVantageProvider;
  fred: FredProvider;
  edgar: EdgarProvider;
  datagov: DataGovProvider;
  tradingeconomics: TradingEconomicsProvider;
  dbnomics: DbnomicsProvider;
  ibkr: IbkrHistoryProvider;
}

export class ProviderRegistry {
  private readonly providers = new Map<ProviderId, MarketDataProvider>();

  constructor(
    readonly config: ProvidersConfig,
    private readonly deps: ProviderRegistryDeps,
  ) {
    const ttl = config.cacheTtlMs;
    const build: { [K in ProviderId]: () => ProviderTypes[K] | undefined } = {
      yahoo: () => new YahooProvider(config.yahoo, ttl, deps),
      alphavantage: () => new AlphaVantageProvider(config.alphavantage, ttl, deps),
      fred: () => new FredProvider(config.fred, ttl, deps),
      edgar: () => new EdgarProvider(config.edgar, ttl, deps),
      datagov: () => new DataGovProvider(config.datagov, ttl, deps),
      tradingeconomics: () => new TradingEconomicsProvider(config.tradingeconomics, ttl, deps),
      dbnomics: () => new DbnomicsProvider(config.dbnomics, ttl, deps),
      ibkr: () => (deps.ibkrClient ? new IbkrHistoryProvider(deps.ibkrClient, config.ibkr, { clock: deps.clock }) : undefined),
    };
    for (const id of ProviderIds) {
      if (!config[id].enabled) continue;
      const provider = build[id]();
      if (provider) this.providers.set(id, provider);
    }
  }

  /** The provider if it is enabled. */
  get<K extends ProviderId>(id: K): ProviderTypes[K] | undefined {
    return this.providers.get(id) as ProviderTypes[K] | undefined;
  }

  /** The provider, or INVALID_ARGUMENT saying how to switch it on. */
  require<K extends ProviderId>(id: K): ProviderTypes[K] {
    const provider = this.get(id);
    if (provider) return provider;
    const reason = id === 'ibkr' && this.config.ibkr.enabled ? 'has no IBKR connection yet' : 'is not enabled; switch it on in Settings → Providers';
    throw new NwsError(ErrorCode.InvalidArgument, `${providerDisplayNames[id]} ${reason}`, { provider: id });
  }

  enabled(): MarketDataProvider[] {
    return [...this.providers.values()];
  }

  /** Health of every enabled provider, checked concurrently; one slow provider does not hold up the rest. */
  async health(options: { signal?: AbortSignal } = {}): Promise<ProviderHealth[]> {
    const clock = this.deps.clock ?? systemClock;
    return Promise.all(
      this.enabled().map((provider) =>
        provider.health(options).catch((error: unknown): ProviderHealth => ({
          provider: provider.id,
          status: 'down',
          checkedAt: clock.now(),
          message: NwsError.from(error).message,
        })),
      ),
    );
  }
}

/** Where the Host keeps settings (StateStore satisfies this). */
export interface SettingsReader {
  getSetting(key: string): unknown;
}

/** ProvidersConfig from Settings (defaults when none saved yet). */
export function loadProvidersConfig(settings: SettingsReader): ProvidersConfig {
  return parseProvidersConfig(settings.getSetting(providersSettingsKey) ?? {});
}
