/**
 * Builds time bars from the trades on the bus and publishes each bar on `bars.<symbol>.<venue>.<spec>`
 * when its period ends, so everything that follows bars (streaming features, strategies, charts)
 * works on a live feed. A period without trades publishes no bar. Bars are stamped with their
 * open time, like stored bars.
 */
import { ErrorCode, NwsError, barIntervalMs, barType, formatBarSpec, parseBarSpec, topics } from '@nws/core';
import type { Bar, BarType, Clock, Disposer, InstrumentId, MessageBus, Topic, TradeTick } from '@nws/core';

interface OpenBar {
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

interface Series {
  barType: BarType;
  topic: Topic<Bar>;
  current: OpenBar | null;
}

const TIMER_NAME = 'live-bar-aggregator';

export class LiveBarAggregator {
  readonly spec: string;
  private readonly intervalMs: number;
  private readonly series = new Map<string, Series>();
  private disposers: Disposer[] = [];
  private readonly listeners: Array<(bar: Bar) => void> = [];
  private published = 0;

  constructor(
    private readonly bus: MessageBus,
    private readonly clock: Clock,
    instrumentIds: readonly InstrumentId[],
    spec = '1m',
  ) {
    const parsed = parseBarSpec(spec);
    if (parsed.unit !== 's' && parsed.unit !== 'm' && parsed.unit !== 'h') {
      throw new NwsError(ErrorCode.InvalidArgument, `live bars: ${spec} is not an intraday step; use seconds, minutes or hours (e.g. 1m)`);
    }
    this.spec = formatBarSpec(parsed);
    this.intervalMs = barIntervalMs(parsed.unit, parsed.step);
    for (const instrumentId of instrumentIds) {
      this.series.set(instrumentId, { barType: barType(instrumentId, this.spec), topic: topics.bars(instrumentId, this.spec), current: null });
    }
  }

  /** Subscribes to each instrument's trades and closes bars at every period boundary. Idempotent. */
  start(): void {
    if (this.disposers.length > 0) return;
    for (const [instrumentId, series] of this.series) {
      this.disposers.push(this.bus.subscribe(topics.trades(instrumentId as InstrumentId), (trade) => this.onTrade(series, trade), { name: `live bars ${instrumentId}` }));
    }
    const firstBoundary = this.periodStart(this.clock.now()) + this.intervalMs;
    this.clock.setInterval(TIMER_NAME, this.intervalMs, () => this.closeEndedBars(this.clock.now()), firstBoundary);
    this.disposers.push(() => this.clock.cancelTimer(TIMER_NAME));
  }

  stop(): void {
    for (const dispose of this.disposers) dispose();
    this.disposers = [];
  }

  /**
   * Calls `listener` with every bar this aggregator builds, after it is published: the bars of
   * the live feed itself, not whatever else (a replay) publishes on the same topics.
   */
  onBar(listener: (bar: Bar) => void): Disposer {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  /** Bars published so far. */
  get barsPublished(): number {
    return this.published;
  }

  /** Publishes every open bar whose period ended at or before `now`. */
  closeEndedBars(now: number): void {
    for (const series of this.series.values()) {
      if (series.current !== null && series.current.ts + this.intervalMs <= now) this.publish(series);
    }
  }

  private onTrade(series: Series, trade: TradeTick): void {
    if (!Number.isFinite(trade.price) || !Number.isFinite(trade.size) || trade.size < 0) return;
    const start = this.periodStart(trade.ts);
    const current = series.current;
    if (current !== null && start < current.ts) return; // a late trade of a period already closed
    if (current !== null && start > current.ts) this.publish(series);
    if (series.current === null) {
      series.current = { ts: start, open: trade.price, high: trade.price, low: trade.price, close: trade.price, volume: trade.size };
      return;
    }
    const bar = series.current;
    if (trade.price > bar.high) bar.high = trade.price;
    if (trade.price < bar.low) bar.low = trade.price;
    bar.close = trade.price;
    bar.volume += trade.size;
  }

  private publish(series: Series): void {
    const bar = series.current!;
    series.current = null;
    this.published += 1;
    const published: Bar = { barType: series.barType, ...bar };
    this.bus.publish(series.topic, published);
    for (const listener of this.listeners) listener(published);
  }

  private periodStart(ts: number): number {
    return Math.floor(ts / this.intervalMs) * this.intervalMs;
  }
}
