// The paper account's clock: wall time, except while a replay drives the account, when `now()` is
// the replay's bar time, so orders and fills of a replay carry the times of the bars they traded on
// (as in a backtest). Timers always run on the underlying clock: the risk monitor keeps its pace.
import { ErrorCode, NwsError } from '@nws/core';
import type { Clock, TimerCallback } from '@nws/core';

export class ReplayClock implements Clock {
  private followed: Clock | undefined;

  constructor(readonly base: Clock) {}

  now(): number {
    return (this.followed ?? this.base).now();
  }

  /** Reads time from `clock` until the returned release is called. One replay at a time. */
  follow(clock: Clock): () => void {
    if (this.followed !== undefined) throw new NwsError(ErrorCode.Conflict, 'the paper account already follows a replay clock: one replay drives it at a time');
    this.followed = clock;
    return () => {
      if (this.followed === clock) this.followed = undefined;
    };
  }

  /** True while a replay's clock gives the time. */
  get following(): boolean {
    return this.followed !== undefined;
  }

  setTimer(name: string, atMs: number, callback: TimerCallback): void {
    this.base.setTimer(name, atMs, callback);
  }

  setInterval(name: string, intervalMs: number, callback: TimerCallback, startMs?: number): void {
    this.base.setInterval(name, intervalMs, callback, startMs);
  }

  cancelTimer(name: string): boolean {
    return this.base.cancelTimer(name);
  }

  timerNames(): string[] {
    return this.base.timerNames();
  }
}
