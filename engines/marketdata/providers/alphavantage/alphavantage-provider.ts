// Alpha Vantage: quote, daily and intraday (1–60 min) history, symbol search, company overview
// and earnings, all through GET /query?function=...&apikey=... The free tier allows 5 calls a
// minute and 500 a day; both are enforced here (the daily count survives restarts through the
// usage ledger). Alpha Vantage reports limits and errors in HTTP 200 bodies ("Note",
// "Information", "Error Message"); those are read before the body is trusted.
import { z } from 'zod';
import type { ProvidersConfig } from '../config.js';
import { systemClock, type ProviderClock } from '../http/clock.js';
import type { BodyProblem, JsonRequest, ProviderHttpClient, QueryValue } from '../http/http-client.js';
import {
  checkHistoryRequest,
  DAY_MS,
  finaliseBars,
  historyBarType,
  isoDay,
  numberOrNull,
  tableLimits,
  utcDateMs,
  zonedLocalToUtcMs,
  type BarRow,
} from '../normalise.js';
import { createHttpClient, requireSecret, type CacheTtls, type ProviderDeps } from '../provider-context.js';
import { providerError, unknownSymbolError } from '../provider-error.js';
import { secretNames } from '../secret-store.js';
import type {
  CallOptions,
  CompanyFundamentals,
  EarningsReport,
  HistoryRequest,
  HistoryResult,
  MarketDataProvider,
  ProviderCapability,
  ProviderHealth,
  ProviderQuote,
  SearchOptions,
  SymbolMatch,
} from '../types.js';

const ohlcvSchema = z.object({
  '1. open': z.string(),
  '2. high': z.string(),
  '3. low': z.string(),
  '4. close': z.string(),
  '5. volume': z.string(),
});

const seriesResponseSchema = z.object({
  'Meta Data': z.record(z.string(), z.string()),
}).catchall(z.unknown());

const globalQuoteSchema = z.object({
  'Global Quote': z.union([
    z.object({
      '01. symbol': z.string(),
      '02. open': z.string(),
      '05. price': z.string(),
      '06. volume': z.string(),
      '07. latest trading day': z.string(),
      '08. previous close': z.string(),
      '09. change': z.string(),
      '10. change percent': z.string(),
    }),
    z.object({}).strict(),
  ]),
});

const symbolSearchSchema = z.object({
  bestMatches: z.array(
    z.object({
      '1. symbol': z.string(),
      '2. name': z.string(),
      '3. type': z.string(),
      '4. region': z.string(),
      '8. currency': z.string(),
      '9. matchScore': z.string(),
    }),
  ),
});

const overviewSchema = z.record(z.string(), z.string());

const earningsSchema = z.object({
  symbol: z.string().optional(),
  annualEarnings: z.array(z.object({ fiscalDateEnding: z.string(), reportedEPS: z.string() })).optional(),
  quarterlyEarnings: z
    .array(
      z.object({
        fiscalDateEnding: z.string(),
        reportedDate: z.string().optional(),
        reportedEPS: z.string(),
        estimatedEPS: z.string().optional(),
        surprise: z.string().optional(),
        surprisePercentage: z.string().optional(),
      }),
    )
    .optional(),
});

/** Our bar spec → Alpha Vantage intraday interval. */
const intradayInterval: Readonly<Record<string, string>> = { '1m': '1min', '5m': '5min', '15m': '15min', '30m': '30min', '1h': '60min' };

const INTRADAY_SPAN = 28 * DAY_MS; // one request is one calendar month; 28 days never spans three
export const alphaVantageHistoryLimits = tableLimits({
  '1m': [INTRADAY_SPAN, Infinity],
  '5m': [INTRADAY_SPAN, Infinity],
  '15m': [INTRADAY_SPAN, Infinity],
  '30m': [INTRADAY_SPAN, Infinity],
  '1h': [INTRADAY_SPAN, Infinity],
  '1d': [Infinity, Infinity],
});

/** Compact daily output holds the latest 100 trading days (~140 calendar days). */
const COMPACT_DAILY_REACH = 140 * DAY_MS;

