// Yahoo Finance: chart history (v8), quotes (v7) and symbol search (v1). No key. Yahoo publishes
// no limits; we keep to a couple of requests a second and follow its documented-by-behaviour
// lookback limits for intraday bars (1m: 7 days a request, 30 days back; 2m–30m: 60 days; 1h: 730).
import { z } from 'zod';
import type { ProvidersConfig } from '../config.js';
import { systemClock, type ProviderClock } from '../http/clock.js';
import type { ProviderHttpClient } from '../http/http-client.js';
import { checkHistoryRequest, DAY_MS, finaliseBars, historyBarType, tableLimits, type BarRow } from '../normalise.js';
import { createPerSecondHttpClient, probeHealth, type CacheTtls, type ProviderDeps } from '../provider-context.js';
import { providerError, unknownSymbolError } from '../provider-error.js';
import type {
  CallOptions,
  HistoryRequest,
  HistoryResult,
  MarketDataProvider,
  ProviderCapability,
  ProviderHealth,
  ProviderQuote,
  SearchOptions,
  SymbolMatch,
} from '../types.js';

const nullableNumbers = z.array(z.number().nullable());

const chartResponseSchema = z.object({
  chart: z.object({
    result: z
      .array(
        z.object({
          meta: z.object({
            symbol: z.string(),
            currency: z.string().nullable().optional(),
            exchangeName: z.string().optional(),
            instrumentType: z.string().optional(),
            gmtoffset: z.number().optional(),
            exchangeTimezoneName: z.string().optional(),
          }),
          timestamp: z.array(z.number()).optional(),
          indicators: z.object({
            quote: z.array(
              z.object({
                open: nullableNumbers.optional(),
                high: nullableNumbers.optional(),
                low: nullableNumbers.optional(),
                close: nullableNumbers.optional(),
                volume: nullableNumbers.optional(),
              }),
            ),
          }),
        }),
      )
      .nullable(),
    error: z.object({ code: z.string(), description: z.string() }).nullable(),
  }),
});

const quoteResponseSchema = z.object({
  quoteResponse: z.object({
    result: z.array(
      z.object({
        symbol: z.string(),
        shortName: z.string().optional(),
        longName: z.string().optional(),
        currency: z.string().optional(),
        regularMarketPrice: z.number().optional(),
        regularMarketTime: z.number().optional(),
        regularMarketVolume: z.number().optional(),
        regularMarketPreviousClose: z.number().optional(),
        regularMarketChange: z.number().optional(),
        regularMarketChangePercent: z.number().optional(),
        bid: z.number().optional(),
        ask: z.number().optional(),
        bidSize: z.number().optional(),
        askSize: z.number().optional(),
      }),
    ),
    error: z.unknown().nullable(),
  }),
});

const searchResponseSchema = z.object({
  quotes: z.array(
    z.object({
      symbol: z.string().optional(),
      shortname: z.string().optional(),
      longname: z.string().optional(),
      exchange: z.string().optional(),
      exchDisp: z.string().optional(),
      quoteType: z.string().optional(),
      typeDisp: z.string().optional(),
      score: z.number().optional(),
    }),
  ),
});

/** Our bar spec → Yahoo's interval parameter. */
const yahooInterval: Readonly<Record<string, string>> = {
  '1m': '1m',
  '2m': '2m',
  '5m': '5m',
  '15m': '15m',
  '30m': '30m',
  '1h': '60m',
  '1d': '1d',
  '1w': '1wk',
  '1M': '1mo',
};

export const yahooHistoryLimits = tableLimits({
  '1m': [7 * DAY_MS, 30 * DAY_MS],
  '2m': [60 * DAY_MS, 60 * DAY_MS],
  '5m': [60 * DAY_MS, 60 * DAY_MS],
  '15m': [60 * DAY_MS, 60 * DAY_MS],
  '30m': [60 * DAY_MS, 60 * DAY_MS],
  '1h': [730 * DAY_MS, 730 * DAY_MS],
  '1d': [Infinity, Infinity],
  '1w': [Infinity, Infinity],
  '1M': [Infinity, Infinity],
});

/** Yahoo exchange codes → ISO 10383 MIC, used when the caller gives no instrument id. */
const micByYahooExchange: Readonly<Record<string, string>> = {
  NMS: 'XNAS',
  NGM: 'XNAS',
  NCM: 'XNAS',
  NAS: 'XNAS',
  NYQ: 'XNYS',
  PCX: 'ARCX',
  ASE: 'XASE',
  BTS: 'BATS',
  LSE: 'XLON',
  GER: 'XETR',
  TOR: 'XTSE',
  CME: 'XCME',
  CBT: 'XCBT',
  NYM: 'XNYM',
  CCY: 'IDEALPRO',
  CCC: 'CRYPTO',
};

const dailySpecs = new Set(['1d', '1w', '1M']);

export class YahooProvider implements MarketDataProvider {
  readonly id = 'yahoo' as const;
  readonly displayName = 'Yahoo Finance';
  readonly capabilities: ReadonlySet<ProviderCapability> = new Set(['search', 'history', 'quotes']);
  readonly historyLimits = yahooHistoryLimits;
  private readonly client: ProviderHttpClient;
  private readonly clock: ProviderClock;

  constructor(
    config: ProvidersConfig['yahoo'],
    private readonly ttl: CacheTtls,
    deps: ProviderDeps,
  ) {
    this.clock = deps.clock ?? systemClock;
    this.client = createPerSecondHttpClient(this.id, config, deps);
  }

  health(options: CallOptions = {}): Promise<ProviderHealth> {
    return probeHealth(this.id, this.client, this.clock, async () => ({
      ...this.searchRequest('AAPL', 1),
      what: 'health check',
      signal: options.signal,
    }));
  }

