/**
 * The in-process MessageBus: typed topics, NATS-style wildcards, four priorities, request/response
 * and per-topic metrics. See docs/concepts/bus.md.
 *
 * Delivery model: a publish on an idle bus delivers synchronously to every matching subscriber (the
 * fast path). A publish made while the bus is delivering (from inside a handler) is queued by
 * priority; the outermost publish then drains the queues, always taking the highest-priority
 * message first, FIFO within a priority.
 */
import { ErrorCode, NwsError } from '../errors.js';
import { type MessageBusConfig, type MessageBusConfigInput, loadMessageBusConfig } from './config.js';
import { MessageQueue } from './message-queue.js';
import type { BusMetrics, TopicMetrics } from './metrics.js';
import type { BusErrorEvent, BusErrorKind } from './payloads.js';
import { compilePattern, matchesTopic, splitTopic } from './pattern-match.js';
import { PRIORITIES, type Priority, type PriorityRank, priorityRank } from './priority.js';
import { type Subscription, TopicRecord } from './topic-record.js';
import { type Endpoint, type Topic, type TopicPattern, defaultPriorityOf, topicProblem, topics } from './topics.js';

/** A subscriber. It may be async: the bus does not await it, and counts a rejection as an error. */
export type MessageHandler<T> = (data: T, topic: Topic<T>) => void;

/** A responder for an endpoint; may answer synchronously or with a Promise. */
export type Responder<Req, Res> = (request: Req) => Res | Promise<Res>;

/** Undoes a subscription or registration. Calling it again does nothing. */
export type Disposer = () => void;

export interface PublishOptions {
  /** Defaults to the topic family's priority (see `defaultPriorityOf`). */
  priority?: Priority;
  /**
   * Opaque tag of where the message came from. Subscribers registered with the same `skipOrigin`
   * do not receive it: a bridge uses this so a message never echoes back where it came from.
   */
  origin?: unknown;
}

export interface SubscribeOptions {
  /** Names the subscriber in error reports and metrics. */
  name?: string;
  /** Messages published with this origin are not delivered to this subscriber. */
  skipOrigin?: unknown;
}

export interface RequestOptions {
  /** Defaults to the bus's `requestTimeoutMs`. */
  timeoutMs?: number;
}

export interface MessageBusOptions {
  /** Monotonic milliseconds for latency and rates; defaults to `performance.now`. Tests inject one. */
  now?: () => number;
}

