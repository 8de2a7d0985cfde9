// FRED (St. Louis Fed): series search, series metadata, observations and the latest value, plus
// the macro factors in macro-factors.ts. Key required (api_key); published limit 120 requests a
// minute. Missing values arrive as "." and become null.
import { z } from 'zod';
import type { ProvidersConfig } from '../config.js';
import { systemClock, type ProviderClock } from '../http/clock.js';
import type { JsonRequest, ProviderHttpClient, QueryValue } from '../http/http-client.js';
import { isoDay, numberOrNull, utcDateMs } from '../normalise.js';
import { createHttpClient, probeHealth, requireSecret, type CacheTtls, type ProviderDeps } from '../provider-context.js';
import { providerError } from '../provider-error.js';
import { secretNames } from '../secret-store.js';
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
import {
  clipObservations,
  computeMacroFactors,
  MACRO_FACTOR_LOOKBACK_MS,
  macroFactorInputs,
  macroFactorNames,
  type MacroFactors,
} from './macro-factors.js';

const seriesSchema = z.object({
  id: z.string(),
  title: z.string(),
  observation_start: z.string().optional(),
  observation_end: z.string().optional(),
  frequency: z.string().optional(),
  units: z.string().optional(),
  seasonal_adjustment: z.string().optional(),
  last_updated: z.string().optional(),
  popularity: z.number().optional(),
  notes: z.string().optional(),
});

const seriessSchema = z.object({ seriess: z.array(seriesSchema) });

const observationsSchema = z.object({
  count: z.number(),
  observations: z.array(z.object({ date: z.string(), value: z.string() })),
});

const errorBodySchema = z.object({ error_code: z.number(), error_message: z.string() });

export class FredProvider implements MarketDataProvider, MacroSeriesSource {
  readonly id = 'fred' as const;
  readonly displayName = 'FRED';
  readonly capabilities: ReadonlySet<ProviderCapability> = new Set(['search', 'macro']);
  readonly macro: MacroSeriesSource = this;
  private readonly client: ProviderHttpClient;
  private readonly clock: ProviderClock;

  constructor(
    config: ProvidersConfig['fred'],
    private readonly ttl: CacheTtls,
    private readonly deps: ProviderDeps,
  ) {
    this.clock = deps.clock ?? systemClock;
    this.client = createHttpClient(
      {
        provider: this.id,
        baseUrl: config.baseUrl,
        timeoutMs: config.timeoutMs,
        retry: config.retry,
        rate: { tokensPerInterval: config.requestsPerMinute, intervalMs: 60_000, capacity: Math.min(10, config.requestsPerMinute) },
      },
      deps,
    );
  }

  health(options: CallOptions = {}): Promise<ProviderHealth> {
    return probeHealth(this.id, this.client, this.clock, () =>
      this.request('/fred/series', { series_id: 'GNPCA' }, 'health check', seriessSchema, 0, options.signal),
    );
  }

  async search(query: string, options: SearchOptions = {}): Promise<SymbolMatch[]> {
    const series = await this.searchSeries(query, options);
    return series.map((info) => ({ source: this.id, kind: 'series' as const, symbol: info.id, name: info.title }));
  }

  async searchSeries(query: string, options: SearchOptions = {}): Promise<MacroSeriesInfo[]> {
    const text = query.trim();
    if (text === '') return [];
    const body = await this.client.getJson(
      await this.request('/fred/series/search', { search_text: text, limit: options.limit ?? 10 }, `series search for "${text}"`, seriessSchema, this.ttl.search, options.signal),
    );
    return body.seriess.map((series) => this.toInfo(series));
  }

  async seriesInfo(seriesId: string, options: CallOptions = {}): Promise<MacroSeriesInfo> {
    const id = checkSeriesId(seriesId);
    const body = await this.client.getJson(
      await this.request('/fred/series', { series_id: id }, `series ${id}`, seriessSchema, this.ttl.reference, options.signal, id),
    );
    const series = body.seriess[0];
    if (!series) throw providerError(this.id, 'not-found', `series ${id} does not exist`);
    return this.toInfo(series);
  }

