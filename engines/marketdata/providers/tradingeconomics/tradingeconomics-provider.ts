// Trading Economics: the indicator list, per-country indicator history and the economic
// calendar. The key goes in the `c` query parameter; without one, the public guest:guest access
// (sample data only) is used when Settings allow it. Free access is about one request a second.
import { z } from 'zod';
import type { ProvidersConfig } from '../config.js';
import { systemClock, type ProviderClock } from '../http/clock.js';
import type { JsonRequest, ProviderHttpClient } from '../http/http-client.js';
import { isoDay, numberOrNull, periodStartMs, utcDateMs } from '../normalise.js';
import { createPerSecondHttpClient, probeHealth, type CacheTtls, type ProviderDeps } from '../provider-context.js';
import { missingKeyError, providerError } from '../provider-error.js';
import { secretNames } from '../secret-store.js';
import type {
  CalendarQuery,
  CallOptions,
  EconomicEvent,
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

const indicatorsSchema = z.array(z.object({ Category: z.string(), CategoryGroup: z.string().nullable().optional() }));

const calendarSchema = z.array(
  z.object({
    CalendarId: z.union([z.string(), z.number()]),
    Date: z.string(),
    Country: z.string(),
    Category: z.string(),
    Event: z.string(),
    Reference: z.string().nullable().optional(),
    Actual: z.string().nullable().optional(),
    Previous: z.string().nullable().optional(),
    Forecast: z.string().nullable().optional(),
    TEForecast: z.string().nullable().optional(),
    Importance: z.number(),
    Currency: z.string().nullable().optional(),
    Unit: z.string().nullable().optional(),
    Ticker: z.string().nullable().optional(),
  }),
);

const historicalSchema = z.array(
  z.object({ Country: z.string(), Category: z.string(), DateTime: z.string(), Value: z.number().nullable(), Frequency: z.string().optional() }),
);

const GUEST = 'guest:guest';

export class TradingEconomicsProvider implements MarketDataProvider, MacroSeriesSource {
  readonly id = 'tradingeconomics' as const;
  readonly displayName = 'Trading Economics';
  readonly capabilities: ReadonlySet<ProviderCapability> = new Set(['search', 'macro', 'calendar']);
  readonly macro: MacroSeriesSource = this;
  private readonly client: ProviderHttpClient;
  private readonly clock: ProviderClock;

  constructor(
    private readonly config: ProvidersConfig['tradingeconomics'],
    private readonly ttl: CacheTtls,
    private readonly deps: ProviderDeps,
  ) {
    this.clock = deps.clock ?? systemClock;
    this.client = createPerSecondHttpClient(this.id, config, deps);
  }

  health(options: CallOptions = {}): Promise<ProviderHealth> {
    return probeHealth(this.id, this.client, this.clock, async () => ({ ...(await this.request('/indicators', 'health check', indicatorsSchema, 0)), signal: options.signal }));
  }

  /** Indicator names containing the query (the list is cached, so typing costs no calls). */
  async search(query: string, options: SearchOptions = {}): Promise<SymbolMatch[]> {
    const text = query.trim().toLowerCase();
    if (text === '') return [];
    const indicators = await this.indicators(options);
    return indicators
      .filter((indicator) => indicator.category.toLowerCase().includes(text))
      .slice(0, options.limit ?? 10)
      .map((indicator) => ({ source: this.id, kind: 'indicator' as const, symbol: indicator.category, name: indicator.category, assetType: indicator.group }));
  }

  async indicators(options: CallOptions = {}): Promise<Array<{ category: string; group?: string }>> {
    const body = await this.client.getJson({ ...(await this.request('/indicators', 'the indicator list', indicatorsSchema, this.ttl.reference)), signal: options.signal });
    return body.map((row) => ({ category: row.Category, group: row.CategoryGroup ?? undefined }));
  }

  async calendar(query: CalendarQuery = {}): Promise<EconomicEvent[]> {
    const country = query.country?.trim().toLowerCase();
    const dates = query.startMs !== undefined && query.endMs !== undefined ? `/${isoDay(query.startMs)}/${isoDay(query.endMs - 1)}` : '';
    const path = country ? `/calendar/country/${encodeURIComponent(country)}${dates}` : dates ? `/calendar/country/all${dates}` : '/calendar';
    const request = await this.request(path, `calendar${country ? ` for ${country}` : ''}`, calendarSchema, this.ttl.quote * 4);
    const body = await this.client.getJson({ ...request, query: { ...request.query, importance: query.importance }, signal: query.signal });
    return body
      .map((row): EconomicEvent => ({
        source: this.id,
        id: String(row.CalendarId),
        ts: utcDateMs(row.Date) ?? 0,
        country: row.Country,
        category: row.Category,
        event: row.Event,
        reference: row.Reference ?? undefined,
        actual: releaseValue(row.Actual),
        previous: releaseValue(row.Previous),
        forecast: releaseValue(row.Forecast || row.TEForecast),
        actualText: row.Actual ?? '',
        previousText: row.Previous ?? '',
        forecastText: row.Forecast ?? '',
        unit: row.Unit || undefined,
        importance: clampImportance(row.Importance),
        currency: row.Currency || undefined,
        ticker: row.Ticker || undefined,
      }))
      .filter((event) => query.importance === undefined || event.importance >= query.importance)
      .sort((a, b) => a.ts - b.ts);
  }

  async searchSeries(query: string, options: SearchOptions = {}): Promise<MacroSeriesInfo[]> {
    return (await this.search(query, options)).map((match) => ({ source: this.id, id: match.symbol, title: match.name }));
  }

  /** `seriesId` is `country/indicator`, e.g. `united states/unemployment rate`. */
  async observations(seriesId: string, range: MacroRange = {}): Promise<MacroObservation[]> {
    const { country, indicator } = splitSeriesId(seriesId);
    const dates = range.startMs !== undefined ? `/${isoDay(range.startMs)}${range.endMs !== undefined ? `/${isoDay(range.endMs - 1)}` : ''}` : '';
    const body = await this.client.getJson({
      ...(await this.request(
        `/historical/country/${encodeURIComponent(country)}/indicator/${encodeURIComponent(indicator)}${dates}`,
        `history of ${indicator} in ${country}`,
        historicalSchema,
        this.ttl.macro,
      )),
      signal: range.signal,
    });
    return body
      .flatMap((row) => {
        const stamp = utcDateMs(row.DateTime);
        return stamp === undefined ? [] : [{ ts: periodStartMs(stamp, row.Frequency), value: row.Value }];
      })
      .sort((a, b) => a.ts - b.ts);
  }

  async latest(seriesId: string, options: CallOptions = {}): Promise<MacroObservation> {
    const points = await this.observations(seriesId, options);
    const latest = points.filter((point) => point.value !== null).at(-1);
    if (!latest) throw providerError(this.id, 'not-found', `no values for "${seriesId}"`);
    return latest;
  }

  private async request<T>(path: string, what: string, schema: z.ZodType<T>, cacheTtlMs: number): Promise<JsonRequest<T>> {
    const key = (await this.deps.secrets.get(secretNames.tradingeconomics)) ?? (this.config.allowGuest ? GUEST : undefined);
    if (!key) throw missingKeyError(this.id, secretNames.tradingeconomics);
    return {
      path,
      what,
      schema,
      cacheTtlMs,
      query: { f: 'json' },
      secretQuery: { c: key },
      onClientError: (status, body) =>
        status === 401 || status === 403
          ? providerError(this.id, 'key-rejected', `${what}: access refused (${typeof body === 'string' ? body.trim() : `HTTP ${status}`}); a guest key only sees sample countries`, { status })
          : undefined,
    };
  }
}

function splitSeriesId(seriesId: string): { country: string; indicator: string } {
  const [country, indicator, ...rest] = seriesId.split('/').map((part) => part.trim().toLowerCase());
  if (!country || !indicator || rest.length > 0) {
    throw providerError('tradingeconomics', 'bad-request', `series id "${seriesId}" must be "country/indicator", e.g. "united states/unemployment rate"`);
  }
  return { country, indicator };
}

/** "216K", "$23.75B", "3.7%" → 216, 23.75, 3.7: the scale letter and symbols repeat `Unit`/`Currency`. */
function releaseValue(text: string | null | undefined): number | null {
  return numberOrNull((text ?? '').trim().replace(/^[$€£¥]/, '').replace(/[KMBT]$/i, ''));
}

function clampImportance(value: number): 1 | 2 | 3 {
  return value >= 3 ? 3 : value <= 1 ? 1 : 2;
}
