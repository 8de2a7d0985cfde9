// DBnomics (api.db.nomics.world/v22): providers, their datasets, dataset/series search and series
// data. No key. A series id is `PROVIDER/DATASET/SERIES` (dataset codes may hold ':' but never
// '/'). Missing values arrive as "NA" and become null.
import { z } from 'zod';
import type { ProvidersConfig } from '../config.js';
import { systemClock, type ProviderClock } from '../http/clock.js';
import type { JsonRequest, ProviderHttpClient, QueryValue } from '../http/http-client.js';
import { numberOrNull, utcDateMs } from '../normalise.js';
import { createPerSecondHttpClient, probeHealth, type CacheTtls, type ProviderDeps } from '../provider-context.js';
import { providerError } from '../provider-error.js';
import type {
  CallOptions,
  MacroObservation,
  MacroRange,
  MacroSeriesInfo,
  MacroSeriesSource,
  MarketDataProvider,
  ProviderCapability,
  ProviderHealth,
  SearchOptions,
  SymbolMatch,
} from '../types.js';

const page = <T extends z.ZodType>(doc: T) => z.object({ docs: z.array(doc), num_found: z.number() });

const providersSchema = z.object({
  providers: page(z.object({ code: z.string(), name: z.string(), region: z.string().optional(), website: z.string().optional(), indexed_at: z.string().optional() })),
});

const datasetDoc = z.object({ code: z.string(), name: z.string(), nb_series: z.number().optional(), provider_code: z.string().optional() });
const datasetsSchema = z.object({ datasets: page(datasetDoc) });

const searchSchema = z.object({
  results: page(
    z.object({
      type: z.string().optional(),
      provider_code: z.string(),
      provider_name: z.string().optional(),
      code: z.string(),
      name: z.string(),
      nb_series: z.number().optional(),
      nb_matching_series: z.number().optional(),
    }),
  ),
});

const seriesDoc = z.object({
  '@frequency': z.string().optional(),
  provider_code: z.string(),
  dataset_code: z.string(),
  series_code: z.string(),
  series_name: z.string().optional(),
  indexed_at: z.string().optional(),
  period_start_day: z.array(z.string()).optional(),
  value: z.array(z.union([z.number(), z.string(), z.null()])).optional(),
});
const seriesSchema = z.object({ series: page(seriesDoc) });

export interface DbnomicsProviderInfo {
  code: string;
  name: string;
  region?: string;
  website?: string;
}

export interface DbnomicsDataset {
  providerCode: string;
  code: string;
  name: string;
  seriesCount?: number;
  matchingSeries?: number;
}

export class DbnomicsProvider implements MarketDataProvider, MacroSeriesSource {
  readonly id = 'dbnomics' as const;
  readonly displayName = 'DBnomics';
  readonly capabilities: ReadonlySet<ProviderCapability> = new Set(['search', 'macro', 'datasets']);
  readonly macro: MacroSeriesSource = this;
  private readonly client: ProviderHttpClient;
  private readonly clock: ProviderClock;

  constructor(
    config: ProvidersConfig['dbnomics'],
    private readonly ttl: CacheTtls,
    deps: ProviderDeps,
  ) {
    this.clock = deps.clock ?? systemClock;
    this.client = createPerSecondHttpClient(this.id, config, deps);
  }

  health(options: CallOptions = {}): Promise<ProviderHealth> {
    return probeHealth(this.id, this.client, this.clock, async () => ({
      ...this.request('/v22/providers', {}, 'health check', providersSchema, 0),
      signal: options.signal,
    }));
  }

  /** Datasets matching the query, across all DBnomics providers. */
  async search(query: string, options: SearchOptions = {}): Promise<SymbolMatch[]> {
    const datasets = await this.searchDatasets(query, options);
    return datasets.map((dataset) => ({
      source: this.id,
      kind: 'dataset' as const,
      symbol: `${dataset.providerCode}/${dataset.code}`,
      name: dataset.name,
      score: dataset.matchingSeries,
    }));
  }

  async providers(options: CallOptions = {}): Promise<DbnomicsProviderInfo[]> {
    const body = await this.client.getJson({ ...this.request('/v22/providers', {}, 'the provider list', providersSchema, this.ttl.reference), signal: options.signal });
    return body.providers.docs.map((doc) => ({ code: doc.code, name: doc.name, region: doc.region, website: doc.website }));
  }

  async datasets(providerCode: string, options: SearchOptions = {}): Promise<DbnomicsDataset[]> {
    const provider = checkCode(providerCode, 'provider code');
    const body = await this.client.getJson({
      ...this.request(`/v22/datasets/${encodeURIComponent(provider)}`, { limit: options.limit }, `datasets of ${provider}`, datasetsSchema, this.ttl.reference),
      onNotFound: () => providerError(this.id, 'not-found', `provider ${provider} does not exist`),
      signal: options.signal,
    });
    return body.datasets.docs.map((doc) => ({ providerCode: provider, code: doc.code, name: doc.name, seriesCount: doc.nb_series }));
  }

