import { describe, expect, it } from 'vitest';
import { backoffDelayMs, parseRetryAfter } from './backoff.js';
import { ManualClock } from './clock.js';
import { DailyQuota, MemoryUsageLedger, TokenBucket } from './rate-limiter.js';

describe('TokenBucket', () => {
  it('lets 5 calls through at once, then one every 12 s (5 a minute)', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ capacity: 5, tokensPerInterval: 5, intervalMs: 60_000 }, clock);
    const start = clock.now();
    const sentAt: number[] = [];
    for (let i = 0; i < 8; i++) {
      await bucket.acquire();
      sentAt.push(clock.now() - start);
    }
    expect(sentAt).toEqual([0, 0, 0, 0, 0, 12_000, 24_000, 36_000]);
  });

  it('never lets more than 5 through in any minute, whatever the concurrency', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ capacity: 5, tokensPerInterval: 5, intervalMs: 60_000 }, clock);
    const sentAt: number[] = [];
    await Promise.all(Array.from({ length: 20 }, () => bucket.acquire().then(() => sentAt.push(clock.now()))));
    for (const t of sentAt) {
      // a window [t, t+60 s) holds at most capacity + the tokens refilled inside it
      expect(sentAt.filter((other) => other >= t && other < t + 60_000).length).toBeLessThanOrEqual(10);
    }
    expect(sentAt.filter((t) => t - sentAt[0]! < 60_000).length).toBeLessThanOrEqual(9);
  });

  it('refills while idle, but never beyond capacity', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ capacity: 2, tokensPerInterval: 1, intervalMs: 1000 }, clock);
    await bucket.acquire();
    await bucket.acquire();
    expect(bucket.available()).toBe(0);
    clock.advance(10_000);
    expect(bucket.available()).toBe(2);
  });

  it('gives up waiting when cancelled', async () => {
    const clock = new ManualClock(0, { autoAdvance: false });
    const bucket = new TokenBucket({ capacity: 1, tokensPerInterval: 1, intervalMs: 60_000 }, clock);
    await bucket.acquire();
    const controller = new AbortController();
    controller.abort();
    await expect(bucket.acquire(controller.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('DailyQuota', () => {
  it('counts per UTC day and resets at midnight', () => {
    const clock = new ManualClock(Date.UTC(2024, 0, 2, 23, 0));
    const quota = new DailyQuota('alphavantage', 3, new MemoryUsageLedger(), clock);
    expect([quota.take(), quota.take(), quota.take(), quota.take()]).toEqual([true, true, true, false]);
    expect(quota.msUntilReset()).toBe(3_600_000);
    clock.advance(3_600_000);
    expect(quota.remaining()).toBe(3);
  });
});

describe('backoff', () => {
  it('draws full jitter under a doubling ceiling capped at maxDelay', () => {
    const policy = { maxRetries: 5, baseDelayMs: 500, maxDelayMs: 3000 };
    expect([0, 1, 2, 3].map((retry) => backoffDelayMs(retry, policy, () => 1))).toEqual([500, 1000, 2000, 3000]);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(1500);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2024, 0, 2, 12, 0, 0);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Tue, 02 Jan 2024 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
