import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { providerFailureReason } from '../provider-error.js';
import { FixtureServer } from '../testing/fixture-server.js';
import { failure } from '../testing/harness.js';
import { ManualClock } from './clock.js';
import { ProviderHttpClient, type ProviderHttpClientOptions } from './http-client.js';
import { DailyQuota, MemoryUsageLedger, TokenBucket } from './rate-limiter.js';
import { MemoryResponseCache } from './response-cache.js';

const pingSchema = z.object({ value: z.number() });

describe('ProviderHttpClient', () => {
  let server: FixtureServer;
  let clock: ManualClock;
  let logLines: string[];

  beforeAll(async () => {
    server = await FixtureServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.setRoutes([]);
    clock = new ManualClock();
    logLines = [];
  });

  function client(overrides: Partial<ProviderHttpClientOptions> = {}): ProviderHttpClient {
    return new ProviderHttpClient({
      provider: 'yahoo',
      baseUrl: server.url,
      timeoutMs: 250,
      retry: { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 10_000 },
      limiter: new TokenBucket({ capacity: 100, tokensPerInterval: 100, intervalMs: 1000 }, clock),
      clock,
      cache: new MemoryResponseCache(),
      logger: { debug: (line) => logLines.push(line), warn: (line) => logLines.push(line) },
      random: () => 1,
      ...overrides,
    });
  }

  const ping = { path: '/ping', what: 'ping', schema: pingSchema, cacheTtlMs: 0 };

  it('retries 5xx with exponential backoff, then succeeds', async () => {
    server.setRoutes([{ path: '/ping', respond: [{ status: 502 }, { status: 503 }, { body: { value: 7 } }] }]);
    expect(await client().getJson(ping)).toEqual({ value: 7 });
    expect(server.requestsTo('/ping')).toHaveLength(3);
    expect(clock.sleeps).toEqual([100, 200]); // jitter pinned at its ceiling: base·2^n
  });

  it('waits at least the Retry-After of a 429', async () => {
    server.setRoutes([{ path: '/ping', respond: [{ status: 429, headers: { 'retry-after': '3' } }, { body: { value: 1 } }] }]);
    expect(await client().getJson(ping)).toEqual({ value: 1 });
    expect(clock.sleeps).toEqual([3000]);
  });

  it('fails at once, saying when to come back, when Retry-After exceeds the longest wait', async () => {
    server.setRoutes([{ path: '/ping', respond: { status: 429, headers: { 'retry-after': '3600' } } }]);
    const error = await failure(client().getJson(ping));
    expect(providerFailureReason(error)).toBe('rate-limited');
    expect(error.details).toMatchObject({ status: 429, retryAfterMs: 3_600_000, attempts: 1 });
    expect(server.requestsTo('/ping')).toHaveLength(1);
  });

  it('gives up after maxRetries on a service that stays down, naming the status', async () => {
    server.setRoutes([{ path: '/ping', respond: { status: 500, body: 'oops' } }]);
    const error = await failure(client().getJson(ping));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toBe('Yahoo Finance: ping failed: HTTP 500 after 4 attempts; the service looks down, try again later');
    expect(server.requestsTo('/ping')).toHaveLength(4);
  });

  it('treats a slow answer as a timeout and retries it', async () => {
    server.setRoutes([{ path: '/ping', respond: [{ delayMs: 600, body: { value: 0 } }, { body: { value: 2 } }] }]);
    expect(await client().getJson(ping)).toEqual({ value: 2 });
    expect(server.requestsTo('/ping')).toHaveLength(2);
  });

  it('reports a timeout when every attempt is too slow', async () => {
    server.setRoutes([{ path: '/ping', respond: { delayMs: 600, body: { value: 0 } } }]);
    const error = await failure(client({ retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 10 } }).getJson(ping));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toContain('no answer within 250 ms after 2 attempts');
  });

  it('reports a malformed body without retrying and without caching it', async () => {
    server.setRoutes([{ path: '/ping', respond: { body: '{"value": 1' } }]);
    const error = await failure(client().getJson({ ...ping, cacheTtlMs: 60_000 }));
    expect(providerFailureReason(error)).toBe('bad-response');
    expect(error.message).toContain('not valid JSON');
    expect(server.requestsTo('/ping')).toHaveLength(1);
  });

  it('reports a body of the wrong shape, naming the field', async () => {
    server.setRoutes([{ path: '/ping', respond: { body: { value: 'seven' } } }]);
    const error = await failure(client().getJson(ping));
    expect(error.message).toContain('unexpected response shape for ping: value:');
  });

  it('reports an unreachable service as unavailable', async () => {
    const closed = await FixtureServer.start();
    const deadUrl = closed.url;
    await closed.close();
    const error = await failure(client({ baseUrl: deadUrl, retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 10 } })
      .getJson(ping)
      );
    expect(providerFailureReason(error)).toBe('unavailable');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('stops when the caller cancels', async () => {
    server.setRoutes([{ path: '/ping', respond: { delayMs: 200, body: { value: 1 } } }]);
    const controller = new AbortController();
    const pending = client().getJson({ ...ping, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await failure(pending);
    expect(error.code).toBe('CANCELLED');
  });

  it('caches by URL without the key and never shows the key in errors or logs', async () => {
    const apiKey = 'SECRET-KEY-12345';
    server.setRoutes([
      { path: '/ping', query: { apikey: apiKey }, respond: [{ status: 503 }, { body: { value: 5 } }] },
      { path: '/fail', respond: { status: 400, body: `bad apikey=${apiKey}` } },
    ]);
    const cache = new MemoryResponseCache();
    const http = client({ cache });
    const request = { ...ping, cacheTtlMs: 60_000, secretQuery: { apikey: apiKey } };
    expect(await http.getJson(request)).toEqual({ value: 5 });
    expect(await http.getJson(request)).toEqual({ value: 5 });
    expect(server.requestsTo('/ping')).toHaveLength(2); // one failure, one success, then the cache
    const error = await failure(http
      .getJson({ path: '/fail', what: `call with key ${apiKey}`, schema: pingSchema, cacheTtlMs: 0, secretQuery: { apikey: apiKey } })
      );
    expect(error.message).not.toContain(apiKey);
    expect(JSON.stringify(error.toJSON())).not.toContain(apiKey);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(apiKey);
    expect(http.health().lastFailure).not.toContain(apiKey);
  });

  it('refuses calls past the daily quota without contacting the service', async () => {
    server.setRoutes([{ path: '/ping', respond: { body: { value: 1 } } }]);
    const ledger = new MemoryUsageLedger();
    const http = client({ dailyQuota: new DailyQuota('yahoo', 2, ledger, clock) });
    await http.getJson(ping);
    await http.getJson(ping);
    const error = await failure(http.getJson(ping));
    expect(providerFailureReason(error)).toBe('quota-exhausted');
    expect(server.requestsTo('/ping')).toHaveLength(2);
  });

  it('holds requests back to the token bucket rate', async () => {
    server.setRoutes([{ path: '/ping', respond: { body: { value: 1 } } }]);
    const http = client({ limiter: new TokenBucket({ capacity: 1, tokensPerInterval: 1, intervalMs: 1000 }, clock) });
    const started = clock.now();
    for (let i = 0; i < 4; i++) await http.getJson(ping);
    expect(clock.now() - started).toBe(3000);
  });
});