  async search(query: string, options: SearchOptions = {}): Promise<SymbolMatch[]> {
    const text = query.trim();
    if (text === '') return [];
    const body = await this.client.getJson({ ...this.searchRequest(text, options.limit ?? 10), signal: options.signal });
    return body.quotes
      .filter((quote): quote is typeof quote & { symbol: string } => typeof quote.symbol === 'string')
      .map((quote) => ({
        source: this.id,
        kind: 'instrument' as const,
        symbol: quote.symbol,
        name: quote.longname ?? quote.shortname ?? quote.symbol,
        exchange: quote.exchDisp ?? quote.exchange,
        assetType: quote.quoteType?.toLowerCase(),
        score: quote.score,
      }));
  }

  async history(request: HistoryRequest): Promise<HistoryResult> {
    checkHistoryRequest(this.displayName, request, this.historyLimits);
    const symbol = request.symbol.trim();
    const body = await this.client.getJson({
      path: `/v8/finance/chart/${encodeURIComponent(symbol)}`,
      what: `${request.spec} history for ${symbol}`,
      schema: chartResponseSchema,
      cacheTtlMs: this.ttl.history,
      query: {
        period1: Math.floor(request.startMs / 1000),
        period2: Math.ceil(request.endMs / 1000),
        interval: yahooInterval[request.spec],
        includePrePost: 'false',
        events: 'div,splits',
      },
      onNotFound: () => unknownSymbolError(this.id, symbol),
      onClientError: (status, errorBody) => this.chartClientError(symbol, status, errorBody),
      signal: request.signal,
    });
    const result = body.chart.result?.[0];
    if (!result) {
      if (body.chart.error) throw unknownSymbolError(this.id, symbol);
      throw providerError(this.id, 'bad-response', `history for ${symbol}: empty chart result`);
    }
    const venue = micByYahooExchange[result.meta.exchangeName ?? ''] ?? 'YAHOO';
    const type = historyBarType(request, venue);
    const { rows, skipped } = chartRows(result, dailySpecs.has(request.spec) ? (result.meta.gmtoffset ?? 0) : undefined);
    return finaliseBars(rows, type, request, skipped);
  }

  async quotes(symbols: readonly string[], options: CallOptions = {}): Promise<ProviderQuote[]> {
    const wanted = [...new Set(symbols.map((symbol) => symbol.trim()).filter((symbol) => symbol !== ''))];
    if (wanted.length === 0) return [];
    const body = await this.client.getJson({
      path: '/v7/finance/quote',
      what: `quotes for ${wanted.join(',')}`,
      schema: quoteResponseSchema,
      cacheTtlMs: this.ttl.quote,
      query: { symbols: wanted.join(',') },
      signal: options.signal,
    });
    const quotes = body.quoteResponse.result.flatMap((row) => {
      if (row.regularMarketPrice === undefined || row.regularMarketTime === undefined) return [];
      const quote: ProviderQuote = {
        symbol: row.symbol,
        ts: row.regularMarketTime * 1000,
        last: row.regularMarketPrice,
        bid: positiveOrUndefined(row.bid),
        ask: positiveOrUndefined(row.ask),
        bidSize: row.bidSize,
        askSize: row.askSize,
        volume: row.regularMarketVolume,
        previousClose: row.regularMarketPreviousClose,
        change: row.regularMarketChange,
        changePercent: row.regularMarketChangePercent,
        currency: row.currency,
        name: row.longName ?? row.shortName,
      };
      return [quote];
    });
    // A watchlist with one delisted name still gets the others; only a call with no match fails.
    if (quotes.length === 0) throw unknownSymbolError(this.id, wanted.join(', '));
    return quotes;
  }

  private searchRequest(query: string, limit: number) {
    return {
      path: '/v1/finance/search',
      what: `search for "${query}"`,
      schema: searchResponseSchema,
      cacheTtlMs: this.ttl.search,
      query: { q: query, quotesCount: limit, newsCount: 0, listsCount: 0 },
    };
  }

  private chartClientError(symbol: string, status: number, body: unknown) {
    const description = chartResponseSchema.safeParse(body).data?.chart.error?.description;
    if (status === 404) return unknownSymbolError(this.id, symbol);
    if (status === 400 && description) return providerError(this.id, 'bad-request', `history for ${symbol}: ${description}`, { status });
    return undefined;
  }
}

type ChartResult = NonNullable<z.infer<typeof chartResponseSchema>['chart']['result']>[number];

/**
 * Rows from the column arrays Yahoo sends. Rows with a null price are holidays or halts and are
 * skipped. Daily and longer bars are moved to UTC midnight of the exchange-local trading date
 * (Yahoo stamps them at the session open), so they line up with every other daily source.
 */
function chartRows(result: ChartResult, dailyGmtOffsetSec: number | undefined): { rows: BarRow[]; skipped: number } {
  const timestamps = result.timestamp ?? [];
  const quote = result.indicators.quote[0] ?? {};
  const rows: BarRow[] = [];
  let skipped = 0;
  timestamps.forEach((seconds, index) => {
    const [open, high, low, close] = [quote.open, quote.high, quote.low, quote.close].map((column) => column?.[index] ?? null);
    if (open === null || high === null || low === null || close === null) {
      skipped += 1;
      return;
    }
    const ts = dailyGmtOffsetSec === undefined ? seconds * 1000 : Math.floor((seconds + dailyGmtOffsetSec) / 86_400) * DAY_MS;
    rows.push({ ts, open, high, low, close, volume: quote.volume?.[index] ?? 0 });
  });
  return { rows, skipped };
}

function positiveOrUndefined(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 ? value : undefined;
}
