// The Host's market-data services beyond stored bars: providers (config in Settings, keys in the
// secret store), the unified symbol search and backfill jobs. One object the Workstation starts
// after the stores and stops before them; its handlers live in marketdata-*.ts beside it.
import { join } from 'node:path';
import { ErrorCode, NwsError, topics, type HandlerParams, type HandlerResult, type MessageBus } from '@nws/core';
import {
  BackfillManager,
  FileSecretStore,
  ProviderIds,
  ProviderRegistry,
  SqliteBackfillJobStore,
  SqliteProviderStore,
  TimeSeriesBarSink,
  backfillJobProgress,
  loadProvidersConfig,
  parseProvidersConfig,
  providerDisplayNames,
  providersSettingsKey,
  searchSymbols,
  secretNames,
  type BackfillStatus,
  type IbkrHistoryClient,
  type ProviderHealth,
  type ProviderId,
  type ProvidersConfig,
} from '@nws/marketdata';
import type { StateStore, TimeSeriesStore } from '@nws/storage';

/** Files the service keeps in the data directory. */
export const MarketDataServiceFiles = {
  /** API keys, mode 0600 (browser mode and CLI; Electron keeps them in the OS keychain). */
  secrets: 'secrets.json',
  /** Provider response cache, daily usage counts and backfill jobs. */
  database: 'marketdata.sqlite',
} as const;

export interface MarketDataServiceOptions {
  home: string;
  bus: MessageBus;
  state: () => StateStore;
  timeSeries: () => TimeSeriesStore;
  /** The IBKR connection's history and symbol search (Host component `ibkr`); without it the IBKR provider stays off. */
  ibkrClient?: IbkrHistoryClient;
}

type ProviderView = HandlerResult<'providers.configure'>;
type BackfillView = HandlerResult<'backfill.start'>;

/** Which secret holds each provider's key (providers not listed take none). */
const keyNames: Partial<Record<ProviderId, string>> = secretNames;

export class MarketDataService {
  readonly secrets: FileSecretStore;
  private database: { providers: SqliteProviderStore; jobs: SqliteBackfillJobStore } | null = null;
  private registry: ProviderRegistry | null = null;
  private manager: BackfillManager | null = null;

  constructor(private readonly options: MarketDataServiceOptions) {
    this.secrets = new FileSecretStore(join(options.home, MarketDataServiceFiles.secrets));
  }

  /** Opens the provider cache and job store, builds the enabled providers, restarts unfinished jobs. */
  start(): void {
    const path = join(this.options.home, MarketDataServiceFiles.database);
    const providers = SqliteProviderStore.open(path);
    const jobs = SqliteBackfillJobStore.open(path);
    this.database = { providers, jobs };
    this.registry = this.buildRegistry(loadProvidersConfig(this.options.state()));
    this.manager = new BackfillManager({
      store: jobs,
      // Through the service, so a provider switched on after start is found.
      providers: { get: (id) => this.providers.get(id) },
      sink: new TimeSeriesBarSink(this.options.timeSeries()),
      onProgress: (status) => this.publishProgress(status),
    });
    this.manager.restore();
  }

  /** Leaves running jobs as they are saved (restore() picks them up next start). */
  async stop(): Promise<void> {
    await this.manager?.close();
    this.manager = null;
    this.registry = null;
    this.database?.providers.close();
    this.database?.jobs.close();
    this.database = null;
  }

  get providers(): ProviderRegistry {
    return running(this.registry);
  }

  get backfill(): BackfillManager {
    return running(this.manager);
  }

  async listProviders(params: HandlerParams<'providers.list'>): Promise<HandlerResult<'providers.list'>> {
    const health = params.health ? await this.providers.health() : [];
    const byId = new Map<ProviderId, ProviderHealth>(health.map((entry) => [entry.provider, entry]));
    const providers = await Promise.all(ProviderIds.map((id) => this.describe(id, byId.get(id))));
    return { providers };
  }

  /**
   * Validates the whole new config before saving anything, so a bad field changes nothing. The
   * key goes to the secret store only; it is never part of a result, an error or a log line.
   */
  async configure(params: HandlerParams<'providers.configure'>): Promise<ProviderView> {
    const id = params.provider;
    const keyName = keyNames[id];
    if (params.apiKey !== undefined && keyName === undefined) {
      throw new NwsError(ErrorCode.InvalidArgument, `${providerDisplayNames[id]} takes no API key`);
    }
    if (params.baseUrl !== undefined && (id === 'edgar' || id === 'ibkr')) {
      throw new NwsError(ErrorCode.InvalidArgument, `${providerDisplayNames[id]} has no single base URL to set`);
    }
    const stored = settingsObject(this.options.state().getSetting(providersSettingsKey));
    const section = { ...settingsObject(stored[id]) };
    if (params.enabled !== undefined) section.enabled = params.enabled;
    if (params.baseUrl !== undefined) section.baseUrl = params.baseUrl;
    const next = { ...stored, [id]: section };
    const config = parseProvidersConfig(next);
    if (keyName !== undefined && params.apiKey !== undefined) {
      if (params.apiKey === null) await this.secrets.delete(keyName);
      else await this.secrets.set(keyName, params.apiKey);
    }
    this.options.state().setSetting(providersSettingsKey, next);
    this.registry = this.buildRegistry(config);
    return this.describe(id);
  }

  async search(params: HandlerParams<'marketdata.search'>): Promise<HandlerResult<'marketdata.search'>> {
    return searchSymbols(params.query, { instruments: this.options.state(), providers: this.providers.enabled(), limit: params.limit });
  }

  async startBackfill(params: HandlerParams<'backfill.start'>): Promise<BackfillView> {
    return this.backfill.start(params);
  }

  private async describe(id: ProviderId, health?: ProviderHealth): Promise<ProviderView> {
    const config = this.providers.config;
    const section: { enabled: boolean; baseUrl?: string } = config[id];
    const keyName = keyNames[id];
    return {
      id,
      name: providerDisplayNames[id],
      enabled: section.enabled,
      takesKey: keyName !== undefined,
      keyPresent: keyName !== undefined && (await this.secrets.get(keyName)) !== undefined,
      ...(section.baseUrl === undefined ? {} : { baseUrl: section.baseUrl }),
      ...(health === undefined ? {} : { health: { status: health.status, checkedAt: health.checkedAt, latencyMs: health.latencyMs, message: health.message } }),
    };
  }

  private buildRegistry(config: ProvidersConfig): ProviderRegistry {
    const cache = running(this.database).providers;
    return new ProviderRegistry(config, { secrets: this.secrets, cache, usage: cache, ...(this.options.ibkrClient === undefined ? {} : { ibkrClient: this.options.ibkrClient }) });
  }

  private publishProgress(status: BackfillStatus): void {
    if (this.options.bus.closed) return;
    this.options.bus.publish(topics.jobProgress(status.id), backfillJobProgress(status, Date.now()));
  }
}

function settingsObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
}

function running<T>(value: T | null): T {
  if (value === null) throw new NwsError(ErrorCode.Unavailable, 'market-data providers are not running');
  return value;
}
