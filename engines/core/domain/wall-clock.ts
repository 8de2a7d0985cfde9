import { checkInterval, checkTime, checkTimerName, firstIntervalTime } from './timer-rules.js';
import type { Clock, TimerCallback } from './clock.js';

/** setTimeout's longest delay (about 24.8 days); longer waits are chained. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

interface WallTimer {
  name: string;
  at: number;
  order: number;
  intervalMs?: number;
  callback: TimerCallback;
  handle?: ReturnType<typeof setTimeout>;
}

/**
 * Real time for live and paper trading. Each firing is scheduled against its due time (not
 * chained intervals), so intervals do not drift; the event carries the due time, `now()` the
 * actual time. Timers run on the host's event loop: call `dispose()` when done.
 */
export class WallClock implements Clock {
  private registrations = 0;
  private readonly timers = new Map<string, WallTimer>();

  constructor(private readonly source: () => number = Date.now) {}

  now(): number {
    return this.source();
  }

  setTimer(name: string, atMs: number, callback: TimerCallback): void {
    checkTimerName(name, this.timers.has(name));
    checkTime(name, 'time', atMs);
    this.arm({ name, at: atMs, order: this.registrations++, callback });
  }

  setInterval(name: string, intervalMs: number, callback: TimerCallback, startMs?: number): void {
    checkTimerName(name, this.timers.has(name));
    checkInterval(name, intervalMs);
    if (startMs !== undefined) checkTime(name, 'start', startMs);
    const now = this.now();
    const at = startMs === undefined ? now + intervalMs : firstIntervalTime(startMs, intervalMs, now);
    this.arm({ name, at, order: this.registrations++, intervalMs, callback });
  }

  cancelTimer(name: string): boolean {
    const timer = this.timers.get(name);
    if (timer === undefined) return false;
    clearTimeout(timer.handle);
    this.timers.delete(name);
    return true;
  }

  timerNames(): string[] {
    return [...this.timers.values()].sort((a, b) => a.order - b.order).map((timer) => timer.name);
  }

  /** Cancels every timer. */
  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer.handle);
    this.timers.clear();
  }

  private arm(timer: WallTimer): void {
    this.timers.set(timer.name, timer);
    const delay = Math.min(Math.max(timer.at - this.now(), 0), MAX_TIMEOUT_MS);
    timer.handle = setTimeout(() => this.onTimeout(timer), delay);
  }

  private onTimeout(timer: WallTimer): void {
    if (this.timers.get(timer.name) !== timer) return;
    // Timers may wake a millisecond early, and long waits are chained: only fire when due.
    if (this.now() < timer.at) {
      this.arm(timer);
      return;
    }
    if (timer.intervalMs === undefined) {
      this.timers.delete(timer.name);
    } else {
      // After a stalled event loop, skip the missed firings instead of bursting through them.
      const nextAt = firstIntervalTime(timer.at, timer.intervalMs, this.now() + 1);
      this.arm({ ...timer, at: nextAt });
    }
    timer.callback({ name: timer.name, ts: timer.at });
  }
}
