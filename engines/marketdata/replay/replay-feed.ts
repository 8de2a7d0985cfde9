/**
 * ReplayFeed: plays stored bars or ticks on the bus as if they were live, at 1×–1000× of their own
 * time or as fast as possible (`max`).
 *
 * Bars: for each bar, in time order, it publishes on the topics live data uses a quote
 * (`quotes.<symbol>.<venue>`, bid = ask = close, sizes = volume) and a trade (`trades.…`, at the
 * close for the bar's volume) derived from it, then the bar itself (`bars.<symbol>.<venue>.<spec>`,
 * the topic of the LiveBarAggregator).
 *
 * Ticks (`ticks: ['quotes', 'trades']`): the stored quotes and trades themselves, on the same quote
 * and trade topics, and no bars.
 *
 * A SimulatedClock stands at the step's time (a bar's open time, a tick's time) while its events go
 * out, so whatever reads `clock` (order and fill times) gets data times, not wall time. Progress
 * goes out on `jobs.<replayId>.progress`.
 */
import { ErrorCode, NwsError, SimulatedClock, topics, tradeId } from '@nws/core';
import type { Bar, JobProgress, JobState, MessageBus, QuoteTick, Topic, TradeTick } from '@nws/core';
import type { TimeSeriesStore } from '@nws/storage';
import { barCursor, loadReplaySeries } from './replay-bars.js';
import type { ReplayCursor, ReplaySink } from './replay-bars.js';
import { parseReplayRequest, parseReplaySpeed } from './replay-request.js';
import type { ReplayRequest, ReplaySpeed, ReplayTickKind } from './replay-request.js';
import { loadReplayTicks, tickCursor } from './replay-ticks.js';

export type ReplayState = Extract<JobState, 'queued' | 'running' | 'paused' | 'done' | 'cancelled' | 'failed'>;

export interface ReplayStatus {
  replayId: string;
  state: ReplayState;
  instrumentIds: string[];
  /** The bar spec, or `ticks` for a tick replay. */
  barType: string;
  /** The tick kinds of a tick replay. */
  ticks?: ReplayTickKind[];
  speed: ReplaySpeed;
  /** Bars (or ticks) published so far, and in all. */
  published: number;
  total: number;
  /** Time of the first and last bar (open time) or tick of the range, epoch ms. */
  firstTs: number;
  lastTs: number;
  /** Data time the replay has reached (the clock), epoch ms. */
  currentTs: number;
  /** Why it failed, when it did. */
  error?: string;
}

export interface ReplayFeedOptions {
  bus: MessageBus;
  timeSeries: TimeSeriesStore;
  /** A `ReplayRequestInput`: validated here. */
  request: unknown;
}

/** The feed yields to the event loop after this many bars or ticks at once, so calls (pause, stop) get in. */
const MAX_SPEED_BATCH = 512;

let replaySequence = 0;

export class ReplayFeed {
  readonly replayId: string;
  readonly request: ReplayRequest;
  /** Stands at the open time of the bar being published. */
  readonly clock: SimulatedClock;
  /** Resolves with the final status when the replay is done, stopped or failed. */
  readonly finished: Promise<ReplayStatus>;
  private readonly bus: MessageBus;
  private readonly cursor: ReplayCursor;
  private readonly sink: ReplaySink;
  private readonly firstTs: number;
  private readonly lastTs: number;
  private speed: ReplaySpeed;
  private state: ReplayState = 'queued';
  private error: string | undefined;
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  /** Wall time (performance.now) at which the bar time `anchorTs` is due. */
  private anchorWall = 0;
  private anchorTs = 0;
  private lastProgressWall = Number.NEGATIVE_INFINITY;
  private tradeSequence = 0;
  private readonly listeners: Array<(status: ReplayStatus) => void> = [];
  private settle!: (status: ReplayStatus) => void;

