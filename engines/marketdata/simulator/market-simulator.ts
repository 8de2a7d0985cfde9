import { ErrorCode, NwsError, topics, type Clock, type EngineState, type MessageBus, type OrderBookDepth, type QuoteTick, type Topic, type TradeTick } from '@nws/core';
import { loadMarketSimulatorConfig, type MarketSimulatorConfig, type MarketSimulatorConfigInput } from './config.js';
import { SimulatedBook, type SimulatedInstrument } from './simulated-book.js';

interface SimulatedMarket {
  book: SimulatedBook;
  quoteTopic: Topic<QuoteTick>;
  tradeTopic: Topic<TradeTick>;
  depthTopic: Topic<OrderBookDepth>;
  quotesSinceDepth: number;
}

export interface MarketSimulatorStats {
  quotes: number;
  trades: number;
  depthSnapshots: number;
}

const TIMER_NAME = 'market-simulator';

/**
 * The live market of the demo: streams `QuoteTick`s, `TradeTick`s and 10-level `OrderBookDepth`
 * snapshots for each instrument on the bus in real time (`quotes.*`, `trades.*`, `depth.*`), so
 * paper trading and dashboards work with no network. Each wake-up of the clock's timer produces
 * the events due since the last one, stamped evenly across the interval; `advanceTo` does the
 * same by hand (tests, benchmarks, replays). A Host component: `start`, `stop`.
 */
export class MarketSimulator {
  readonly name = 'market-simulator';
  readonly required = false;
  readonly config: MarketSimulatorConfig;
  private readonly markets: SimulatedMarket[];
  private readonly stats: MarketSimulatorStats = { quotes: 0, trades: 0, depthSnapshots: 0 };
  private lastTs: number | undefined;
  /** Fractional quote updates owed per instrument, carried between wake-ups. */
  private owed = 0;
  private currentState: EngineState = 'ready';

  constructor(
    private readonly bus: MessageBus,
    private readonly clock: Clock,
    instruments: readonly SimulatedInstrument[],
    config: MarketSimulatorConfigInput = {},
  ) {
    this.config = loadMarketSimulatorConfig(config);
    if (instruments.length === 0) throw new NwsError(ErrorCode.InvalidArgument, 'market simulator: give at least one instrument');
    const eventsPerYear = this.config.quotesPerSecond * this.config.tradingSecondsPerYear;
    this.markets = instruments.map((instrument) => {
      checkInstrument(instrument);
      const book = new SimulatedBook(instrument, { seed: this.config.seed, levels: this.config.depthLevels, eventsPerYear });
      book.tradeChance = this.config.tradeProbability;
      return {
        book,
        quoteTopic: topics.quotes(instrument.instrumentId),
        tradeTopic: topics.trades(instrument.instrumentId),
        depthTopic: topics.depth(instrument.instrumentId),
        quotesSinceDepth: 0,
      };
    });
  }

  get state(): EngineState {
    return this.currentState;
  }

  /** Counts of events published so far. */
  counts(): Readonly<MarketSimulatorStats> {
    return { ...this.stats };
  }

  start(): void {
    if (this.currentState === 'running') return;
    this.lastTs = this.clock.now();
    this.clock.setInterval(TIMER_NAME, this.config.tickIntervalMs, () => this.advanceTo(this.clock.now()));
    this.currentState = 'running';
  }

  stop(): void {
    if (this.currentState !== 'running') return;
    this.clock.cancelTimer(TIMER_NAME);
    this.currentState = 'stopped';
  }

  /**
   * Publishes every event due between the last call and `nowMs` (epoch ms). The first call only
   * sets the starting time. Returns the number of quote updates published.
   */
  advanceTo(nowMs: number): number {
    if (this.lastTs === undefined || nowMs <= this.lastTs) {
      this.lastTs ??= nowMs;
      return 0;
    }
    const elapsedMs = nowMs - this.lastTs;
    this.owed += (elapsedMs / 1000) * this.config.quotesPerSecond;
    const rounds = Math.min(Math.floor(this.owed), this.config.maxCatchUpQuotes);
    this.owed = rounds === this.config.maxCatchUpQuotes ? 0 : this.owed - rounds;
    const startTs = this.lastTs;
    for (let round = 1; round <= rounds; round++) this.publishRound(Math.round(startTs + (elapsedMs * round) / rounds));
    this.lastTs = nowMs;
    return rounds * this.markets.length;
  }

  /** Publishes `rounds` rounds of quote updates (one per instrument each) at `ts`, as fast as possible. */
  burst(rounds: number, ts: number): void {
    for (let round = 0; round < rounds; round++) this.publishRound(ts);
  }

  private publishRound(ts: number): void {
    const bus = this.bus;
    const depthEvery = this.config.depthEvery;
    for (const market of this.markets) {
      const event = market.book.step(ts);
      if (event.trade !== undefined) {
        bus.publish(market.tradeTopic, event.trade);
        this.stats.trades++;
      }
      bus.publish(market.quoteTopic, event.quote);
      this.stats.quotes++;
      if (++market.quotesSinceDepth >= depthEvery) {
        market.quotesSinceDepth = 0;
        // Building ten levels a side costs more than a quote: skip it when nobody listens.
        if (bus.hasSubscribers(market.depthTopic)) {
          bus.publish(market.depthTopic, market.book.depth(ts));
          this.stats.depthSnapshots++;
        }
      }
    }
  }
}

function checkInstrument(instrument: SimulatedInstrument): void {
  const problems: string[] = [];
  if (!(instrument.price > 0)) problems.push(`price ${instrument.price} must be positive`);
  if (!(instrument.tickSize > 0)) problems.push(`tickSize ${instrument.tickSize} must be positive`);
  if (!(instrument.annualVolatility >= 0)) problems.push(`annualVolatility ${instrument.annualVolatility} must be zero or more`);
  if (!Number.isInteger(instrument.pricePrecision) || instrument.pricePrecision < 0) problems.push(`pricePrecision ${instrument.pricePrecision} must be a whole number`);
  if (problems.length > 0) throw new NwsError(ErrorCode.InvalidArgument, `market simulator: ${instrument.instrumentId}: ${problems.join('; ')}`);
}