interface PendingRequest {
  readonly endpoint: string;
  readonly reject: (error: NwsError) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

const NOT_SAMPLED = Number.NaN;

/** "Use the topic family's default priority." */
const TOPIC_DEFAULT = -1;

function chosenRankOf(options: PublishOptions): PriorityRank | typeof TOPIC_DEFAULT {
  switch (options.priority) {
    case undefined:
      return TOPIC_DEFAULT;
    case 'critical':
    case 'high':
    case 'normal':
    case 'low':
      return priorityRank[options.priority];
    default:
      throw new NwsError(
        ErrorCode.InvalidArgument,
        `unknown priority ${JSON.stringify(options.priority)}; use one of ${PRIORITIES.join(', ')}`,
      );
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

export class MessageBus {
  readonly config: MessageBusConfig;
  private readonly now: () => number;
  /** Records in the order topics were first seen (the eviction order). */
  private readonly records = new Map<string, TopicRecord>();
  /** The same records for lookup: a null-prototype dictionary reads faster than Map.get by string. */
  private readonly recordIndex: Record<string, TopicRecord | undefined> = Object.create(null) as Record<string, TopicRecord | undefined>;
  /** The record of the last topic published: bursts on one topic skip the map lookup. */
  private lastRecord: TopicRecord | undefined;
  private readonly exactSubscriptions = new Map<string, Subscription[]>();
  private wildcardSubscriptions: Subscription[] = [];
  private routeVersion = 0;
  private nextSubscriptionId = 1;
  private subscriptionCount = 0;
  private readonly queues: readonly MessageQueue<TopicRecord>[];
  private queuedTotal = 0;
  /** True while delivering (publishes then queue) and for good once closed: one check on the fast path. */
  private busy = false;
  /** Rank of the message being delivered; meaningful only while busy and open. */
  private currentRank: PriorityRank = priorityRank.normal;
  private readonly sampleMask: number;
  private readonly responders = new Map<string, Responder<unknown, unknown>>();
  private readonly pending = new Set<PendingRequest>();
  /** Counters of topics whose records were forgotten (maxTrackedTopics), so bus totals stay true. */
  private readonly forgotten = { published: 0, delivered: 0, dropped: 0, errors: 0 };
  private publishedAfterClose = 0;
  private readonly rateClock: { times: Float64Array; slot: number };
  private readonly rateTimer: ReturnType<typeof setInterval>;
  private readonly errorTopic = topics.busErrors();
  private isClosed = false;

  constructor(config: MessageBusConfigInput = {}, options: MessageBusOptions = {}) {
    this.config = loadMessageBusConfig(config);
    this.now = options.now ?? (() => performance.now());
    const { queues } = this.config;
    this.queues = [
      new MessageQueue<TopicRecord>(undefined, 'drop-oldest'),
      new MessageQueue<TopicRecord>(queues.high.capacity, queues.high.overflow),
      new MessageQueue<TopicRecord>(queues.normal.capacity, queues.normal.overflow),
      new MessageQueue<TopicRecord>(queues.low.capacity, queues.low.overflow),
    ];
    this.sampleMask = this.config.latencySampleEvery - 1;
    this.rateClock = { times: new Float64Array(this.config.rateSlots).fill(this.now()), slot: 0 };
    this.rateTimer = setInterval(() => this.sampleRates(), this.config.rateWindowMs / this.config.rateSlots);
    // A bus must never keep a Node process alive on its own (no-op in browsers).
    (this.rateTimer as { unref?: () => void }).unref?.();
  }

  get name(): string {
    return this.config.name;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * Sends `data` to every subscriber whose pattern matches `topic`. Synchronous when the bus is
   * idle; queued by priority when called from inside a handler.
   */
  publish<T>(topic: Topic<T>, data: NoInfer<T>, options?: PublishOptions): void {
    // The fast path is kept small so the engine inlines it; rare cases live in their own methods.
    if (this.busy) {
      this.publishWhileBusy(topic, data, options);
      return;
    }
    // Options are checked before anything is counted: a bad priority changes nothing.
    const chosenRank = options === undefined ? TOPIC_DEFAULT : chosenRankOf(options);
    const record = this.recordOf(topic);
    const rank = chosenRank === TOPIC_DEFAULT ? record.defaultRank : chosenRank;
    const origin = options === undefined ? undefined : options.origin;
    const sampled = (record.published++ & this.sampleMask) === 0;
    // A sampled timestamp stays in this frame: a double passed to a call that is not inlined would
    // be boxed, one allocation per message.
    const publishedAt = sampled ? this.now() : 0;
    this.busy = true;
    try {
      if (sampled) record.recordLatency(this.now() - publishedAt);
      this.deliver(record, data, rank, origin);
      if (this.queuedTotal > 0) this.drain();
    } finally {
      this.busy = this.isClosed;
    }
  }

  /**
   * Calls `handler` for every message on a topic matching `pattern` (or any of several patterns:
   * a message is then delivered once). Subscribers run in subscription order.
   */
  subscribe<T>(
    pattern: TopicPattern<T> | readonly TopicPattern<T>[],
    handler: MessageHandler<T>,
    options: SubscribeOptions = {},
  ): Disposer {
    this.assertOpen('subscribe');
    if (typeof handler !== 'function') {
      throw new NwsError(ErrorCode.InvalidArgument, `subscribe: handler must be a function, got ${typeof handler}`);
    }
    const sources: readonly string[] = typeof pattern === 'string' ? [pattern] : pattern;
    if (!Array.isArray(sources) || sources.length === 0) {
      throw new NwsError(ErrorCode.InvalidArgument, 'subscribe: give a topic pattern or a non-empty list of them');
    }
    const compiled = sources.map((source) => compilePattern(source));
    const subscription: Subscription = {
      id: this.nextSubscriptionId++,
      handler: handler as MessageHandler<unknown>,
      name: options.name,
      skipOrigin: options.skipOrigin,
      exactTopics: [...new Set(compiled.filter((each) => each.exact).map((each) => each.source))],
      wildcards: compiled.filter((each) => !each.exact),
      active: true,
    };
    for (const exactTopic of subscription.exactTopics) {
      const list = this.exactSubscriptions.get(exactTopic);
      if (list) list.push(subscription);
      else this.exactSubscriptions.set(exactTopic, [subscription]);
    }
    if (subscription.wildcards.length > 0) this.wildcardSubscriptions = [...this.wildcardSubscriptions, subscription];
    this.subscriptionCount += 1;
    this.routeVersion += 1;
    return () => this.unsubscribe(subscription);
  }

  /** Whether a message on `topic` would reach anyone: lets a publisher skip building costly payloads. */
  hasSubscribers(topic: Topic<unknown>): boolean {
    if (this.isClosed) return false;
    const record = this.recordIndex[topic];
    if (record !== undefined) return this.subscribersOf(record).length > 0;
    // Not published yet: answer without tracking it, so asking does not create metrics.
    const problem = topicProblem(topic);
    if (problem !== undefined) throw new NwsError(ErrorCode.InvalidArgument, `hasSubscribers: ${problem}`);
    return this.matchingSubscriptions(topic).length > 0;
  }

  /** Serves requests to `endpoint`. One responder per endpoint; a second one is a CONFLICT. */
  respond<Req, Res>(endpoint: Endpoint<Req, Res>, responder: Responder<Req, Res>): Disposer {
    this.assertOpen('respond');
    const problem = topicProblem(endpoint);
    if (problem !== undefined) throw new NwsError(ErrorCode.InvalidArgument, `respond: ${problem}`);
    if (typeof responder !== 'function') {
      throw new NwsError(ErrorCode.InvalidArgument, `respond: responder must be a function, got ${typeof responder}`);
    }
    if (this.responders.has(endpoint)) {
      throw new NwsError(ErrorCode.Conflict, `endpoint ${endpoint} already has a responder on bus ${this.name}`);
    }
    const registered = responder as Responder<unknown, unknown>;
    this.responders.set(endpoint, registered);
    return () => {
      if (this.responders.get(endpoint) === registered) this.responders.delete(endpoint);
    };
  }

  hasResponder(endpoint: Endpoint<unknown, unknown>): boolean {
    return this.responders.has(endpoint);
  }

  /**
   * Asks the responder of `endpoint`. Rejects with NOT_FOUND when nobody serves it, TIMEOUT after
   * `timeoutMs`, CONNECTION_CLOSED when the bus closes first, or the responder's own error.
   */
  request<Req, Res>(endpoint: Endpoint<Req, Res>, data: NoInfer<Req>, options: RequestOptions = {}): Promise<Res> {
    if (this.isClosed) {
      return Promise.reject(new NwsError(ErrorCode.ConnectionClosed, `request to ${endpoint}: bus ${this.name} is closed`));
    }
    const timeoutMs = options.timeoutMs ?? this.config.requestTimeoutMs;
    if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      return Promise.reject(
        new NwsError(ErrorCode.InvalidArgument, `request to ${endpoint}: timeoutMs must be a positive number of ms, got ${String(timeoutMs)}`),
      );
    }
    const responder = this.responders.get(endpoint);
    if (responder === undefined) {
      return Promise.reject(
        new NwsError(ErrorCode.NotFound, `no responder for endpoint ${endpoint} on bus ${this.name}: is the component serving it running?`),
      );
    }
    const record = this.recordIndex[endpoint] ?? this.track(endpoint as string as Topic<unknown>, true);
    record.published += 1;
    const startedAt = this.now();
    return new Promise<Res>((resolve, reject) => {
      let settled = false;
      const finish = (error: NwsError | undefined, answer?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(entry.timer);
        this.pending.delete(entry);
        if (error === undefined) {
          record.answered += 1;
          resolve(answer as Res);
        } else {
          record.errors += 1;
          reject(error);
        }
      };
      const entry: PendingRequest = {
        endpoint,
        reject: (error) => finish(error),
        timer: setTimeout(
          () => finish(new NwsError(ErrorCode.Timeout, `request to ${endpoint} timed out after ${timeoutMs} ms`)),
          timeoutMs,
        ),
      };
      this.pending.add(entry);
      // The responder runs in a microtask: request() never runs foreign code synchronously.
      queueMicrotask(() => {
        if (settled) return;
        record.recordLatency(this.now() - startedAt);
        try {
          const answer = responder(data);
          if (isThenable(answer)) answer.then((value) => finish(undefined, value), (error: unknown) => finish(NwsError.from(error)));
          else finish(undefined, answer);
        } catch (error) {
          finish(NwsError.from(error));
        }
      });
    });
  }

  /** Priority of the message being delivered right now (for adapters such as the bridge), else undefined. */
  currentPriority(): Priority | undefined {
    return this.busy && !this.isClosed ? PRIORITIES[this.currentRank] : undefined;
  }

  /** A snapshot of every counter; cheap enough to poll once a second. */
  metrics(): BusMetrics {
    const now = this.now();
    const topicMetrics: TopicMetrics[] = [];
    const totals = { ...this.forgotten };
    for (const record of this.records.values()) {
      topicMetrics.push(this.describe(record, now));
      totals.published += record.published;
      totals.delivered += record.delivered;
      totals.dropped += record.dropped;
      totals.errors += record.errors;
    }
    const queueDepth = {} as Record<Priority, number>;
    const droppedByPriority = {} as Record<Priority, number>;
    PRIORITIES.forEach((priority, rank) => {
      queueDepth[priority] = this.queues[rank]!.length;
      droppedByPriority[priority] = this.queues[rank]!.dropped;
    });
    return {
      bus: this.name,
      ts: Date.now(),
      published: totals.published,
      delivered: totals.delivered,
      dropped: totals.dropped,
      errors: totals.errors,
      publishedAfterClose: this.publishedAfterClose,
      subscriptions: this.subscriptionCount,
      responders: this.responders.size,
      pendingRequests: this.pending.size,
      queueDepth,
      droppedByPriority,
      topics: topicMetrics,
    };
  }

  /** Metrics of one topic, or undefined when it was never published (or was forgotten). */
  topicMetrics(topic: Topic<unknown> | Endpoint<unknown, unknown>): TopicMetrics | undefined {
    const record = this.recordIndex[topic];
    return record === undefined ? undefined : this.describe(record, this.now());
  }

  /**
   * Stops the bus: pending requests reject with CONNECTION_CLOSED, queued messages are dropped,
   * subscriptions end, later publishes are counted and ignored. Idempotent.
   */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.busy = true;
    clearInterval(this.rateTimer);
    for (const entry of [...this.pending]) {
      entry.reject(new NwsError(ErrorCode.ConnectionClosed, `bus ${this.name} closed before ${entry.endpoint} answered`));
    }
    for (const queue of this.queues) queue.clear();
    this.queuedTotal = 0;
    for (const list of this.exactSubscriptions.values()) for (const subscription of list) subscription.active = false;
    for (const subscription of this.wildcardSubscriptions) subscription.active = false;
    this.exactSubscriptions.clear();
    this.wildcardSubscriptions = [];
    this.subscriptionCount = 0;
    this.responders.clear();
    this.lastRecord = undefined;
    this.routeVersion += 1;
  }

  // --- delivery -------------------------------------------------------------------------------

  private deliver(record: TopicRecord, data: unknown, rank: PriorityRank, origin: unknown): void {
    if (record.routeVersion !== this.routeVersion) this.resolve(record);
    this.currentRank = rank;
    const sole = record.soleSubscriber;
    if (sole !== undefined && origin === undefined) {
      this.invoke(sole, data, record, rank);
      return;
    }
    const subscribers = record.subscribers;
    for (let index = 0; index < subscribers.length; index++) {
      const subscription = subscribers[index]!;
      // Inactive: disposed by a subscriber that ran earlier for this same message.
      if (!subscription.active || (origin !== undefined && subscription.skipOrigin === origin)) continue;
      this.invoke(subscription, data, record, rank);
    }
  }

  private invoke(subscription: Subscription, data: unknown, record: TopicRecord, rank: PriorityRank): void {
    try {
      const result: unknown = subscription.handler(data, record.topic);
      if (result !== undefined && isThenable(result)) this.watchAsync(result, subscription, record, rank);
    } catch (error) {
      this.reportSubscriberError('subscriber-threw', error, subscription, record, rank);
    }
  }

  /** Closed: count and ignore. Delivering (called from a handler): queue by priority. */
  private publishWhileBusy(topic: Topic<unknown>, data: unknown, options: PublishOptions | undefined): void {
    if (this.isClosed) {
      this.publishedAfterClose += 1;
      return;
    }
    const chosenRank = options === undefined ? TOPIC_DEFAULT : chosenRankOf(options);
    const record = this.recordOf(topic);
    const rank = chosenRank === TOPIC_DEFAULT ? record.defaultRank : chosenRank;
    const sampled = (record.published++ & this.sampleMask) === 0;
    this.enqueue(record, data, rank, options?.origin, sampled ? this.now() : NOT_SAMPLED);
  }

  private recordOf(topic: Topic<unknown>): TopicRecord {
    const last = this.lastRecord;
    if (last !== undefined && last.topic === topic) return last;
    const record = this.recordIndex[topic] ?? this.track(topic);
    this.lastRecord = record;
    return record;
  }

  private enqueue(record: TopicRecord, data: unknown, rank: PriorityRank, origin: unknown, stamp: number): void {
    const queue = this.queues[rank]!;
    const before = queue.length;
    queue.push(record, data, origin, stamp);
    this.queuedTotal += queue.length - before;
  }

  /** Delivers queued messages, highest priority first, until every queue is empty. */
  private drain(): void {
    const queues = this.queues;
    while (this.queuedTotal > 0 && !this.isClosed) {
      let rank = 0;
      while (queues[rank]!.length === 0) rank += 1;
      const queue = queues[rank]!;
      queue.shift();
      this.queuedTotal -= 1;
      const record = queue.takenRecord!;
      const payload = queue.takenPayload;
      const origin = queue.takenOrigin;
      const stamp = queue.takenStamp;
      queue.takenRecord = undefined;
      queue.takenPayload = undefined;
      queue.takenOrigin = undefined;
      if (stamp === stamp) record.recordLatency(this.now() - stamp); // NaN !== NaN: not sampled
      this.deliver(record, payload, rank as PriorityRank, origin);
    }
  }

  private watchAsync(result: PromiseLike<unknown>, subscription: Subscription, record: TopicRecord, rank: PriorityRank): void {
    result.then(undefined, (error: unknown) => {
      if (!this.isClosed) this.reportSubscriberError('subscriber-rejected', error, subscription, record, rank);
    });
  }

  private reportSubscriberError(
    kind: BusErrorKind,
    error: unknown,
    subscription: Subscription,
    record: TopicRecord,
    rank: PriorityRank,
  ): void {
    record.errors += 1;
    // A failing subscriber of bus.errors itself is only counted: reporting it would loop.
    if (record.topic === this.errorTopic) return;
    const event: BusErrorEvent = {
      kind,
      topic: record.topic,
      priority: PRIORITIES[rank],
      error: NwsError.from(error).toJSON(),
      ts: Date.now(),
    };
    if (subscription.name !== undefined) event.subscriber = subscription.name;
    this.publish(this.errorTopic, event);
  }

  // --- routing --------------------------------------------------------------------------------

  private track(topic: Topic<unknown>, isEndpoint = false): TopicRecord {
    const problem = topicProblem(topic);
    if (problem !== undefined) throw new NwsError(ErrorCode.InvalidArgument, `publish: ${problem}`);
    if (this.records.size >= this.config.maxTrackedTopics) this.forgetOldestTopic();
    const record = new TopicRecord(topic, priorityRank[defaultPriorityOf(topic)], isEndpoint, this.config.rateSlots);
    this.records.set(topic, record);
    this.recordIndex[topic] = record;
    return record;
  }

  /** Keeps memory bounded when topics are unbounded (e.g. one per job): totals survive, details go. */
  private forgetOldestTopic(): void {
    const oldest = this.records.values().next().value;
    if (oldest === undefined) return;
    this.records.delete(oldest.topic);
    delete this.recordIndex[oldest.topic];
    if (this.lastRecord === oldest) this.lastRecord = undefined;
    this.forgotten.published += oldest.published;
    this.forgotten.delivered += oldest.delivered;
    this.forgotten.dropped += oldest.dropped;
    this.forgotten.errors += oldest.errors;
  }

  private subscribersOf(record: TopicRecord): readonly Subscription[] {
    return record.routeVersion === this.routeVersion ? record.subscribers : this.resolve(record);
  }

  /** Exact subscribers plus matching wildcard ones, in subscription order. */
  private matchingSubscriptions(topic: string): Subscription[] {
    const found = new Set<Subscription>(this.exactSubscriptions.get(topic));
    if (this.wildcardSubscriptions.length > 0) {
      const segments = splitTopic(topic);
      for (const subscription of this.wildcardSubscriptions) {
        if (subscription.wildcards.some((wildcard) => matchesTopic(wildcard, segments))) found.add(subscription);
      }
    }
    return [...found].sort((a, b) => a.id - b.id);
  }

  /** Caches the matching subscriptions on the record until the next (un)subscribe. */
  private resolve(record: TopicRecord): readonly Subscription[] {
    record.subscribers = this.matchingSubscriptions(record.topic);
    record.soleSubscriber = record.subscribers.length === 1 ? record.subscribers[0] : undefined;
    record.routeVersion = this.routeVersion;
    return record.subscribers;
  }

  private unsubscribe(subscription: Subscription): void {
    if (!subscription.active) return;
    subscription.active = false;
    for (const exactTopic of subscription.exactTopics) {
      const remaining = (this.exactSubscriptions.get(exactTopic) ?? []).filter((each) => each !== subscription);
      if (remaining.length > 0) this.exactSubscriptions.set(exactTopic, remaining);
      else this.exactSubscriptions.delete(exactTopic);
    }
    if (subscription.wildcards.length > 0) {
      this.wildcardSubscriptions = this.wildcardSubscriptions.filter((each) => each !== subscription);
    }
    this.subscriptionCount -= 1;
    this.routeVersion += 1;
  }

  // --- metrics --------------------------------------------------------------------------------

  private sampleRates(): void {
    const now = this.now();
    const clock = this.rateClock;
    clock.slot = (clock.slot + 1) % clock.times.length;
    clock.times[clock.slot] = now;
    for (const record of this.records.values()) record.sampleRate(clock.slot);
  }

  private describe(record: TopicRecord, now: number): TopicMetrics {
    const clock = this.rateClock;
    const oldestSlot = (clock.slot + 1) % clock.times.length;
    return {
      topic: record.topic,
      published: record.published,
      delivered: record.delivered,
      dropped: record.dropped,
      errors: record.errors,
      queued: record.queued,
      subscribers: this.subscribersOf(record).length,
      ratePerSec: record.ratePerSec(oldestSlot, now - clock.times[oldestSlot]!),
      latencyMs: record.latencyMetrics(),
    };
  }

  private assertOpen(action: string): void {
    if (this.isClosed) throw new NwsError(ErrorCode.ConnectionClosed, `${action}: bus ${this.name} is closed`);
  }
}
