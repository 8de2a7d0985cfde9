// ProvidersConfig: the "Providers" page of Settings as frozen plain data from a strict schema.
// Every provider is off until the user switches it on; keys are not here (see secret-store.ts).
// Base URLs are configurable so tests (and proxies) can point a provider at another server.
import { z } from 'zod';
import { parseFrozenConfig } from '@nws/core';

const url = z.url({ protocol: /^https?$/ });
const positiveInt = z.int().min(1);

const retrySchema = z
  .strictObject({
    /** Retries after the first attempt on 429, 5xx, timeouts and network errors. */
    maxRetries: z.int().min(0).max(10).default(3),
    /** First backoff ceiling; doubles each retry (full jitter). */
    baseDelayMs: z.int().min(0).default(500),
    /** Longest single wait; a Retry-After beyond it fails the call instead of stalling it. */
    maxDelayMs: z.int().min(0).default(60_000),
  })
  .prefault({});

const common = {
  enabled: z.boolean().default(false),
  timeoutMs: positiveInt.default(15_000),
  retry: retrySchema,
};

export const ProvidersConfigSchema = z.strictObject({
  /** How long successful responses are reused, by kind of data. */
  cacheTtlMs: z
    .strictObject({
      quote: z.int().min(0).default(15_000),
      history: z.int().min(0).default(6 * 3_600_000),
      search: z.int().min(0).default(24 * 3_600_000),
      reference: z.int().min(0).default(24 * 3_600_000),
      macro: z.int().min(0).default(6 * 3_600_000),
    })
    .prefault({}),
  yahoo: z
    .strictObject({
      ...common,
      baseUrl: url.default('https://query1.finance.yahoo.com'),
      /** Unpublished limit; two a second stays well clear of blocks. */
      requestsPerSecond: positiveInt.default(2),
    })
    .prefault({}),
  alphavantage: z
    .strictObject({
      ...common,
      baseUrl: url.default('https://www.alphavantage.co'),
      /** Free tier: 5 a minute and 500 a day; premium keys may raise both. */
      requestsPerMinute: positiveInt.default(5),
      requestsPerDay: positiveInt.default(500),
      /** Backoff when the body says "Note"/"Information" about the per-minute limit. */
      retry: retrySchema,
    })
    .prefault({}),
  fred: z
    .strictObject({
      ...common,
      baseUrl: url.default('https://api.stlouisfed.org'),
      requestsPerMinute: positiveInt.default(120),
    })
    .prefault({}),
  edgar: z
    .strictObject({
      ...common,
      /** Serves company_tickers.json. */
      wwwBaseUrl: url.default('https://www.sec.gov'),
      /** Serves submissions and XBRL company facts. */
      dataBaseUrl: url.default('https://data.sec.gov'),
      /** The SEC requires a declared User-Agent naming the user and a contact e-mail. */
      userAgent: z.string().regex(/\S+@\S+\.\S+/, 'must contain a contact e-mail, e.g. "Jane Doe jane@example.com"').nullable().default(null),
      /** SEC fair-access limit: at most 10 requests a second. */
      requestsPerSecond: z.int().min(1).max(10).default(10),
    })
    .prefault({}),
  datagov: z
    .strictObject({
      ...common,
      baseUrl: url.default('https://catalog.data.gov'),
      requestsPerSecond: positiveInt.default(2),
    })
    .prefault({}),
  tradingeconomics: z
    .strictObject({
      ...common,
      baseUrl: url.default('https://api.tradingeconomics.com'),
      requestsPerSecond: positiveInt.default(1),
      /** Without a key, use the public guest:guest sample access instead of failing. */
      allowGuest: z.boolean().default(true),
    })
    .prefault({}),
  dbnomics: z
    .strictObject({
      ...common,
      baseUrl: url.default('https://api.db.nomics.world'),
      requestsPerSecond: positiveInt.default(5),
    })
    .prefault({}),
  ibkr: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** IB pacing: no more than 60 historical requests in any 10 minutes. */
      requestsPer10Minutes: positiveInt.default(60),
      /** Regular trading hours only. */
      useRth: z.boolean().default(true),
    })
    .prefault({}),
});

export type ProvidersConfigInput = z.input<typeof ProvidersConfigSchema>;
export type ProvidersConfig = DeepReadonly<z.output<typeof ProvidersConfigSchema>>;

type DeepReadonly<T> = T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** The settings key under which the Host stores this config. */
export const providersSettingsKey = 'marketdata.providers';

/** Validates and freezes; throws INVALID_CONFIG naming every bad field at once. */
export function parseProvidersConfig(input: unknown = {}): ProvidersConfig {
  return parseFrozenConfig(ProvidersConfigSchema, input, 'providers config');
}
