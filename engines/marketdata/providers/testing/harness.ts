import { NwsError } from '@nws/core';
// Builds a provider's dependencies for tests: a manual clock (rate limits cost no real time),
// in-memory secrets and cache, a logger that records every line, and jitter fixed at its maximum
// so backoff waits are predictable.
import { parseProvidersConfig, type ProvidersConfig, type ProvidersConfigInput } from '../config.js';
import { ManualClock } from '../http/clock.js';
import type { ProviderLogger } from '../http/http-client.js';
import { MemoryUsageLedger } from '../http/rate-limiter.js';
import { MemoryResponseCache } from '../http/response-cache.js';
import type { ProviderDeps } from '../provider-context.js';
import { MemorySecretStore } from '../secret-store.js';

export interface TestDeps extends ProviderDeps {
  clock: ManualClock;
  cache: MemoryResponseCache;
  usage: MemoryUsageLedger;
  secrets: MemorySecretStore;
  logLines: string[];
}

export function testDeps(secrets: Record<string, string> = {}): TestDeps {
  const logLines: string[] = [];
  const logger: ProviderLogger = {
    debug: (message) => logLines.push(message),
    warn: (message) => logLines.push(message),
  };
  return {
    secrets: new MemorySecretStore(secrets),
    clock: new ManualClock(),
    cache: new MemoryResponseCache(),
    usage: new MemoryUsageLedger(),
    logger,
    random: () => 1,
    logLines,
  };
}

/** Config with fast retries and a short timeout, every provider pointed at `baseUrl`. */
export function testConfig(baseUrl: string, overrides: ProvidersConfigInput = {}): ProvidersConfig {
  const fast = { enabled: true, timeoutMs: 300, retry: { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 5_000 } };
  return parseProvidersConfig({
    yahoo: { ...fast, baseUrl, ...overrides.yahoo },
    alphavantage: { ...fast, baseUrl, ...overrides.alphavantage },
    fred: { ...fast, baseUrl, ...overrides.fred },
    edgar: { ...fast, wwwBaseUrl: baseUrl, dataBaseUrl: baseUrl, userAgent: 'Nautilus Tests tests@example.com', ...overrides.edgar },
    datagov: { ...fast, baseUrl, ...overrides.datagov },
    tradingeconomics: { ...fast, baseUrl, ...overrides.tradingeconomics },
    dbnomics: { ...fast, baseUrl, ...overrides.dbnomics },
    ibkr: { enabled: true, ...overrides.ibkr },
    cacheTtlMs: overrides.cacheTtlMs,
  });
}

/** The NwsError a call fails with; fails the test if it succeeds or throws something else. */
export async function failure(pending: Promise<unknown>): Promise<NwsError> {
  try {
    await pending;
  } catch (error) {
    if (error instanceof NwsError) return error;
    throw error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
