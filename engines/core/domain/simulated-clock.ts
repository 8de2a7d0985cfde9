import { ErrorCode, NwsError } from '../errors.js';
import { checkInterval, checkTime, checkTimerName, firstIntervalTime } from './timer-rules.js';
import type { Clock, TimerCallback } from './clock.js';

interface SimulatedTimer {
  name: string;
  /** Next due time, epoch ms. */
  at: number;
  /** Registration order; breaks ties between timers due at the same ms. */
  order: number;
  intervalMs?: number;
  callback: TimerCallback;
}

/**
 * Clock for backtests: time moves only when `advanceTo` is called. Due timers fire in time
 * order (ties in registration order) and `now()` reads each timer's own time while it runs, so
 * a strategy sees the same times it would live.
 */
export class SimulatedClock implements Clock {
  // Initialised here, not only in the constructor: a field declared without a value starts as
  // undefined, so V8 keeps it as a tagged field and allocates a box for each time stored in it
  // (one per bar in a backtest). NaN makes it a double field from the start.
  private currentMs = Number.NaN;
  private registrations = 0;
  private advancing = false;
  private readonly timers = new Map<string, SimulatedTimer>();
  /** Min-heap by (at, order). Cancelled or re-armed entries stay until popped and are skipped. */
  private readonly queue: SimulatedTimer[] = [];

  constructor(startMs = 0) {
    if (!Number.isFinite(startMs)) throw new NwsError(ErrorCode.InvalidArgument, `start time ${startMs} is not a finite epoch ms time`);
    this.currentMs = startMs;
  }

  now(): number {
    return this.currentMs;
  }

  setTimer(name: string, atMs: number, callback: TimerCallback): void {
    checkTimerName(name, this.timers.has(name));
    checkTime(name, 'time', atMs);
    this.add({ name, at: Math.max(atMs, this.currentMs), order: this.registrations++, callback });
  }

  setInterval(name: string, intervalMs: number, callback: TimerCallback, startMs?: number): void {
    checkTimerName(name, this.timers.has(name));
    checkInterval(name, intervalMs);
    if (startMs !== undefined) checkTime(name, 'start', startMs);
    const at = startMs === undefined ? this.currentMs + intervalMs : firstIntervalTime(startMs, intervalMs, this.currentMs);
    this.add({ name, at, order: this.registrations++, intervalMs, callback });
  }

  cancelTimer(name: string): boolean {
    return this.timers.delete(name);
  }

  timerNames(): string[] {
    return [...this.timers.values()].sort((a, b) => a.order - b.order).map((timer) => timer.name);
  }

  /** Time of the earliest pending timer, or undefined when none is set. */
  nextTimerAt(): number | undefined {
    this.dropStale();
    return this.queue[0]?.at;
  }

  /**
   * Moves time to `ts`, firing every timer due at or before it, including timers that
   * callbacks set along the way. Refuses to go backwards. If a callback throws, time stays at
   * that timer's time and the error propagates; the rest stay pending.
   */
  advanceTo(ts: number): void {
    // No timers (a backtest's every bar, most often): nothing can fire, so no guard to set. Kept
    // this small so the compiler inlines it into the bar loop; everything else is `advanceSlowly`.
    if (this.queue.length === 0 && ts >= this.currentMs && !this.advancing && ts - ts === 0) {
      this.currentMs = ts;
      return;
    }
    this.advanceSlowly(ts);
  }

  private advanceSlowly(ts: number): void {
    if (!Number.isFinite(ts)) throw new NwsError(ErrorCode.InvalidArgument, `cannot advance to ${ts}: not a finite epoch ms time`);
    if (ts < this.currentMs) throw new NwsError(ErrorCode.InvalidArgument, `cannot move the clock backwards from ${this.currentMs} to ${ts}`);
    if (this.advancing) throw new NwsError(ErrorCode.InvalidArgument, 'advanceTo called from inside a timer callback');
    if (this.queue.length === 0) {
      this.currentMs = ts;
      return;
    }
    this.advancing = true;
    try {
      for (let timer = this.popDue(ts); timer !== undefined; timer = this.popDue(ts)) this.fire(timer);
      this.currentMs = ts;
    } finally {
      this.advancing = false;
    }
  }

  private fire(timer: SimulatedTimer): void {
    this.currentMs = timer.at;
    const dueAt = timer.at;
    if (timer.intervalMs === undefined) {
      this.timers.delete(timer.name);
    } else {
      // Re-arm before the callback so the callback may cancel its own interval.
      this.add({ ...timer, at: timer.at + timer.intervalMs });
    }
    timer.callback({ name: timer.name, ts: dueAt });
  }

  private add(timer: SimulatedTimer): void {
    this.timers.set(timer.name, timer);
    this.push(timer);
  }

  private popDue(ts: number): SimulatedTimer | undefined {
    this.dropStale();
    const head = this.queue[0];
    if (head === undefined || head.at > ts) return undefined;
    return this.pop();
  }

  /** An entry is stale when its name was cancelled or now maps to a newer entry. */
  private dropStale(): void {
    while (this.queue.length > 0 && this.timers.get(this.queue[0]!.name) !== this.queue[0]) this.pop();
  }

  private push(timer: SimulatedTimer): void {
    const heap = this.queue;
    heap.push(timer);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(heap[index]!, heap[parent]!)) break;
      [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
      index = parent;
    }
  }

  private pop(): SimulatedTimer | undefined {
    const heap = this.queue;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return top;
    heap[0] = last;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === index) break;
      [heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
      index = smallest;
    }
    return top;
  }
}

function before(a: SimulatedTimer, b: SimulatedTimer): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order);
}
