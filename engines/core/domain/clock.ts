/** What a timer callback receives: its name and the time it was due (epoch ms). */
export interface TimeEvent {
  name: string;
  ts: number;
}

export type TimerCallback = (event: TimeEvent) => void;

/**
 * Time for strategies and engines. Backtests use `SimulatedClock`, live and paper trading
 * `WallClock`; code written against this interface runs unchanged on both.
 */
export interface Clock {
  /** Epoch ms UTC. */
  now(): number;
  /** Fires once at `atMs`; a time already past fires as soon as possible. Names are unique per clock. */
  setTimer(name: string, atMs: number, callback: TimerCallback): void;
  /**
   * Fires every `intervalMs`. The first firing is at `startMs` (default now + intervalMs); a
   * `startMs` in the past keeps its grid and fires first at the next grid time from now.
   */
  setInterval(name: string, intervalMs: number, callback: TimerCallback, startMs?: number): void;
  /** Cancels a pending timer or interval; false when no timer has that name. */
  cancelTimer(name: string): boolean;
  /** Names of pending timers, in registration order. */
  timerNames(): string[];
}