  async observations(seriesId: string, range: MacroRange = {}): Promise<MacroObservation[]> {
    const id = checkSeriesId(seriesId);
    const query: Record<string, QueryValue> = {
      series_id: id,
      observation_start: range.startMs === undefined ? undefined : isoDay(range.startMs),
      // FRED's end is inclusive; ours is exclusive, so ask to the day before
      observation_end: range.endMs === undefined ? undefined : isoDay(range.endMs - 1),
    };
    const body = await this.client.getJson(
      await this.request('/fred/series/observations', query, `observations of ${id}`, observationsSchema, this.ttl.macro, range.signal, id),
    );
    return clipObservations(toObservations(body.observations), range.startMs, range.endMs);
  }

  async latest(seriesId: string, options: CallOptions = {}): Promise<MacroObservation> {
    const id = checkSeriesId(seriesId);
    const body = await this.client.getJson(
      await this.request(
        '/fred/series/observations',
        { series_id: id, sort_order: 'desc', limit: 10 },
        `latest observation of ${id}`,
        observationsSchema,
        this.ttl.macro,
        options.signal,
        id,
      ),
    );
    const latest = toObservations(body.observations).find((point) => point.value !== null);
    if (!latest) throw providerError(this.id, 'not-found', `series ${id} has no recent value`);
    return latest;
  }

  /** The six factors of macro-factors.ts over [startMs, endMs), from seven FRED series. */
  async macroFactors(range: MacroRange = {}): Promise<MacroFactors> {
    const fetchStart = range.startMs === undefined ? undefined : range.startMs - MACRO_FACTOR_LOOKBACK_MS;
    const inputs = {} as Record<(typeof macroFactorInputs)[number], MacroObservation[]>;
    for (const id of macroFactorInputs) {
      inputs[id] = await this.observations(id, { startMs: fetchStart, endMs: range.endMs, signal: range.signal });
    }
    const factors = computeMacroFactors(inputs);
    return Object.fromEntries(
      macroFactorNames.map((name) => [name, clipObservations(factors[name], range.startMs, range.endMs)]),
    ) as MacroFactors;
  }

  private async request<T>(
    path: string,
    query: Record<string, QueryValue>,
    what: string,
    schema: z.ZodType<T>,
    cacheTtlMs: number,
    signal: AbortSignal | undefined,
    seriesId?: string,
  ): Promise<JsonRequest<T>> {
    const apiKey = await requireSecret(this.id, this.deps, secretNames.fred);
    return {
      path,
      what,
      schema,
      cacheTtlMs,
      query: { ...query, file_type: 'json' },
      secretQuery: { api_key: apiKey },
      onClientError: (status, body) => this.clientError(status, body, seriesId),
      signal,
    };
  }

  /** FRED answers most mistakes with 400 and an error_message; tell a missing series from a bad key. */
  private clientError(status: number, body: unknown, seriesId: string | undefined) {
    const message = errorBodySchema.safeParse(body).data?.error_message ?? '';
    if (/api_key/i.test(message)) return providerError(this.id, 'key-rejected', 'the API key was refused; check it in Settings', { status });
    if (/does not exist/i.test(message)) return providerError(this.id, 'not-found', `series ${seriesId ?? '?'} does not exist`, { status });
    return message ? providerError(this.id, 'bad-request', message.replace(/\s+/g, ' '), { status }) : undefined;
  }

  private toInfo(series: z.infer<typeof seriesSchema>): MacroSeriesInfo {
    return {
      source: this.id,
      id: series.id,
      title: series.title,
      frequency: series.frequency,
      units: series.units,
      seasonalAdjustment: series.seasonal_adjustment,
      observationStart: utcDateMs(series.observation_start),
      observationEnd: utcDateMs(series.observation_end),
      lastUpdated: fredTimestampMs(series.last_updated),
      notes: series.notes,
    };
  }
}

function toObservations(rows: ReadonlyArray<{ date: string; value: string }>): MacroObservation[] {
  return rows.flatMap((row) => {
    const ts = utcDateMs(row.date);
    return ts === undefined ? [] : [{ ts, value: numberOrNull(row.value) }];
  });
}

/** FRED stamps updates like `2024-01-19 15:18:02-06` (hour-only offset). */
function fredTimestampMs(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const iso = text.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

function checkSeriesId(seriesId: string): string {
  const id = seriesId.trim().toUpperCase();
  if (!/^[A-Z0-9_.]{1,64}$/.test(id)) {
    throw providerError('fred', 'bad-request', `series id "${seriesId}" is not a FRED series id (letters, digits, _ and .)`);
  }
  return id;
}
