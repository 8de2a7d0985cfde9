// The one path every HTTP provider takes to its service: rate limit → daily quota → fetch with a
// timeout → classify → retry with backoff → validate → cache. Only the base URL differs between
// production and tests, so tests against a local server exercise exactly this code.
import type { z } from 'zod';
import { ErrorCode, NwsError, describeIssues } from '@nws/core';
import { providerError, type ProviderFailureReason } from '../provider-error.js';
import type { ProviderId } from '../provider-id.js';
import { backoffDelayMs, parseRetryAfter, type RetryPolicy } from './backoff.js';
import type { ProviderClock } from './clock.js';
import type { DailyQuota, RateLimiter } from './rate-limiter.js';
import { redactSecrets } from './redact.js';
import type { ResponseCache } from './response-cache.js';

export interface ProviderLogger {
  debug(message: string): void;
  warn(message: string): void;
}

export const silentLogger: ProviderLogger = Object.freeze({ debug: () => undefined, warn: () => undefined });

export interface ProviderHttpClientOptions {
  provider: ProviderId;
  baseUrl: string;
  timeoutMs: number;
  retry: RetryPolicy;
  limiter: RateLimiter;
  clock: ProviderClock;
  dailyQuota?: DailyQuota;
  cache?: ResponseCache;
  userAgent?: string;
  logger?: ProviderLogger;
  /** Source of jitter; tests pass a constant to make waits predictable. */
  random?: () => number;
}

/** What a provider learned from a 200 body that is really an error (Alpha Vantage's "Note"). */
export interface BodyProblem {
  reason: ProviderFailureReason;
  message: string;
  retryable: boolean;
}

export type QueryValue = string | number | boolean | undefined;

export interface JsonRequest<T> {
  path: string;
  /** Human description used in errors, e.g. "daily history for IBM". */
  what: string;
  schema: z.ZodType<T>;
  /** How long a success is reused; 0 disables caching for this request. */
  cacheTtlMs: number;
  query?: Readonly<Record<string, QueryValue>>;
  /** Parameters carrying keys: sent, but never cached, logged or shown in an error. */
  secretQuery?: Readonly<Record<string, string>>;
  secretHeaders?: Readonly<Record<string, string>>;
  /** Overrides the client's base URL (EDGAR serves from two hosts). */
  baseUrl?: string;
  onNotFound?: () => NwsError;
  /** Maps a 4xx other than 404/429 to a precise error; undefined falls back to a generic one. */
  onClientError?: (status: number, body: unknown) => NwsError | undefined;
  inspectBody?: (body: unknown) => BodyProblem | undefined;
  signal?: AbortSignal;
}

export interface ClientHealth {
  lastSuccessAt?: number;
  lastFailureAt?: number;
  lastFailure?: string;
}

type AttemptOutcome<T> = { ok: true; value: T; body: string } | { ok: false; problem: AttemptProblem };

interface AttemptProblem extends BodyProblem {
  status?: number;
  retryAfterMs?: number;
  /** A fully formed error to throw as is (404s, rejected keys, bad requests). */
  error?: NwsError;
}

export class ProviderHttpClient {
  private readonly logger: ProviderLogger;
  private readonly random: () => number;
  private readonly healthState: ClientHealth = {};

  constructor(private readonly options: ProviderHttpClientOptions) {
    this.logger = options.logger ?? silentLogger;
    this.random = options.random ?? Math.random;
  }

  get provider(): ProviderId {
    return this.options.provider;
  }

  health(): Readonly<ClientHealth> {
    return { ...this.healthState };
  }

  async getJson<T>(request: JsonRequest<T>): Promise<T> {
    const secrets = secretValues(request);
    const publicUrl = this.buildUrl(request, false);
    const cacheKey = `${this.options.provider}:${publicUrl}`;
    const cached = await this.readCache(cacheKey, request);
    if (cached !== undefined) return cached;
    try {
      const { value, body } = await this.fetchWithRetries(request, publicUrl);
      if (request.cacheTtlMs > 0 && this.options.cache) {
        await this.options.cache.set(cacheKey, body, this.options.clock.now() + request.cacheTtlMs);
      }
      this.healthState.lastSuccessAt = this.options.clock.now();
      return value;
    } catch (error) {
      const safe = redactError(NwsError.from(error), secrets);
      this.healthState.lastFailureAt = this.options.clock.now();
      this.healthState.lastFailure = safe.message;
      throw safe;
    }
  }

  /** One attempt, no cache, no retry: for health checks. Resolves with the round-trip time. */
  async probe<T>(request: JsonRequest<T>): Promise<number> {
    const started = performance.now();
    await this.options.limiter.acquire(request.signal);
    const outcome = await this.attempt(request);
    if (!outcome.ok) throw redactError(this.toError(request, outcome.problem, 1), secretValues(request));
    return Math.round(performance.now() - started);
  }

  private async readCache<T>(key: string, request: JsonRequest<T>): Promise<T | undefined> {
    if (request.cacheTtlMs <= 0 || !this.options.cache) return undefined;
    const body = await this.options.cache.get(key, this.options.clock.now());
    if (body === undefined) return undefined;
    try {
      const parsed = request.schema.safeParse(JSON.parse(body));
      return parsed.success ? parsed.data : undefined; // an entry from an older schema is refetched
    } catch {
      return undefined; // a damaged entry is simply refetched
    }
  }

