// IBKR historical bars through the IBKR connection (issue 8). That connection does not exist
// yet, so this provider is written against IbkrHistoryClient, the small interface it will
// implement. The provider owns what is IB-specific but not connection-specific: bar-size and
// duration strings, IB's pacing rule (60 requests in any 10 minutes), per-request span limits,
// and turning IB error codes into provider errors.
import { ErrorCode, NwsError } from '@nws/core';
import type { ProvidersConfig } from '../config.js';
import { systemClock, type ProviderClock } from '../http/clock.js';
import { SlidingWindowLimiter } from '../http/rate-limiter.js';
import { checkHistoryRequest, DAY_MS, finaliseBars, historyBarType, tableLimits, type BarRow } from '../normalise.js';
import { providerError, unknownSymbolError } from '../provider-error.js';
import type {
  CallOptions,
  HistoryRequest,
  HistoryResult,
  MarketDataProvider,
  ProviderCapability,
  ProviderHealth,
  SearchOptions,
  SymbolMatch,
} from '../types.js';

export type IbkrWhatToShow = 'TRADES' | 'MIDPOINT' | 'BID' | 'ASK' | 'ADJUSTED_LAST';

/** One reqHistoricalData call, already in IB's terms. */
export interface IbkrHistoryRequest {
  symbol: string;
  /** Exclusive end of the window, epoch ms UTC (the connection formats it as yyyymmdd-HH:mm:ss). */
  endMs: number;
  /** IB duration string: "3600 S", "7 D", "2 Y". */
  durationStr: string;
  /** IB bar size: "1 min", "5 mins", "1 hour", "1 day", "1 week". */
  barSizeSetting: string;
  whatToShow: IbkrWhatToShow;
  useRTH: boolean;
  signal?: AbortSignal;
}

export interface IbkrHistoricalBar {
  /** Bar open, epoch ms UTC; for daily and longer bars UTC midnight of the trading date. */
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface IbkrContractMatch {
  conId: number;
  symbol: string;
  secType: string;
  primaryExchange?: string;
  currency?: string;
  description?: string;
}

/** What the IBKR connection (issue 8) must offer for history. Errors may carry IB's numeric code as `ibCode`. */
export interface IbkrHistoryClient {
  isConnected(): boolean;
  requestHistoricalBars(request: IbkrHistoryRequest): Promise<IbkrHistoricalBar[]>;
  searchSymbols?(pattern: string, signal?: AbortSignal): Promise<IbkrContractMatch[]>;
}

const barSizes: Readonly<Record<string, string>> = {
  '1m': '1 min',
  '5m': '5 mins',
  '15m': '15 mins',
  '30m': '30 mins',
  '1h': '1 hour',
  '1d': '1 day',
  '1w': '1 week',
};

/** IB's advice on the longest duration per bar size, so a request is neither refused nor paced out. */
export const ibkrHistoryLimits = tableLimits({
  '1m': [7 * DAY_MS, Infinity],
  '5m': [30 * DAY_MS, Infinity],
  '15m': [30 * DAY_MS, Infinity],
  '30m': [30 * DAY_MS, Infinity],
  '1h': [30 * DAY_MS, Infinity],
  '1d': [365 * DAY_MS, Infinity],
  '1w': [5 * 365 * DAY_MS, Infinity],
});

const PACING_WINDOW_MS = 10 * 60_000;

export interface IbkrHistoryProviderOptions {
  clock?: ProviderClock;
  whatToShow?: IbkrWhatToShow;
}

export class IbkrHistoryProvider implements MarketDataProvider {
  readonly id = 'ibkr' as const;
  readonly displayName = 'IBKR';
  readonly capabilities: ReadonlySet<ProviderCapability> = new Set(['search', 'history']);
  readonly historyLimits = ibkrHistoryLimits;
  private readonly limiter: SlidingWindowLimiter;
  private readonly clock: ProviderClock;

