// Client-side rate limits, so a provider's published limits are never exceeded even when many
// jobs ask at once. A token bucket gives bursts up to `capacity` and a steady `refill` rate;
// a daily quota counts calls per UTC day (Alpha Vantage's free tier) and refuses past it.
import type { ProviderClock } from './clock.js';

export interface RateLimiter {
  /** Waits until one call may go out, then takes its place. */
  acquire(signal?: AbortSignal): Promise<void>;
}

export interface TokenBucketOptions {
  /** Most calls that may go out back to back. */
  capacity: number;
  /** Calls allowed per `intervalMs` on average. */
  tokensPerInterval: number;
  intervalMs: number;
}

export class TokenBucket implements RateLimiter {
  private tokens: number;
  private lastRefill: number;
  private readonly msPerToken: number;
  // Callers queue in order so a burst of waiters cannot starve the first one.
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: TokenBucketOptions,
    private readonly clock: ProviderClock,
  ) {
    if (!(options.capacity >= 1) || !(options.tokensPerInterval > 0) || !(options.intervalMs > 0)) {
      throw new RangeError(`invalid token bucket ${JSON.stringify(options)}`);
    }
    this.tokens = options.capacity;
    this.lastRefill = clock.now();
    this.msPerToken = options.intervalMs / options.tokensPerInterval;
  }

  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.takeToken(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Tokens available now (for health reports). */
  available(): number {
    this.refill();
    return Math.floor(this.tokens);
  }

  private async takeToken(signal?: AbortSignal): Promise<void> {
    this.refill();
    while (this.tokens < 1) {
      await this.clock.sleep(Math.ceil((1 - this.tokens) * this.msPerToken), signal);
      this.refill();
    }
    this.tokens -= 1;
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = now - this.lastRefill;
    if (elapsed <= 0) return;
    this.tokens = Math.min(this.options.capacity, this.tokens + elapsed / this.msPerToken);
    this.lastRefill = now;
  }
}

/** Where daily usage counts live, so a restart does not hand out a fresh quota. */
export interface UsageLedger {
  usage(provider: string, day: string): number;
  addUsage(provider: string, day: string, calls: number): void;
}

export class MemoryUsageLedger implements UsageLedger {
  private readonly counts = new Map<string, number>();
  usage(provider: string, day: string): number {
    return this.counts.get(`${provider}|${day}`) ?? 0;
  }
  addUsage(provider: string, day: string, calls: number): void {
    this.counts.set(`${provider}|${day}`, this.usage(provider, day) + calls);
  }
}

export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Calls left today; `take` records one call or reports that the day's quota is spent. */
export class DailyQuota {
  constructor(
    private readonly provider: string,
    private readonly limit: number,
    private readonly ledger: UsageLedger,
    private readonly clock: ProviderClock,
  ) {}

  remaining(): number {
    return Math.max(0, this.limit - this.ledger.usage(this.provider, utcDay(this.clock.now())));
  }

  /** True if a call was counted, false when today's quota is already used up. */
  take(): boolean {
    if (this.remaining() <= 0) return false;
    this.ledger.addUsage(this.provider, utcDay(this.clock.now()), 1);
    return true;
  }

  /** Milliseconds until the quota resets at 00:00 UTC. */
  msUntilReset(): number {
    const now = this.clock.now();
    const nextDay = new Date(utcDay(now) + 'T00:00:00Z').getTime() + 86_400_000;
    return nextDay - now;
  }
}

/**
 * At most `limit` calls in any window of `windowMs`, exactly (a token bucket allows up to twice
 * its capacity across a window boundary). IB's historical-data pacing rule is of this kind.
 */
export class SlidingWindowLimiter implements RateLimiter {
  private readonly sentAt: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: ProviderClock,
  ) {
    if (!(limit >= 1) || !(windowMs > 0)) throw new RangeError(`invalid sliding window ${limit}/${windowMs} ms`);
  }

  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.takeSlot(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async takeSlot(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      while (this.sentAt.length > 0 && this.sentAt[0]! <= now - this.windowMs) this.sentAt.shift();
      if (this.sentAt.length < this.limit) {
        this.sentAt.push(now);
        return;
      }
      await this.clock.sleep(this.sentAt[0]! + this.windowMs - now, signal);
    }
  }
}
