import type { AggressorSide, InstrumentId, OrderBookDepth, QuoteTick, TradeTick, TradeId } from '@nws/core';
import { SeededRandom } from '../demo/random.js';

/** What the simulator needs to know about an instrument to make a market in it. */
export interface SimulatedInstrument {
  instrumentId: InstrumentId;
  /** Where the market opens (e.g. the last close of the stored history). */
  price: number;
  tickSize: number;
  pricePrecision: number;
  /** Annualised volatility of the mid price, e.g. 0.3. */
  annualVolatility: number;
  /** Typical size of one resting order, in shares or contracts. */
  lotSize?: number;
}

export interface BookEvent {
  quote: QuoteTick;
  trade: TradeTick | undefined;
}

const TAIL_DEGREES = 4;
/** Order-flow imbalance persists: each event keeps this share of the last one. */
const FLOW_MEMORY = 0.92;
/** How far one unit of flow imbalance leans the next price step (in step volatilities). */
const FLOW_IMPACT = 0.15;
const SPREAD_CHANGE_CHANCE = 0.15;
const DEFAULT_LOT = 100;

/**
 * One instrument's simulated limit order book: a fat-tailed random walk of the mid price, a
 * spread that wanders around a price-dependent base, persistent random order flow whose trades
 * eat the best level (moving the price a tick when it is used up), and resting size per level
 * that grows away from the touch.
 */
export class SimulatedBook {
  readonly instrumentId: InstrumentId;
  private readonly random: SeededRandom;
  private readonly tickSize: number;
  private readonly scale: number;
  private readonly lot: number;
  private readonly levels: number;
  private readonly stepVol: number;
  private readonly baseSpreadTicks: number;
  private logMidTicks: number;
  private bidTicks: number;
  private spreadTicks: number;
  private flow = 0;
  private tradeSequence = 0;
  private readonly bidSizes: Float64Array;
  private readonly askSizes: Float64Array;

  constructor(instrument: SimulatedInstrument, options: { seed: string; levels: number; eventsPerYear: number }) {
    this.instrumentId = instrument.instrumentId;
    this.random = new SeededRandom(`${options.seed}:${instrument.instrumentId}`);
    this.tickSize = instrument.tickSize;
    this.scale = 10 ** instrument.pricePrecision;
    this.lot = instrument.lotSize ?? DEFAULT_LOT;
    this.levels = options.levels;
    this.stepVol = instrument.annualVolatility / Math.sqrt(options.eventsPerYear);
    const midTicks = instrument.price / instrument.tickSize;
    this.logMidTicks = Math.log(midTicks);
    this.baseSpreadTicks = Math.max(1, Math.round(midTicks * 0.0002));
    this.spreadTicks = this.baseSpreadTicks;
    this.bidTicks = Math.floor(midTicks - this.spreadTicks / 2);
    this.bidSizes = new Float64Array(options.levels);
    this.askSizes = new Float64Array(options.levels);
    for (let level = 0; level < options.levels; level++) {
      this.bidSizes[level] = this.freshSize(level);
      this.askSizes[level] = this.freshSize(level);
    }
  }

  /**
   * Advances the book by one event at `ts`: maybe a trade against the book as last quoted, then
   * the price, spread and resting sizes move and a new quote shows the result.
   */
  step(ts: number): BookEvent {
    const random = this.random;
    this.flow = FLOW_MEMORY * this.flow + (1 - FLOW_MEMORY) * 3 * random.normal();
    const trade = random.next() < this.tradeChance ? this.trade(ts) : undefined;
    this.logMidTicks += this.stepVol * (random.studentT(TAIL_DEGREES) + FLOW_IMPACT * this.flow);
    this.wanderSpread();
    this.moveTouch(Math.floor(Math.exp(this.logMidTicks) - this.spreadTicks / 2));
    this.refreshOneLevel();
    return { quote: this.quote(ts), trade };
  }

  /** Set by the simulator from its config. */
  tradeChance = 0.35;

  quote(ts: number): QuoteTick {
    return {
      instrumentId: this.instrumentId,
      bid: this.price(this.bidTicks),
      ask: this.price(this.bidTicks + this.spreadTicks),
      bidSize: this.bidSizes[0]!,
      askSize: this.askSizes[0]!,
      ts,
    };
  }

