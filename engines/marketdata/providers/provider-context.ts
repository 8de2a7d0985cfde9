// What every provider is built from: its slice of ProvidersConfig plus the services it shares
// with the others (secrets, clock, response cache, usage ledger, logger).
import { NwsError } from '@nws/core';
import type { ProvidersConfig } from './config.js';
import type { ProviderClock } from './http/clock.js';
import { systemClock } from './http/clock.js';
import { ProviderHttpClient, type JsonRequest, type ProviderLogger } from './http/http-client.js';
import { DailyQuota, MemoryUsageLedger, TokenBucket, type RateLimiter, type UsageLedger } from './http/rate-limiter.js';
import type { ResponseCache } from './http/response-cache.js';
import { missingKeyError, providerFailureReason } from './provider-error.js';
import type { ProviderId } from './provider-id.js';
import type { SecretStore } from './secret-store.js';
import type { ProviderHealth } from './types.js';

export interface ProviderDeps {
  secrets: SecretStore;
  clock?: ProviderClock;
  cache?: ResponseCache;
  usage?: UsageLedger;
  logger?: ProviderLogger;
  /** Jitter source for backoff; tests pass a constant. */
  random?: () => number;
}

export type CacheTtls = ProvidersConfig['cacheTtlMs'];

export interface HttpProviderSettings {
  provider: ProviderId;
  baseUrl: string;
  timeoutMs: number;
  retry: ProvidersConfig['yahoo']['retry'];
  /** Steady rate and burst. */
  rate: { tokensPerInterval: number; intervalMs: number; capacity: number };
  requestsPerDay?: number;
  userAgent?: string;
}

export function createHttpClient(settings: HttpProviderSettings, deps: ProviderDeps): ProviderHttpClient {
  const clock = deps.clock ?? systemClock;
  const limiter: RateLimiter = new TokenBucket(settings.rate, clock);
  const dailyQuota =
    settings.requestsPerDay === undefined
      ? undefined
      : new DailyQuota(settings.provider, settings.requestsPerDay, deps.usage ?? new MemoryUsageLedger(), clock);
  return new ProviderHttpClient({
    provider: settings.provider,
    baseUrl: settings.baseUrl,
    timeoutMs: settings.timeoutMs,
    retry: settings.retry,
    limiter,
    clock,
    dailyQuota,
    cache: deps.cache,
    userAgent: settings.userAgent,
    logger: deps.logger,
    random: deps.random,
  });
}

/** The common case: a provider limited to `requestsPerSecond`, bursting up to the same number. */
export function createPerSecondHttpClient(
  provider: ProviderId,
  config: { baseUrl: string; timeoutMs: number; retry: HttpProviderSettings['retry']; requestsPerSecond: number },
  deps: ProviderDeps,
  extra: Pick<HttpProviderSettings, 'userAgent'> = {},
): ProviderHttpClient {
  const { baseUrl, timeoutMs, retry, requestsPerSecond } = config;
  const rate = { tokensPerInterval: requestsPerSecond, intervalMs: 1000, capacity: requestsPerSecond };
  return createHttpClient({ provider, baseUrl, timeoutMs, retry, rate, ...extra }, deps);
}

/** Reads a key from the secret store at call time (so a key saved in Settings works at once). */
export async function requireSecret(provider: ProviderId, deps: ProviderDeps, name: string): Promise<string> {
  const value = await deps.secrets.get(name);
  if (value === undefined || value.trim() === '') throw missingKeyError(provider, name);
  return value;
}

/** Health from one cheap request: up with its latency, unconfigured without a key, down otherwise. */
export async function probeHealth<T>(
  provider: ProviderId,
  client: ProviderHttpClient,
  clock: ProviderClock,
  buildRequest: () => Promise<JsonRequest<T>>,
): Promise<ProviderHealth> {
  const checkedAt = clock.now();
  try {
    const latencyMs = await client.probe(await buildRequest());
    return { provider, status: 'up', checkedAt, latencyMs };
  } catch (error) {
    const reason = providerFailureReason(error);
    const status = reason === 'missing-key' ? 'unconfigured' : reason === 'rate-limited' ? 'degraded' : 'down';
    return { provider, status, checkedAt, message: NwsError.from(error).message };
  }
}