  private constructor(bus: MessageBus, request: ReplayRequest, cursor: ReplayCursor) {
    this.bus = bus;
    this.request = request;
    this.replayId = request.replayId ?? `replay-${Date.now().toString(36)}-${++replaySequence}`;
    this.cursor = cursor;
    this.firstTs = cursor.firstTs;
    this.lastTs = cursor.lastTs;
    this.speed = request.speed;
    this.clock = new SimulatedClock(cursor.firstTs);
    const unsupported = (): void => {
      throw new NwsError(ErrorCode.Internal, 'a tick replay has no bars');
    };
    this.sink =
      request.ticks === undefined
        ? { bar: (bar) => this.publishBar(bar), quote: unsupported, trade: unsupported }
        : { bar: unsupported, quote: (quote) => this.publish(topics.quotes(quote.instrumentId), quote), trade: (trade) => this.publish(topics.trades(trade.instrumentId), trade) };
    this.finished = new Promise((resolve) => (this.settle = resolve));
  }

  /**
   * Validates the request and reads its bars or ticks; nothing is published until `start`. Throws
   * INVALID_ARGUMENT (bad field, speed out of range, empty range) or UNKNOWN_INSTRUMENT.
   */
  static async open(options: ReplayFeedOptions): Promise<ReplayFeed> {
    const request = parseReplayRequest(options.request);
    const cursor: ReplayCursor =
      request.ticks === undefined ? barCursor(await loadReplaySeries(options.timeSeries, request)) : tickCursor(await loadReplayTicks(options.timeSeries, request, request.ticks));
    return new ReplayFeed(options.bus, request, cursor);
  }

  /** Starts publishing; the first step goes out at once. */
  start(): void {
    if (this.state !== 'queued') throw new NwsError(ErrorCode.Conflict, `replay ${this.replayId} was already started (${this.state})`);
    this.state = 'running';
    this.anchorNow(this.firstTs);
    this.publishProgress(true);
    this.schedule(0);
  }

  /** Stops publishing until `resume`; the bar in flight is finished first. */
  pause(): ReplayStatus {
    this.assertActive('pause');
    if (this.state === 'running') {
      this.state = 'paused';
      this.clearTimer();
      this.publishProgress(true);
    }
    return this.status();
  }

  /** Continues at the same speed from the next bar, which goes out at once. */
  resume(): ReplayStatus {
    this.assertActive('resume');
    if (this.state === 'paused') {
      this.state = 'running';
      this.anchorNow(this.cursor.nextTs() ?? this.lastTs);
      this.publishProgress(true);
      this.schedule(0);
    }
    return this.status();
  }

  /** Ends the replay for good (state `cancelled`); a finished replay is left as it is. */
  stop(): ReplayStatus {
    if (this.active) this.finish('cancelled');
    return this.status();
  }

  /** Changes the pace from the next bar on. */
  setSpeed(input: unknown): ReplayStatus {
    this.assertActive('change the speed of');
    this.speed = parseReplaySpeed(input);
    if (this.state === 'running') {
      this.clearTimer();
      this.anchorNow(this.cursor.nextTs() ?? this.lastTs);
      this.schedule(0);
    }
    return this.status();
  }

  /** Called on every progress event (throttled while running, always on a state change). */
  onProgress(listener: (status: ReplayStatus) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  status(): ReplayStatus {
    return {
      replayId: this.replayId,
      state: this.state,
      instrumentIds: [...this.request.instrumentIds],
      barType: this.request.barType,
      ...(this.request.ticks === undefined ? {} : { ticks: [...this.request.ticks] }),
      speed: this.speed,
      published: this.cursor.position,
      total: this.cursor.total,
      firstTs: this.firstTs,
      lastTs: this.lastTs,
      currentTs: this.clock.now(),
      ...(this.error === undefined ? {} : { error: this.error }),
    };
  }

  get active(): boolean {
    return this.state === 'queued' || this.state === 'running' || this.state === 'paused';
  }

  // ---- pacing ----

  private anchorNow(ts: number): void {
    this.anchorWall = performance.now();
    this.anchorTs = ts;
  }

  /** Wall time (performance.now) at which the bars of time `ts` are due. */
  private dueAt(ts: number): number {
    return this.speed === 'max' ? Number.NEGATIVE_INFINITY : this.anchorWall + (ts - this.anchorTs) / this.speed;
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    if (this.speed === 'max' && delayMs === 0) this.timer = setImmediate(() => this.tick());
    else this.timer = setTimeout(() => this.tick(), Math.max(0, delayMs));
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer as NodeJS.Timeout);
    clearImmediate(this.timer as NodeJS.Immediate);
    this.timer = undefined;
  }

