// Data.gov catalogue through its CKAN action API: dataset search (package_search), categories
// (group_list) and organisations (organization_list), each dataset scored for trading relevance
// (relevance-score.ts). No key is needed; an api.data.gov key, if saved, goes in X-Api-Key.
import { z } from 'zod';
import type { ProvidersConfig } from '../config.js';
import { systemClock, type ProviderClock } from '../http/clock.js';
import type { JsonRequest, ProviderHttpClient, QueryValue } from '../http/http-client.js';
import { utcDateMs } from '../normalise.js';
import { createPerSecondHttpClient, probeHealth, type CacheTtls, type ProviderDeps } from '../provider-context.js';
import { providerError } from '../provider-error.js';
import { secretNames } from '../secret-store.js';
import type { CallOptions, MarketDataProvider, ProviderCapability, ProviderHealth, SearchOptions, SymbolMatch } from '../types.js';
import { tradingRelevance, type RelevanceScore } from './relevance-score.js';

const packageSchema = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  notes: z.string().nullable().optional(),
  metadata_modified: z.string().optional(),
  organization: z.object({ name: z.string(), title: z.string() }).nullable().optional(),
  extras: z.array(z.object({ key: z.string(), value: z.unknown() })).optional(),
  groups: z.array(z.object({ name: z.string(), title: z.string() })).optional(),
  tags: z.array(z.object({ name: z.string() })).optional(),
  resources: z.array(z.object({ format: z.string().nullable().optional(), url: z.string().nullable().optional() })).optional(),
});

const ckanEnvelope = <T extends z.ZodType>(result: T) => z.object({ success: z.literal(true), result });
const packageSearchSchema = ckanEnvelope(z.object({ count: z.number(), results: z.array(packageSchema) }));
const listEntry = z.object({
  name: z.string(),
  title: z.string(),
  display_name: z.string().optional(),
  description: z.string().nullable().optional(),
  package_count: z.number().optional(),
});
const listSchema = ckanEnvelope(z.array(listEntry));
const ckanErrorSchema = z.object({ success: z.literal(false), error: z.record(z.string(), z.unknown()) });

export interface DatasetSummary {
  source: 'datagov';
  id: string;
  name: string;
  title: string;
  description?: string;
  organization?: string;
  tags: string[];
  groups: string[];
  formats: string[];
  accrualPeriodicity?: string;
  modifiedAt?: number;
  url: string;
  relevance: RelevanceScore;
}

export interface DatasetSearch extends SearchOptions {
  /** Skip this many results (paging). */
  start?: number;
  /** Only datasets of this organisation (its `name`, e.g. bls-gov). */
  organization?: string;
  /** Only datasets in this category (its `name`). */
  group?: string;
}

export interface CatalogueEntry {
  name: string;
  title: string;
  description?: string;
  datasetCount?: number;
}

export class DataGovProvider implements MarketDataProvider {
  readonly id = 'datagov' as const;
  readonly displayName = 'Data.gov';
  readonly capabilities: ReadonlySet<ProviderCapability> = new Set(['search', 'datasets']);
  private readonly client: ProviderHttpClient;
  private readonly clock: ProviderClock;

  constructor(
    private readonly config: ProvidersConfig['datagov'],
    private readonly ttl: CacheTtls,
    private readonly deps: ProviderDeps,
  ) {
    this.clock = deps.clock ?? systemClock;
    this.client = createPerSecondHttpClient(this.id, config, deps);
  }

  health(options: CallOptions = {}): Promise<ProviderHealth> {
    return probeHealth(this.id, this.client, this.clock, () =>
      this.request('/api/3/action/package_search', { q: 'price', rows: 1 }, 'health check', packageSearchSchema, 0, options.signal),
    );
  }

  async search(query: string, options: SearchOptions = {}): Promise<SymbolMatch[]> {
    const datasets = await this.searchDatasets(query, options);
    return datasets.map((dataset) => ({
      source: this.id,
      kind: 'dataset' as const,
      symbol: dataset.name,
      name: dataset.title,
      score: dataset.relevance.score,
    }));
  }