  private async fetchWithRetries<T>(request: JsonRequest<T>, publicUrl: string): Promise<{ value: T; body: string }> {
    const { retry } = this.options;
    for (let attempt = 0; ; attempt++) {
      await this.options.limiter.acquire(request.signal);
      this.takeQuota();
      const outcome = await this.attempt(request);
      if (outcome.ok) return outcome;
      const { problem } = outcome;
      const attempts = attempt + 1;
      if (!problem.retryable || attempt >= retry.maxRetries) throw this.toError(request, problem, attempts);
      const delay = Math.max(backoffDelayMs(attempt, retry, this.random), problem.retryAfterMs ?? 0);
      if (delay > retry.maxDelayMs) throw this.toError(request, problem, attempts); // asked to wait longer than we will
      this.logger.warn(
        redactSecrets(`${this.options.provider}: ${request.what} failed (${problem.message}); retry ${attempts}/${retry.maxRetries} in ${delay} ms [${publicUrl}]`, secretValues(request)),
      );
      await this.options.clock.sleep(delay, request.signal);
    }
  }

  private takeQuota(): void {
    const quota = this.options.dailyQuota;
    if (!quota || quota.take()) return;
    const hours = Math.ceil(quota.msUntilReset() / 3_600_000);
    throw providerError(this.options.provider, 'quota-exhausted', `today's request quota is used up; it resets at 00:00 UTC (in about ${hours} h)`, {
      retryAfterMs: quota.msUntilReset(),
    });
  }

  private async attempt<T>(request: JsonRequest<T>): Promise<AttemptOutcome<T>> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.buildUrl(request, true), { headers: this.headers(request), signal });
      text = await response.text();
    } catch (error) {
      return { ok: false, problem: this.transportProblem(error, request.signal, timeout) };
    }
    if (response.status === 429) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.options.clock.now());
      return { ok: false, problem: { reason: 'rate-limited', message: 'HTTP 429 Too Many Requests', retryable: true, status: 429, retryAfterMs } };
    }
    if (response.status >= 500) {
      return { ok: false, problem: { reason: 'unavailable', message: `HTTP ${response.status}`, retryable: true, status: response.status } };
    }
    if (response.status >= 400) return { ok: false, problem: this.clientErrorProblem(request, response.status, text) };
    return this.interpretBody(request, text, response.status);
  }

  private interpretBody<T>(request: JsonRequest<T>, text: string, status: number): AttemptOutcome<T> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, problem: { reason: 'bad-response', message: `the response to ${request.what} is not valid JSON`, retryable: false, status } };
    }
    const bodyProblem = request.inspectBody?.(json);
    if (bodyProblem) return { ok: false, problem: { ...bodyProblem, status } };
    const parsed = request.schema.safeParse(json);
    if (!parsed.success) {
      const issues = describeIssues(parsed.error.issues.slice(0, 5));
      return { ok: false, problem: { reason: 'bad-response', message: `unexpected response shape for ${request.what}: ${issues}`, retryable: false, status } };
    }
    return { ok: true, value: parsed.data, body: text };
  }

  private clientErrorProblem<T>(request: JsonRequest<T>, status: number, text: string): AttemptProblem {
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // keep the text: some services answer errors in HTML or XML
    }
    const provider = this.options.provider;
    const mapped = request.onClientError?.(status, body);
    const error =
      mapped ??
      (status === 404
        ? (request.onNotFound?.() ?? providerError(provider, 'not-found', `${request.what}: not found`, { status }))
        : status === 401 || status === 403
          ? providerError(provider, 'key-rejected', `${request.what}: access refused (HTTP ${status}); check the API key in Settings`, { status })
          : providerError(provider, 'bad-request', `${request.what}: request refused (HTTP ${status})`, { status }));
    return { reason: 'bad-request', message: error.message, retryable: false, status, error };
  }

  private transportProblem(error: unknown, callerSignal: AbortSignal | undefined, timeout: AbortSignal): AttemptProblem {
    if (callerSignal?.aborted) {
      return { reason: 'cancelled', message: 'cancelled', retryable: false, error: new NwsError(ErrorCode.Cancelled, `${this.options.provider}: request cancelled`) };
    }
    if (timeout.aborted) {
      return { reason: 'timeout', message: `no answer within ${this.options.timeoutMs} ms`, retryable: true };
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (error as Error).message;
    return { reason: 'unavailable', message: `cannot reach the service (${detail})`, retryable: true };
  }

  private toError<T>(request: JsonRequest<T>, problem: AttemptProblem, attempts: number): NwsError {
    if (problem.error) return problem.error;
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    const hint: Partial<Record<ProviderFailureReason, string>> = {
      unavailable: '; the service looks down, try again later',
      'rate-limited': '; rate limited, try again later',
      timeout: '; the service is not answering',
    };
    return providerError(this.options.provider, problem.reason, `${request.what} failed: ${problem.message}${tries}${hint[problem.reason] ?? ''}`, {
      status: problem.status,
      attempts,
      retryAfterMs: problem.retryAfterMs,
    });
  }

  private buildUrl<T>(request: JsonRequest<T>, withSecrets: boolean): string {
    const base = (request.baseUrl ?? this.options.baseUrl).replace(/\/+$/, '');
    const url = new URL(base + request.path);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    if (withSecrets) {
      for (const [name, value] of Object.entries(request.secretQuery ?? {})) url.searchParams.set(name, value);
    }
    return url.toString();
  }

  private headers<T>(request: JsonRequest<T>): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', ...request.secretHeaders };
    if (this.options.userAgent) headers['user-agent'] = this.options.userAgent;
    return headers;
  }
}

function secretValues<T>(request: JsonRequest<T>): string[] {
  return [...Object.values(request.secretQuery ?? {}), ...Object.values(request.secretHeaders ?? {})];
}

function redactError(error: NwsError, secrets: ReadonlyArray<string>): NwsError {
  if (secrets.length === 0) return error;
  const message = redactSecrets(error.message, secrets);
  if (message === error.message) return error;
  return new NwsError(error.code, message, error.details);
}
