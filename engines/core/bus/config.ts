/**
 * MessageBus configuration: frozen plain data from a strict schema with defaults. Unknown keys are
 * refused and every bad field is named at once.
 */
import { z } from 'zod';
import { parseFrozenConfig } from '../config.js';

/** What a full queue does with one more message. Critical messages are never dropped. */
export const OVERFLOW_POLICIES = ['drop-oldest', 'drop-newest'] as const;
export type OverflowPolicy = (typeof OVERFLOW_POLICIES)[number];

const boundedQueueSchema = (capacity: number) =>
  z
    .strictObject({
      capacity: z.number().int().min(1).max(16_777_216).default(capacity),
      overflow: z.enum(OVERFLOW_POLICIES).default('drop-oldest'),
    })
    .prefault({});

const isPowerOfTwo = (value: number) => value > 0 && (value & (value - 1)) === 0;

export const messageBusConfigSchema = z.strictObject({
  /** Names the bus in metrics and errors (e.g. `main`, `worker-1`). */
  name: z.string().min(1).max(64).default('bus'),
  /**
   * Queues only fill while a handler publishes (re-entrant publishing). Critical is unbounded;
   * the others are bounded and drop by their policy, counting every drop.
   */
  queues: z
    .strictObject({
      high: boundedQueueSchema(65_536),
      normal: boundedQueueSchema(65_536),
      low: boundedQueueSchema(8_192),
    })
    .prefault({}),
  /** Delivery latency is timed on one message in N per topic (N a power of two) to keep publishing cheap. */
  latencySampleEvery: z.number().int().min(1).max(65_536).refine(isPowerOfTwo, 'must be a power of two').default(64),
  /** Rates are messages per second over this recent window. */
  rateWindowMs: z.number().int().min(100).max(3_600_000).default(5_000),
  /** The window is sampled this many times (a sliding window of slots). */
  rateSlots: z.number().int().min(1).max(120).default(5),
  /** Topics whose metrics are kept; past this the oldest-tracked topic's metrics are forgotten. */
  maxTrackedTopics: z.number().int().min(16).max(10_000_000).default(10_000),
  /** Timeout of `request` when the caller gives none. */
  requestTimeoutMs: z.number().int().min(1).max(86_400_000).default(5_000),
});

export type MessageBusConfigInput = z.input<typeof messageBusConfigSchema>;
export type MessageBusConfig = Readonly<z.output<typeof messageBusConfigSchema>>;

export function loadMessageBusConfig(input: unknown = {}): MessageBusConfig {
  return parseFrozenConfig(messageBusConfigSchema, input, 'message bus config');
}