  async searchDatasets(query: string, options: SearchOptions = {}): Promise<DbnomicsDataset[]> {
    const text = query.trim();
    if (text === '') return [];
    const body = await this.client.getJson({
      ...this.request('/v22/search', { q: text, limit: options.limit ?? 10 }, `dataset search for "${text}"`, searchSchema, this.ttl.search),
      signal: options.signal,
    });
    return body.results.docs.map((doc) => ({
      providerCode: doc.provider_code,
      code: doc.code,
      name: doc.name,
      seriesCount: doc.nb_series,
      matchingSeries: doc.nb_matching_series,
    }));
  }

  /** Series matching `query` inside one dataset, given as `PROVIDER/DATASET` in options.dataset. */
  async searchSeries(query: string, options: SearchOptions & { dataset?: string } = {}): Promise<MacroSeriesInfo[]> {
    if (!options.dataset) {
      throw providerError(this.id, 'bad-request', 'series search needs a dataset ("PROVIDER/DATASET"); use searchDatasets to find one');
    }
    const [provider, dataset] = splitPath(options.dataset, 2);
    const body = await this.client.getJson({
      ...this.request(
        `/v22/series/${encodeURIComponent(provider)}/${encodeURIComponent(dataset)}`,
        { q: query.trim() || undefined, limit: options.limit ?? 10, observations: 0 },
        `series search in ${provider}/${dataset}`,
        seriesSchema,
        this.ttl.search,
      ),
      onNotFound: () => providerError(this.id, 'not-found', `dataset ${provider}/${dataset} does not exist`),
      signal: options.signal,
    });
    return body.series.docs.map((doc) => this.toInfo(doc));
  }

  async observations(seriesId: string, range: MacroRange = {}): Promise<MacroObservation[]> {
    const doc = await this.series(seriesId, range.signal);
    const starts = doc.period_start_day ?? [];
    const values = doc.value ?? [];
    return starts
      .flatMap((start, index) => {
        const ts = utcDateMs(start);
        return ts === undefined ? [] : [{ ts, value: numberOrNull(values[index]) }];
      })
      .filter((point) => (range.startMs === undefined || point.ts >= range.startMs) && (range.endMs === undefined || point.ts < range.endMs));
  }

  async latest(seriesId: string, options: CallOptions = {}): Promise<MacroObservation> {
    const latest = (await this.observations(seriesId, options)).filter((point) => point.value !== null).at(-1);
    if (!latest) throw providerError(this.id, 'not-found', `series ${seriesId} has no values`);
    return latest;
  }

  private async series(seriesId: string, signal?: AbortSignal): Promise<z.infer<typeof seriesDoc>> {
    const [provider, dataset, series] = splitPath(seriesId, 3);
    const notFound = () => providerError(this.id, 'not-found', `series ${seriesId} does not exist`);
    const body = await this.client.getJson({
      ...this.request(
        `/v22/series/${encodeURIComponent(provider)}/${encodeURIComponent(dataset)}/${encodeURIComponent(series)}`,
        { observations: 1 },
        `series ${seriesId}`,
        seriesSchema,
        this.ttl.macro,
      ),
      onNotFound: notFound,
      signal,
    });
    const doc = body.series.docs[0];
    if (!doc) throw notFound();
    return doc;
  }

  private request<T>(path: string, query: Record<string, QueryValue>, what: string, schema: z.ZodType<T>, cacheTtlMs: number): JsonRequest<T> {
    return { path, what, schema, cacheTtlMs, query };
  }

  private toInfo(doc: z.infer<typeof seriesDoc>): MacroSeriesInfo {
    return {
      source: this.id,
      id: `${doc.provider_code}/${doc.dataset_code}/${doc.series_code}`,
      title: doc.series_name ?? doc.series_code,
      frequency: doc['@frequency'],
      lastUpdated: utcDateMs(doc.indexed_at),
    };
  }
}

function splitPath(id: string, parts: 2 | 3): string[] {
  const pieces = id.trim().split('/');
  // the series code is last and may not contain '/', so exactly `parts` pieces are expected
  if (pieces.length !== parts || pieces.some((piece) => piece === '')) {
    const shape = parts === 3 ? 'PROVIDER/DATASET/SERIES' : 'PROVIDER/DATASET';
    throw providerError('dbnomics', 'bad-request', `"${id}" is not a ${shape} id`);
  }
  return pieces;
}

function checkCode(code: string, what: string): string {
  const trimmed = code.trim();
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(trimmed)) throw providerError('dbnomics', 'bad-request', `"${code}" is not a ${what}`);
  return trimmed;
}
