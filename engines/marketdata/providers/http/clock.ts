// Time as an injectable service, so rate limits measured in minutes and days are tested without
// waiting: tests pass a ManualClock, the workstation the system clock.
import { ErrorCode, NwsError } from '@nws/core';

export interface ProviderClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with CANCELLED when the signal aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function cancelled(): NwsError {
  return new NwsError(ErrorCode.Cancelled, 'cancelled while waiting');
}

export const systemClock: ProviderClock = Object.freeze({
  now: () => Date.now(),
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(cancelled());
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(cancelled());
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
});

/**
 * A clock that only moves when told. With `autoAdvance` every sleep moves time forward by its
 * duration at once (and is recorded in `sleeps`), which lets a test run "5 requests a minute"
 * through a real rate limiter in microseconds and then read how long it would have waited.
 */
export class ManualClock implements ProviderClock {
  readonly sleeps: number[] = [];
  private current: number;
  private readonly autoAdvance: boolean;
  private waiters: Array<{ until: number; resolve: () => void }> = [];

  constructor(startMs = Date.UTC(2024, 0, 2, 15, 0, 0), options: { autoAdvance?: boolean } = {}) {
    this.current = startMs;
    this.autoAdvance = options.autoAdvance ?? true;
  }

  now(): number {
    return this.current;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw cancelled();
    this.sleeps.push(ms);
    if (this.autoAdvance) {
      this.advance(ms);
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push({ until: this.current + ms, resolve }));
  }

  advance(ms: number): void {
    this.current += Math.max(0, ms);
    const due = this.waiters.filter((waiter) => waiter.until <= this.current);
    this.waiters = this.waiters.filter((waiter) => waiter.until > this.current);
    for (const waiter of due) waiter.resolve();
  }

  /** Total time slept so far. */
  sleptMs(): number {
    return this.sleeps.reduce((sum, ms) => sum + ms, 0);
  }
}