  /** Publishes every step that is due (at most a batch in `max` mode), then waits for the next one. */
  private tick(): void {
    this.timer = undefined;
    try {
      let published = 0;
      for (;;) {
        if (this.state !== 'running') return;
        const ts = this.cursor.nextTs();
        if (ts === undefined) {
          this.finish('done');
          return;
        }
        const wait = this.dueAt(ts) - performance.now();
        if (wait > 0) {
          this.publishProgress(false);
          this.schedule(wait);
          return;
        }
        if (published >= MAX_SPEED_BATCH) {
          this.publishProgress(false);
          this.schedule(0);
          return;
        }
        published += this.publishStep(ts);
      }
    } catch (error) {
      this.error = (error as Error).message;
      this.finish('failed');
    }
  }

  private publishStep(ts: number): number {
    this.clock.advanceTo(ts);
    return this.cursor.emitStep(ts, this.sink);
  }

  /** The derived quote and trade first, so whatever acts on the bar already knows its price. */
  private publishBar(bar: Bar): void {
    const instrumentId = bar.barType.instrumentId;
    const quote: QuoteTick = { instrumentId, bid: bar.close, ask: bar.close, bidSize: bar.volume, askSize: bar.volume, ts: bar.ts };
    this.publish(topics.quotes(instrumentId), quote);
    if (bar.volume > 0) {
      const trade: TradeTick = { instrumentId, price: bar.close, size: bar.volume, aggressorSide: 'NO_AGGRESSOR', tradeId: tradeId(`${this.replayId}-${++this.tradeSequence}`), ts: bar.ts };
      this.publish(topics.trades(instrumentId), trade);
    }
    this.publish(topics.bars(instrumentId, bar.barType), bar);
  }

  private publish<T>(topic: Topic<T>, data: T): void {
    if (this.bus.closed) throw new NwsError(ErrorCode.Unavailable, 'the message bus closed during the replay');
    this.bus.publish(topic, data);
  }

  // ---- state and progress ----

  private finish(state: 'done' | 'cancelled' | 'failed'): void {
    this.clearTimer();
    this.state = state;
    this.publishProgress(true);
    this.settle(this.status());
  }

  private publishProgress(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastProgressWall < this.request.progressEveryMs) return;
    this.lastProgressWall = now;
    const status = this.status();
    for (const listener of [...this.listeners]) listener(status);
    if (this.bus.closed) return;
    const progress: JobProgress = {
      jobId: this.replayId,
      state: status.state,
      done: status.published,
      total: status.total,
      message: `${status.instrumentIds.join(', ')} ${status.ticks === undefined ? status.barType : status.ticks.join(' and ')} at ${status.speed === 'max' ? 'max speed' : `${status.speed}x`}, ${status.ticks === undefined ? 'bar' : 'tick'} time ${new Date(status.currentTs).toISOString()}${status.error === undefined ? '' : `: ${status.error}`}`,
      ts: Date.now(),
    };
    this.bus.publish(topics.jobProgress(this.replayId), progress);
  }

  private assertActive(action: string): void {
    if (!this.active) throw new NwsError(ErrorCode.IllegalTransition, `cannot ${action} replay ${this.replayId}: it is ${this.state}`);
  }
}