  constructor(
    private readonly client: IbkrHistoryClient,
    private readonly config: ProvidersConfig['ibkr'],
    private readonly options: IbkrHistoryProviderOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.limiter = new SlidingWindowLimiter(config.requestsPer10Minutes, PACING_WINDOW_MS, this.clock);
  }

  async health(): Promise<ProviderHealth> {
    const connected = this.client.isConnected();
    return {
      provider: this.id,
      status: connected ? 'up' : 'down',
      checkedAt: this.clock.now(),
      message: connected ? undefined : 'not connected to TWS / IB Gateway',
    };
  }

  async search(query: string, options: SearchOptions = {}): Promise<SymbolMatch[]> {
    const text = query.trim();
    if (text === '' || !this.client.searchSymbols) return [];
    this.requireConnection();
    const matches = await this.client.searchSymbols(text, options.signal);
    return matches.slice(0, options.limit ?? 10).map((match) => ({
      source: this.id,
      kind: 'instrument' as const,
      symbol: match.symbol,
      name: match.description ?? match.symbol,
      exchange: match.primaryExchange,
      assetType: match.secType.toLowerCase(),
      currency: match.currency,
    }));
  }

  async history(request: HistoryRequest): Promise<HistoryResult> {
    checkHistoryRequest(this.displayName, request, this.historyLimits);
    const span = request.endMs - request.startMs;
    if (span > this.historyLimits.maxRequestSpanMs(request.spec)) {
      throw new NwsError(ErrorCode.InvalidArgument, `IBKR history request: ${request.spec} bars can be asked for at most ${this.historyLimits.maxRequestSpanMs(request.spec) / DAY_MS} days at a time; split the range (a backfill job does)`);
    }
    this.requireConnection();
    await this.limiter.acquire(request.signal);
    const symbol = request.symbol.trim();
    let bars: IbkrHistoricalBar[];
    try {
      bars = await this.client.requestHistoricalBars({
        symbol,
        endMs: request.endMs,
        durationStr: durationString(span),
        barSizeSetting: barSizes[request.spec]!,
        whatToShow: this.options.whatToShow ?? 'TRADES',
        useRTH: this.config.useRth,
        signal: request.signal,
      });
    } catch (error) {
      const mapped = this.mapClientError(error, symbol);
      if (mapped === 'no-data') bars = [];
      else throw mapped;
    }
    const rows: BarRow[] = bars.map(({ ts, open, high, low, close, volume }) => ({ ts, open, high, low, close, volume: Math.max(0, volume) }));
    return finaliseBars(rows, historyBarType(request, 'SMART'), request);
  }

  private requireConnection(): void {
    if (!this.client.isConnected()) throw providerError(this.id, 'unavailable', 'not connected to TWS / IB Gateway; connect in Settings → IBKR');
  }

  /** IB error codes: 200 no such contract, 162 pacing or "no data", 354 no subscription, 1100/502/504 connectivity. */
  private mapClientError(error: unknown, symbol: string): NwsError | 'no-data' {
    const ibCode = (error as { ibCode?: unknown }).ibCode;
    const message = error instanceof Error ? error.message : String(error);
    if (ibCode === 200) return unknownSymbolError(this.id, symbol);
    if (ibCode === 162 && /no data/i.test(message)) return 'no-data';
    if (ibCode === 162) return providerError(this.id, 'rate-limited', `history for ${symbol}: pacing violation (${message})`);
    if (ibCode === 354) return providerError(this.id, 'key-rejected', `history for ${symbol}: no market-data subscription (${message})`);
    if (error instanceof NwsError) return error;
    return providerError(this.id, 'unavailable', `history for ${symbol} failed: ${message}`);
  }
}

/** Shortest IB duration string covering `spanMs`: seconds up to a day, then days, then years. */
export function durationString(spanMs: number): string {
  const seconds = Math.ceil(spanMs / 1000);
  if (seconds <= 86_400) return `${seconds} S`;
  const days = Math.ceil(spanMs / DAY_MS);
  return days <= 365 ? `${days} D` : `${Math.ceil(days / 365)} Y`;
}
