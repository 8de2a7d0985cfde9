// The one interface every market-data provider implements, and the normalised shapes they return.
// A provider offers health and search always, and history, quotes, fundamentals, filings, macro
// series, a calendar or a dataset catalogue where its service has them (see `capabilities`).
import type { Bar, BarType, InstrumentId } from '@nws/core';
import type { ProviderId } from './provider-id.js';

export type ProviderCapability =
  | 'search'
  | 'history'
  | 'quotes'
  | 'fundamentals'
  | 'earnings'
  | 'filings'
  | 'macro'
  | 'calendar'
  | 'datasets';

export interface CallOptions {
  signal?: AbortSignal;
}

export interface SearchOptions extends CallOptions {
  limit?: number;
}

export type HealthStatus = 'up' | 'degraded' | 'down' | 'unconfigured';

export interface ProviderHealth {
  provider: ProviderId;
  status: HealthStatus;
  /** Epoch ms. */
  checkedAt: number;
  latencyMs?: number;
  /** Why it is not up, for humans (never contains a key). */
  message?: string;
  /** Calls left today where the provider has a daily quota. */
  quotaRemaining?: number;
}

export type MatchKind = 'instrument' | 'series' | 'dataset' | 'indicator';

/** One hit of a symbol/series/dataset search, from a provider or from the instruments store. */
export interface SymbolMatch {
  source: ProviderId | 'instruments';
  kind: MatchKind;
  /** What to pass back to this source: a ticker, a series id, a dataset name. */
  symbol: string;
  name: string;
  instrumentId?: InstrumentId;
  exchange?: string;
  assetType?: string;
  currency?: string;
  region?: string;
  /** Source-specific relevance, higher is better; comparable only within one source. */
  score?: number;
}

export interface HistoryRequest extends CallOptions {
  symbol: string;
  /** Bar spec such as `1m`, `5m`, `1h`, `1d`, `1w`, `1M`. */
  spec: string;
  /** Inclusive start, epoch ms UTC. */
  startMs: number;
  /** Exclusive end, epoch ms UTC. */
  endMs: number;
  /** The instrument the bars belong to; derived from the symbol when absent. */
  instrumentId?: InstrumentId;
}

export interface HistoryResult {
  barType: BarType;
  /** Ascending by ts, one per ts, all inside [startMs, endMs), every one valid. */
  bars: Bar[];
  /** Rows the provider sent that were incomplete or failed validation. */
  dropped: number;
}

/** What a provider can serve, so a backfill can split a range into allowed requests. */
export interface HistoryLimits {
  readonly specs: readonly string[];
  /** Longest range one request may cover for `spec` (Infinity when one request gets everything). */
  maxRequestSpanMs(spec: string): number;
  /** Earliest bar the provider keeps for `spec`, given the time now (undefined: no limit). */
  earliestAvailableMs(spec: string, nowMs: number): number | undefined;
}

/** A snapshot quote: last trade and, where the provider has them, top of book. */
export interface ProviderQuote {
  symbol: string;
  /** Time of the last price, epoch ms. */
  ts: number;
  last: number;
  bid?: number;
  ask?: number;
  bidSize?: number;
  askSize?: number;
  volume?: number;
  previousClose?: number;
  change?: number;
  changePercent?: number;
  currency?: string;
  name?: string;
}

export interface CompanyFundamentals {
  symbol: string;
  name: string;
  cik?: string;
  exchange?: string;
  currency?: string;
  country?: string;
  sector?: string;
  industry?: string;
  description?: string;
  fiscalYearEnd?: string;
  /** Numeric facts by name (MarketCapitalization, PERatio, Revenues...); null where the source says none. */
  metrics: Record<string, number | null>;
  /** Epoch ms of the period the metrics describe, when known. */
  asOf?: number;
}

export interface EarningsReport {
  period: 'annual' | 'quarterly';
  /** End of the fiscal period, epoch ms (UTC midnight). */
  fiscalDateEnding: number;
  reportedDate?: number;
  reportedEps: number | null;
  estimatedEps?: number | null;
  surprise?: number | null;
  surprisePercent?: number | null;
}

export interface FilingsQuery extends CallOptions {
  /** Only these form types (e.g. ['10-K', '10-Q', '8-K']); all when absent. */
  forms?: readonly string[];
  limit?: number;
}

export interface Filing {
  cik: string;
  accessionNumber: string;
  form: string;
  /** Epoch ms (UTC midnight of the filing date). */
  filedAt: number;
  reportDate?: number;
  primaryDocument: string;
  description?: string;
  url: string;
}

export interface MacroSeriesInfo {
  source: ProviderId;
  id: string;
  title: string;
  frequency?: string;
  units?: string;
  seasonalAdjustment?: string;
  observationStart?: number;
  observationEnd?: number;
  lastUpdated?: number;
  notes?: string;
}

/** One value of a macro series at `ts` (start of its period, epoch ms); null where the source has no value. */
export interface MacroObservation {
  ts: number;
  value: number | null;
}

export interface MacroRange extends CallOptions {
  startMs?: number;
  endMs?: number;
}

export interface MacroSeriesSource {
  searchSeries(query: string, options?: SearchOptions): Promise<MacroSeriesInfo[]>;
  observations(seriesId: string, range?: MacroRange): Promise<MacroObservation[]>;
  /** The most recent non-missing observation. */
  latest(seriesId: string, options?: CallOptions): Promise<MacroObservation>;
}

export interface EconomicEvent {
  source: ProviderId;
  id: string;
  /** Release time, epoch ms UTC. */
  ts: number;
  country: string;
  category: string;
  event: string;
  reference?: string;
  actual: number | null;
  previous: number | null;
  forecast: number | null;
  /** Raw strings as published ("4.6%"), for display. */
  actualText: string;
  previousText: string;
  forecastText: string;
  unit?: string;
  importance: 1 | 2 | 3;
  currency?: string;
  ticker?: string;
}

export interface CalendarQuery extends CallOptions {
  country?: string;
  startMs?: number;
  endMs?: number;
  /** Minimum importance, 1 (low) to 3 (high). */
  importance?: 1 | 2 | 3;
}

export interface MarketDataProvider {
  readonly id: ProviderId;
  readonly displayName: string;
  readonly capabilities: ReadonlySet<ProviderCapability>;
  health(options?: CallOptions): Promise<ProviderHealth>;
  search(query: string, options?: SearchOptions): Promise<SymbolMatch[]>;
  readonly historyLimits?: HistoryLimits;
  history?(request: HistoryRequest): Promise<HistoryResult>;
  quotes?(symbols: readonly string[], options?: CallOptions): Promise<ProviderQuote[]>;
  fundamentals?(symbol: string, options?: CallOptions): Promise<CompanyFundamentals>;
  earnings?(symbol: string, options?: CallOptions): Promise<EarningsReport[]>;
  filings?(symbol: string, query?: FilingsQuery): Promise<Filing[]>;
  readonly macro?: MacroSeriesSource;
  calendar?(query?: CalendarQuery): Promise<EconomicEvent[]>;
}
