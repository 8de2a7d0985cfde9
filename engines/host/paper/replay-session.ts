/**
 * A replay driving the paper account: while it runs, the replayed instruments fill on bars with the
 * backtest's rules (PaperTrading.driveByBars), the account's clock reads the replay's bar time, and
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
    this.releases.push(paper.driveByBars(instrumentIds));
    if (liveMarket !== undefined) {
      liveMarket.pause();
      this.releases.push(() => liveMarket.resume());
    }
    // Orders of any origin (a strategy, the UI, the CLI) match on the replayed bars.
    for (const instrumentId of instrumentIds) {
      this.releases.push(bus.subscribe(topics.bars(instrumentId, feed.request.barType), (bar) => paper.processBar(bar), { name: `replay ${feed.replayId}` }));
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
