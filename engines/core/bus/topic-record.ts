/**
 * Everything the bus knows about one concrete topic: its resolved subscriber list (cached until a
 * subscription changes) and its counters. A class so every record has one stable shape, which keeps
 * the publish path monomorphic.
 */
import type { QueueAccounting } from './message-queue.js';
import type { CompiledPattern } from './pattern-match.js';
import type { PriorityRank } from './priority.js';
import type { Topic } from './topics.js';

export interface Subscription {
  readonly id: number;
  readonly handler: (data: unknown, topic: Topic<unknown>) => void;
  readonly name: string | undefined;
  readonly skipOrigin: unknown;
  readonly exactTopics: readonly string[];
  readonly wildcards: readonly CompiledPattern[];
  active: boolean;
}

const LATENCY_SAMPLES = 0;
const LATENCY_SUM = 1;
const LATENCY_MAX = 2;

export class TopicRecord implements QueueAccounting {
  /** `subscribers` is valid while this equals the bus's route version. */
  routeVersion = -1;
  subscribers: readonly Subscription[] = [];
  /** The only subscriber, when there is exactly one: delivery then skips the loop. */
  soleSubscriber: Subscription | undefined = undefined;
  published = 0;
  dropped = 0;
  queued = 0;
  errors = 0;
  /** Requests answered (endpoints only). */
  answered = 0;
  /** Kept in a typed array: float fields on a plain object would change its shape when first set. */
  private readonly latency = new Float64Array(3);
  /** The published count at each of the bus's rate samples (a ring indexed like the bus's sample times). */
  private readonly publishedAtSample: Float64Array;

  constructor(
    readonly topic: Topic<unknown>,
    readonly defaultRank: PriorityRank,
    readonly isEndpoint: boolean,
    rateSlots: number,
  ) {
    this.publishedAtSample = new Float64Array(rateSlots);
  }

  /** Messages handed to subscribers: every publish is delivered, still queued, or dropped. */
  get delivered(): number {
    return this.isEndpoint ? this.answered : this.published - this.dropped - this.queued;
  }

  recordLatency(elapsedMs: number): void {
    const latency = this.latency;
    latency[LATENCY_SAMPLES] += 1;
    latency[LATENCY_SUM] += elapsedMs;
    if (elapsedMs > latency[LATENCY_MAX]!) latency[LATENCY_MAX] = elapsedMs;
  }

  latencyMetrics(): { avg: number; max: number; samples: number } {
    const samples = this.latency[LATENCY_SAMPLES]!;
    return { avg: samples === 0 ? 0 : this.latency[LATENCY_SUM]! / samples, max: this.latency[LATENCY_MAX]!, samples };
  }

  sampleRate(slot: number): void {
    this.publishedAtSample[slot] = this.published;
  }

  /** Messages per second since the sample in `oldestSlot`, taken `elapsedMs` ago. */
  ratePerSec(oldestSlot: number, elapsedMs: number): number {
    if (elapsedMs <= 0) return 0;
    return ((this.published - this.publishedAtSample[oldestSlot]!) * 1000) / elapsedMs;
  }
}
