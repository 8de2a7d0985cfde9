// Public API of the market-data providers (re-exported by @nws/marketdata).
export * from './types.js';
export * from './provider-id.js';
export * from './provider-error.js';
export * from './config.js';
export * from './secret-store.js';
export type { ProviderDeps } from './provider-context.js';
export { ProviderRegistry, loadProvidersConfig } from './registry.js';
export type { ProviderRegistryDeps, ProviderTypes, SettingsReader } from './registry.js';
export { searchSymbols } from './symbol-search.js';
export type { InstrumentSource, SymbolSearchOptions, SymbolSearchResult } from './symbol-search.js';
export { systemClock, ManualClock } from './http/clock.js';
export type { ProviderClock } from './http/clock.js';
export type { ProviderLogger } from './http/http-client.js';
export type { RetryPolicy } from './http/backoff.js';
export { TokenBucket, SlidingWindowLimiter, DailyQuota, MemoryUsageLedger } from './http/rate-limiter.js';
export type { RateLimiter, UsageLedger } from './http/rate-limiter.js';
export { MemoryResponseCache } from './http/response-cache.js';
export type { ResponseCache } from './http/response-cache.js';
export { SqliteProviderStore } from './http/sqlite-provider-store.js';
export { YahooProvider } from './yahoo/yahoo-provider.js';
export { AlphaVantageProvider } from './alphavantage/alphavantage-provider.js';
export { FredProvider } from './fred/fred-provider.js';
export { computeMacroFactors, macroFactorNames, macroFactorInputs } from './fred/macro-factors.js';
export type { MacroFactorName, MacroFactors } from './fred/macro-factors.js';
export { EdgarProvider } from './edgar/edgar-provider.js';
export type { CompanyFacts, XbrlFact, XbrlFactPoint } from './edgar/edgar-provider.js';
export { DataGovProvider } from './datagov/datagov-provider.js';
export type { CatalogueEntry, DatasetSearch, DatasetSummary } from './datagov/datagov-provider.js';
export { tradingRelevance, relevanceWeights, marketTerms, marketPublishers } from './datagov/relevance-score.js';
export type { RelevanceScore } from './datagov/relevance-score.js';
export { TradingEconomicsProvider } from './tradingeconomics/tradingeconomics-provider.js';
export { DbnomicsProvider } from './dbnomics/dbnomics-provider.js';
export type { DbnomicsDataset, DbnomicsProviderInfo } from './dbnomics/dbnomics-provider.js';
export { IbkrHistoryProvider } from './ibkr/ibkr-history-provider.js';
export type {
  IbkrContractMatch,
  IbkrHistoricalBar,
  IbkrHistoryClient,
  IbkrHistoryRequest,
  IbkrWhatToShow,
} from './ibkr/ibkr-history-provider.js';