  depth(ts: number): OrderBookDepth {
    const bids = [];
    const asks = [];
    const askTicks = this.bidTicks + this.spreadTicks;
    for (let level = 0; level < this.levels; level++) {
      if (this.bidTicks - level > 0) bids.push({ price: this.price(this.bidTicks - level), size: this.bidSizes[level]! });
      asks.push({ price: this.price(askTicks + level), size: this.askSizes[level]! });
    }
    return { instrumentId: this.instrumentId, bids, asks, ts };
  }

  private trade(ts: number): TradeTick {
    const random = this.random;
    const buyChance = Math.min(0.9, Math.max(0.1, 0.5 + 0.2 * this.flow));
    const aggressorSide: AggressorSide = random.next() < buyChance ? 'BUYER' : 'SELLER';
    const sizes = aggressorSide === 'BUYER' ? this.askSizes : this.bidSizes;
    const wanted = this.lot * (1 + Math.floor(random.exponential(2)));
    const size = Math.min(wanted, sizes[0]!);
    const priceTicks = aggressorSide === 'BUYER' ? this.bidTicks + this.spreadTicks : this.bidTicks;
    sizes[0] = sizes[0]! - size;
    if (sizes[0] <= 0) this.levelTaken(aggressorSide);
    this.tradeSequence++;
    return {
      instrumentId: this.instrumentId,
      price: this.price(priceTicks),
      size,
      aggressorSide,
      tradeId: `${this.instrumentId}-${this.tradeSequence}` as TradeId,
      ts,
    };
  }

  /** The best level on the side the aggressor hit is gone: the touch moves one tick their way. */
  private levelTaken(aggressorSide: AggressorSide): void {
    const direction = aggressorSide === 'BUYER' ? 1 : -1;
    if (direction > 0) {
      shiftToward(this.askSizes, 1, (level) => this.freshSize(level));
      this.spreadTicks += 1;
    } else {
      shiftToward(this.bidSizes, 1, (level) => this.freshSize(level));
      this.bidTicks -= 1;
      this.spreadTicks += 1;
    }
    this.logMidTicks = Math.log(Math.exp(this.logMidTicks) + direction * 0.5);
  }

  private wanderSpread(): void {
    const random = this.random;
    if (random.next() >= SPREAD_CHANGE_CHANCE) return;
    const pull = this.spreadTicks > this.baseSpreadTicks ? -1 : this.spreadTicks < this.baseSpreadTicks ? 1 : 0;
    const change = pull !== 0 && random.next() < 0.7 ? pull : random.next() < 0.5 ? -1 : 1;
    this.spreadTicks = Math.min(this.baseSpreadTicks * 4 + 2, Math.max(1, this.spreadTicks + change));
  }

  /** Moves the best bid to `bidTicks`, carrying resting sizes with their prices. */
  private moveTouch(bidTicks: number): void {
    const move = Math.max(1, bidTicks) - this.bidTicks;
    if (move === 0) return;
    const fresh = (level: number) => this.freshSize(level);
    // Bid up: bid levels shift away from the touch (new levels appear at the top), asks shift in.
    shiftToward(this.bidSizes, -move, fresh);
    shiftToward(this.askSizes, move, fresh);
    this.bidTicks += move;
  }

  private refreshOneLevel(): void {
    const random = this.random;
    const sizes = random.next() < 0.5 ? this.bidSizes : this.askSizes;
    const level = random.int(0, this.levels - 1);
    sizes[level] = Math.max(this.lot, Math.round((sizes[level]! * Math.exp(0.3 * random.normal())) / this.lot) * this.lot);
  }

  private freshSize(level: number): number {
    const lots = Math.max(1, Math.round((2 + level * 1.5) * Math.exp(0.5 * this.random.normal())));
    return lots * this.lot;
  }

  private price(ticks: number): number {
    return Math.round(ticks * this.tickSize * this.scale) / this.scale;
  }
}

/**
 * Shifts level sizes by `by` places: positive drops the best `by` levels (the rest move toward the
 * touch, fresh ones fill the back); negative inserts fresh levels at the touch.
 */
function shiftToward(sizes: Float64Array, by: number, fresh: (level: number) => number): void {
  const length = sizes.length;
  if (by >= length || -by >= length) {
    for (let level = 0; level < length; level++) sizes[level] = fresh(level);
    return;
  }
  if (by > 0) {
    sizes.copyWithin(0, by);
    for (let level = length - by; level < length; level++) sizes[level] = fresh(level);
  } else if (by < 0) {
    sizes.copyWithin(-by, 0, length + by);
    for (let level = 0; level < -by; level++) sizes[level] = fresh(level);
  }
}