/** Overview fields kept as numbers in CompanyFundamentals.metrics. */
const overviewMetrics = [
  'MarketCapitalization', 'EBITDA', 'PERatio', 'PEGRatio', 'BookValue', 'DividendPerShare', 'DividendYield', 'EPS',
  'RevenuePerShareTTM', 'ProfitMargin', 'OperatingMarginTTM', 'ReturnOnAssetsTTM', 'ReturnOnEquityTTM', 'RevenueTTM',
  'GrossProfitTTM', 'DilutedEPSTTM', 'QuarterlyEarningsGrowthYOY', 'QuarterlyRevenueGrowthYOY', 'AnalystTargetPrice',
  'TrailingPE', 'ForwardPE', 'PriceToSalesRatioTTM', 'PriceToBookRatio', 'EVToRevenue', 'EVToEBITDA', 'Beta',
  '52WeekHigh', '52WeekLow', '50DayMovingAverage', '200DayMovingAverage', 'SharesOutstanding',
] as const;

export class AlphaVantageProvider implements MarketDataProvider {
  readonly id = 'alphavantage' as const;
  readonly displayName = 'Alpha Vantage';
  readonly capabilities: ReadonlySet<ProviderCapability> = new Set(['search', 'history', 'quotes', 'fundamentals', 'earnings']);
  readonly historyLimits = alphaVantageHistoryLimits;
  private readonly client: ProviderHttpClient;
  private readonly clock: ProviderClock;
  private readonly perMinuteWaitMs: number;

  constructor(
    config: ProvidersConfig['alphavantage'],
    private readonly ttl: CacheTtls,
    private readonly deps: ProviderDeps,
  ) {
    this.clock = deps.clock ?? systemClock;
    this.perMinuteWaitMs = Math.ceil(60_000 / config.requestsPerMinute);
    this.client = createHttpClient(
      {
        provider: this.id,
        baseUrl: config.baseUrl,
        timeoutMs: config.timeoutMs,
        retry: config.retry,
        rate: { tokensPerInterval: config.requestsPerMinute, intervalMs: 60_000, capacity: config.requestsPerMinute },
        requestsPerDay: config.requestsPerDay,
      },
      deps,
    );
  }

  /** Costs no call (the daily quota is precious): judged from the key and the last outcomes. */
  async health(): Promise<ProviderHealth> {
    const checkedAt = this.clock.now();
    const key = await this.deps.secrets.get(secretNames.alphavantage);
    if (!key) return { provider: this.id, status: 'unconfigured', checkedAt, message: 'no API key configured' };
    const { lastSuccessAt = -Infinity, lastFailureAt = -Infinity, lastFailure } = this.client.health();
    const failing = lastFailureAt > lastSuccessAt;
    return { provider: this.id, status: failing ? 'degraded' : 'up', checkedAt, message: failing ? lastFailure : undefined };
  }

  async search(query: string, options: SearchOptions = {}): Promise<SymbolMatch[]> {
    const keywords = query.trim();
    if (keywords === '') return [];
    const body = await this.call({
      fn: 'SYMBOL_SEARCH', params: { keywords }, what: `search for "${keywords}"`, schema: symbolSearchSchema, ttl: this.ttl.search, signal: options.signal,
    });
    return body.bestMatches.slice(0, options.limit ?? 10).map((match) => ({
      source: this.id,
      kind: 'instrument' as const,
      symbol: match['1. symbol'],
      name: match['2. name'],
      assetType: match['3. type'].toLowerCase(),
      region: match['4. region'],
      currency: match['8. currency'],
      score: numberOrNull(match['9. matchScore']) ?? undefined,
    }));
  }

  async history(request: HistoryRequest): Promise<HistoryResult> {
    checkHistoryRequest(this.displayName, request, this.historyLimits);
    const symbol = request.symbol.trim();
    const type = historyBarType(request, 'AV');
    if (request.spec === '1d') {
      const rows = await this.dailyRows(symbol, request);
      return finaliseBars(rows.rows, type, request, rows.skipped);
    }
    const months = monthsTouched(request.startMs, request.endMs);
    let skipped = 0;
    const rows: BarRow[] = [];
    for (const month of months) {
      const part = await this.intradayRows(symbol, request, month);
      rows.push(...part.rows);
      skipped += part.skipped;
    }
    return finaliseBars(rows, type, request, skipped);
  }