  /** Datasets matching `query`, most relevant to trading first (ties keep CKAN's order). */
  async searchDatasets(query: string, options: DatasetSearch = {}): Promise<DatasetSummary[]> {
    const filters = [
      options.organization ? `organization:${quoteFilter(options.organization)}` : undefined,
      options.group ? `groups:${quoteFilter(options.group)}` : undefined,
    ].filter((filter): filter is string => filter !== undefined);
    const body = await this.client.getJson(
      await this.request(
        '/api/3/action/package_search',
        { q: query.trim() || '*:*', rows: options.limit ?? 20, start: options.start ?? 0, fq: filters.length ? filters.join(' AND ') : undefined },
        `dataset search for "${query.trim()}"`,
        packageSearchSchema,
        this.ttl.search,
        options.signal,
      ),
    );
    const now = this.clock.now();
    return body.result.results
      .map((dataset) => this.toSummary(dataset, now))
      .sort((a, b) => b.relevance.score - a.relevance.score);
  }

  async categories(options: CallOptions = {}): Promise<CatalogueEntry[]> {
    const body = await this.client.getJson(
      await this.request('/api/3/action/group_list', { all_fields: 'true' }, 'categories', listSchema, this.ttl.reference, options.signal),
    );
    return body.result.map(toCatalogueEntry);
  }

  async organizations(options: SearchOptions = {}): Promise<CatalogueEntry[]> {
    const body = await this.client.getJson(
      await this.request(
        '/api/3/action/organization_list',
        { all_fields: 'true', limit: options.limit ?? 1000 },
        'organisations',
        listSchema,
        this.ttl.reference,
        options.signal,
      ),
    );
    return body.result.map(toCatalogueEntry);
  }

  private async request<T>(
    path: string,
    query: Record<string, QueryValue>,
    what: string,
    schema: z.ZodType<T>,
    cacheTtlMs: number,
    signal: AbortSignal | undefined,
  ): Promise<JsonRequest<T>> {
    const apiKey = await this.deps.secrets.get(secretNames.datagov);
    return {
      path,
      what,
      schema,
      cacheTtlMs,
      query,
      secretHeaders: apiKey ? { 'x-api-key': apiKey } : undefined,
      onClientError: (status, body) => {
        const error = ckanErrorSchema.safeParse(body).data?.error;
        if (!error) return undefined;
        const detail = Object.entries(error)
          .filter(([key]) => key !== '__type')
          .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`)
          .join('; ');
        return providerError(this.id, 'bad-request', `${what}: ${String(error.__type ?? 'error')}${detail ? ` (${detail})` : ''}`, { status });
      },
      signal,
    };
  }

  private toSummary(dataset: z.infer<typeof packageSchema>, nowMs: number): DatasetSummary {
    const extras = new Map((dataset.extras ?? []).map((extra) => [extra.key, typeof extra.value === 'string' ? extra.value : undefined]));
    const tags = (dataset.tags ?? []).map((tag) => tag.name);
    const groups = (dataset.groups ?? []).map((group) => group.title);
    const formats = [...new Set((dataset.resources ?? []).map((resource) => (resource.format ?? '').trim()).filter((format) => format !== ''))];
    const modifiedAt = utcDateMs(dataset.metadata_modified);
    const accrualPeriodicity = extras.get('accrualPeriodicity');
    const organization = dataset.organization?.title;
    return {
      source: this.id,
      id: dataset.id,
      name: dataset.name,
      title: dataset.title,
      description: dataset.notes ?? undefined,
      organization,
      tags,
      groups,
      formats,
      accrualPeriodicity,
      modifiedAt,
      url: `${this.config.baseUrl.replace(/\/+$/, '')}/dataset/${dataset.name}`,
      relevance: tradingRelevance(
        { title: dataset.title, notes: dataset.notes, tags, groups, organizationTitle: organization, accrualPeriodicity, metadataModifiedMs: modifiedAt, resourceFormats: formats },
        nowMs,
      ),
    };
  }
}

function toCatalogueEntry(entry: z.infer<typeof listEntry>): CatalogueEntry {
  return { name: entry.name, title: entry.title || entry.display_name || entry.name, description: entry.description || undefined, datasetCount: entry.package_count };
}

/** Solr filter value in quotes, so a name with spaces or colons cannot change the query. */
function quoteFilter(value: string): string {
  return `"${value.replace(/["\\]/g, '')}"`;
}
