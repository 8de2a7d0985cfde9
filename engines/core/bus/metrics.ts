/**
 * The snapshot shapes `bus.metrics()` returns. Counters are plain numbers bumped on the publish
 * path (see topic-record.ts); rates and latency averages are computed only when a snapshot is taken.
 */
import type { Priority } from './priority.js';

/** Publish → handler delay, in ms, over the sampled messages (one in `latencySampleEvery`). */
export interface LatencyMetrics {
  avg: number;
  max: number;
  samples: number;
}

export interface TopicMetrics {
  topic: string;
  published: number;
  delivered: number;
  dropped: number;
  errors: number;
  queued: number;
  subscribers: number;
  /** Messages per second over the recent window (`rateWindowMs`). */
  ratePerSec: number;
  latencyMs: LatencyMetrics;
}

export interface BusMetrics {
  bus: string;
  /** Epoch ms of the snapshot. */
  ts: number;
  published: number;
  delivered: number;
  dropped: number;
  errors: number;
  /** Publishes ignored because the bus was closed. */
  publishedAfterClose: number;
  subscriptions: number;
  responders: number;
  pendingRequests: number;
  queueDepth: Record<Priority, number>;
  droppedByPriority: Record<Priority, number>;
  topics: TopicMetrics[];
}