  async quotes(symbols: readonly string[], options: CallOptions = {}): Promise<ProviderQuote[]> {
    const quotes: ProviderQuote[] = [];
    for (const symbol of new Set(symbols.map((s) => s.trim()).filter((s) => s !== ''))) {
      const body = await this.call({
        fn: 'GLOBAL_QUOTE', params: { symbol }, what: `quote for ${symbol}`, schema: globalQuoteSchema, ttl: this.ttl.quote, symbol, signal: options.signal,
      });
      const row = body['Global Quote'];
      if (!('05. price' in row)) throw unknownSymbolError(this.id, symbol);
      quotes.push({
        symbol: row['01. symbol'],
        ts: utcDateMs(row['07. latest trading day']) ?? this.clock.now(),
        last: numberOrNull(row['05. price']) ?? Number.NaN,
        volume: numberOrNull(row['06. volume']) ?? undefined,
        previousClose: numberOrNull(row['08. previous close']) ?? undefined,
        change: numberOrNull(row['09. change']) ?? undefined,
        changePercent: numberOrNull(row['10. change percent']) ?? undefined,
      });
    }
    return quotes;
  }

  async fundamentals(symbol: string, options: CallOptions = {}): Promise<CompanyFundamentals> {
    const wanted = symbol.trim();
    const body = await this.call({
      fn: 'OVERVIEW', params: { symbol: wanted }, what: `company overview for ${wanted}`, schema: overviewSchema, ttl: this.ttl.reference, symbol: wanted, signal: options.signal,
    });
    if (!body.Symbol) throw unknownSymbolError(this.id, wanted);
    const text = (field: string) => (body[field] && body[field] !== 'None' ? body[field] : undefined);
    return {
      symbol: body.Symbol,
      name: body.Name ?? body.Symbol,
      cik: text('CIK'),
      exchange: text('Exchange'),
      currency: text('Currency'),
      country: text('Country'),
      sector: text('Sector'),
      industry: text('Industry'),
      description: text('Description'),
      fiscalYearEnd: text('FiscalYearEnd'),
      metrics: Object.fromEntries(overviewMetrics.map((name) => [name, numberOrNull(body[name])])),
      asOf: utcDateMs(body.LatestQuarter),
    };
  }

  async earnings(symbol: string, options: CallOptions = {}): Promise<EarningsReport[]> {
    const wanted = symbol.trim();
    const body = await this.call({
      fn: 'EARNINGS', params: { symbol: wanted }, what: `earnings for ${wanted}`, schema: earningsSchema, ttl: this.ttl.reference, symbol: wanted, signal: options.signal,
    });
    if (!body.annualEarnings && !body.quarterlyEarnings) throw unknownSymbolError(this.id, wanted);
    const annual = (body.annualEarnings ?? []).flatMap((row): EarningsReport[] => {
      const fiscalDateEnding = utcDateMs(row.fiscalDateEnding);
      return fiscalDateEnding === undefined ? [] : [{ period: 'annual', fiscalDateEnding, reportedEps: numberOrNull(row.reportedEPS) }];
    });
    const quarterly = (body.quarterlyEarnings ?? []).flatMap((row): EarningsReport[] => {
      const fiscalDateEnding = utcDateMs(row.fiscalDateEnding);
      if (fiscalDateEnding === undefined) return [];
      return [{
        period: 'quarterly',
        fiscalDateEnding,
        reportedDate: utcDateMs(row.reportedDate),
        reportedEps: numberOrNull(row.reportedEPS),
        estimatedEps: numberOrNull(row.estimatedEPS),
        surprise: numberOrNull(row.surprise),
        surprisePercent: numberOrNull(row.surprisePercentage),
      }];
    });
    return [...quarterly, ...annual].sort((a, b) => b.fiscalDateEnding - a.fiscalDateEnding);
  }

  private async dailyRows(symbol: string, request: HistoryRequest): Promise<{ rows: BarRow[]; skipped: number }> {
    const compactEnough = request.startMs >= this.clock.now() - COMPACT_DAILY_REACH;
    const body = await this.call({
      fn: 'TIME_SERIES_DAILY',
      params: { symbol, outputsize: compactEnough ? 'compact' : 'full' },
      what: `daily history for ${symbol}`,
      schema: seriesResponseSchema,
      ttl: this.ttl.history,
      symbol,
      signal: request.signal,
    });
    return seriesRows(this.id, body, 'Time Series (Daily)', (date) => utcDateMs(date));
  }

  private async intradayRows(symbol: string, request: HistoryRequest, month: string): Promise<{ rows: BarRow[]; skipped: number }> {
    const interval = intradayInterval[request.spec]!;
    const body = await this.call({
      fn: 'TIME_SERIES_INTRADAY',
      params: { symbol, interval, month, outputsize: 'full', extended_hours: 'false' },
      what: `${interval} history for ${symbol} in ${month}`,
      schema: seriesResponseSchema,
      ttl: this.ttl.history,
      symbol,
      signal: request.signal,
    });
    const timeZone = body['Meta Data']['6. Time Zone'] ?? 'US/Eastern';
    return seriesRows(this.id, body, `Time Series (${interval})`, (local) => zonedLocalToUtcMs(local, timeZone));
  }

