/**
 * A replay driving the paper account: while it runs, the replayed instruments fill with the
 * backtest's rules — on bars (PaperTrading.driveByBars), or on every replayed quote and trade for
 * a tick replay (PaperTrading.driveByTicks) — the account's clock reads the replay's data time, and
 * the live demo market is paused (its quotes, trades and live bars would mix with the replayed
 * ones). Everything is given back when the replay ends, however it ends.
 */
import type { InstrumentId, MessageBus } from '@nws/core';
import { topics } from '@nws/core';
import type { ReplayFeed, ReplayStatus } from '@nws/marketdata';
import type { PaperTrading } from './paper-trading.js';

/** The live demo market, paused while a replay runs. */
export interface LiveMarketControl {
  pause(): void;
  resume(): void;
}

export class ReplaySession {
  readonly feed: ReplayFeed;
  /** Resolves with the replay's final status once the account is released. */
  readonly finished: Promise<ReplayStatus>;
  private readonly releases: Array<() => void> = [];

  private constructor(feed: ReplayFeed, paper: PaperTrading, bus: MessageBus, liveMarket: LiveMarketControl | undefined) {
    this.feed = feed;
    // The feed checked every id against the stored series.
    const instrumentIds = feed.request.instrumentIds as readonly InstrumentId[];
    // Claim the clock first: it refuses a second replay before anything else changes.
    this.releases.push(paper.followClock(feed.clock));
    const ticks = feed.request.ticks !== undefined;
    this.releases.push(ticks ? paper.driveByTicks(instrumentIds) : paper.driveByBars(instrumentIds));
    if (liveMarket !== undefined) {
      liveMarket.pause();
      this.releases.push(() => liveMarket.resume());
    }
    // Orders of any origin (a strategy, the UI, the CLI) match on the replayed bars or ticks. The
    // paper account hears quotes itself; trades reach the venue here, before any strategy run
    // (subscribed later) sees them: subscribers run in subscription order.
    const name = `replay ${feed.replayId}`;
    for (const instrumentId of instrumentIds) {
      this.releases.push(
        ticks
          ? bus.subscribe(topics.trades(instrumentId), (trade) => paper.processTrade(trade), { name })
          : bus.subscribe(topics.bars(instrumentId, feed.request.barType), (bar) => paper.processBar(bar), { name }),
      );
    }
    this.finished = feed.finished.then((status) => {
      this.release();
      return status;
    });
  }

  /** Binds `feed` to the paper account; call `start` once strategies are listening. */
  static bind(feed: ReplayFeed, paper: PaperTrading, bus: MessageBus, liveMarket?: LiveMarketControl): ReplaySession {
    return new ReplaySession(feed, paper, bus, liveMarket);
  }

  start(): void {
    this.feed.start();
  }

  private release(): void {
    for (const release of this.releases.splice(0).reverse()) release();
  }
}