  private async call<T>(spec: {
    fn: string;
    params: Record<string, QueryValue>;
    what: string;
    schema: z.ZodType<T>;
    ttl: number;
    symbol?: string;
    signal?: AbortSignal;
  }): Promise<T> {
    const apikey = await requireSecret(this.id, this.deps, secretNames.alphavantage);
    const request: JsonRequest<T> = {
      path: '/query',
      what: spec.what,
      schema: spec.schema,
      cacheTtlMs: spec.ttl,
      query: { function: spec.fn, ...spec.params },
      secretQuery: { apikey },
      inspectBody: (body) => this.inspect(body, spec.symbol),
      signal: spec.signal,
    };
    return this.client.getJson(request);
  }

  /** Reads Alpha Vantage's in-body errors: rate limits come back as HTTP 200. */
  private inspect(body: unknown, symbol: string | undefined): BodyProblem | undefined {
    if (typeof body !== 'object' || body === null) return undefined;
    const record = body as Record<string, unknown>;
    const note = typeof record.Note === 'string' ? record.Note : undefined;
    const information = typeof record.Information === 'string' ? record.Information : undefined;
    const errorMessage = typeof record['Error Message'] === 'string' ? record['Error Message'] : undefined;
    const notice = note ?? information;
    if (notice !== undefined) return this.classifyNotice(notice);
    if (errorMessage !== undefined) {
      if (/apikey/i.test(errorMessage)) return { reason: 'key-rejected', message: 'the API key was refused; check it in Settings', retryable: false };
      if (symbol !== undefined) return { reason: 'unknown-symbol', message: `unknown symbol "${symbol}"`, retryable: false };
      return { reason: 'bad-request', message: 'the request was refused as invalid', retryable: false };
    }
    return undefined;
  }

  private classifyNotice(notice: string): BodyProblem & { retryAfterMs?: number } {
    if (/premium/i.test(notice) && /endpoint|function/i.test(notice)) {
      return { reason: 'unsupported', message: 'this data needs a premium Alpha Vantage plan', retryable: false };
    }
    if (/per (second|minute)|spreading out|call frequency/i.test(notice)) {
      return { reason: 'rate-limited', message: 'per-minute call limit reached (HTTP 200 "Note")', retryable: true, retryAfterMs: this.perMinuteWaitMs };
    }
    if (/per day|daily|rate limit/i.test(notice)) {
      return { reason: 'quota-exhausted', message: "the provider's daily call limit is reached; try again tomorrow", retryable: false };
    }
    return { reason: 'bad-response', message: 'the service answered with a notice instead of data', retryable: false };
  }
}

function seriesRows(
  provider: 'alphavantage',
  body: z.infer<typeof seriesResponseSchema>,
  seriesKey: string,
  toTs: (key: string) => number | undefined,
): { rows: BarRow[]; skipped: number } {
  const series = body[seriesKey];
  if (series === undefined) return { rows: [], skipped: 0 }; // a month without trading
  const parsed = z.record(z.string(), ohlcvSchema).safeParse(series);
  if (!parsed.success) throw providerError(provider, 'bad-response', `unexpected rows under "${seriesKey}"`);
  const rows: BarRow[] = [];
  let skipped = 0;
  for (const [stamp, values] of Object.entries(parsed.data)) {
    const ts = toTs(stamp);
    const [open, high, low, close, volume] = [values['1. open'], values['2. high'], values['3. low'], values['4. close'], values['5. volume']].map(numberOrNull);
    if (ts === undefined || open == null || high == null || low == null || close == null) {
      skipped += 1;
      continue;
    }
    rows.push({ ts, open, high, low, close, volume: volume ?? 0 });
  }
  return { rows, skipped };
}

/** `YYYY-MM` of every calendar month (UTC) that [startMs, endMs) touches. */
export function monthsTouched(startMs: number, endMs: number): string[] {
  const months: string[] = [];
  const cursor = new Date(Date.UTC(new Date(startMs).getUTCFullYear(), new Date(startMs).getUTCMonth(), 1));
  while (cursor.getTime() < endMs) {
    months.push(isoDay(cursor.getTime()).slice(0, 7));
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return months;
}
