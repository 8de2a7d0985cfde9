/**
 * BusBridge joins two MessageBus instances across a MessagePort (main thread ↔ worker thread,
 * Electron main ↔ renderer). Create one bridge on each side of the port.
 *
 * Each side declares what it wants with `want(patterns)`: the other side subscribes to those
 * patterns on its bus and forwards every matching message. Messages are micro-batched: they
 * collect in arrays and are posted once per tick (or every `maxBatch` messages), which is what
 * makes millions of messages per second possible over structured clone. A critical message flushes
 * the batch at once. Order is kept: messages arrive in the order they were published.
 *
 * A message received from the port is published on the local bus tagged with this bridge's
 * origin, so it is never forwarded back where it came from (no echo loops).
 *
 * `useRemoteEndpoint(endpoint)` makes a responder on the other side answer `bus.request` here.
 *
 * Isomorphic: the port is structural (`BridgePort`), nothing here imports node:.
 */
import { ErrorCode, NwsError, isErrorShape } from '../errors.js';
import type { Disposer, MessageBus, PublishOptions } from './message-bus.js';
import type { BusErrorEvent } from './payloads.js';
import { PRIORITIES, priorityRank } from './priority.js';
import { type Endpoint, type Topic, type TopicPattern, parseEndpoint, parseTopicPattern, topics } from './topics.js';

/** Listeners take `unknown` so every runtime's listener signature fits. */
type PortListener = (messageOrEvent: unknown) => void;

/**
 * What the bridge needs of a port (a structural MessagePort). Node's `MessagePort`, `Worker` and
 * `parentPort` (EventEmitter `on`/`off`, passing the posted value), Electron's `MessagePortMain`
 * (`on`, passing `{data}`) and the DOM `MessagePort` (`addEventListener` + `start`, passing a
 * MessageEvent) all fit. Named apart from the protocol's `BridgePort`, which carries strings.
 */
export interface BridgePort {
  postMessage(message: unknown): void;
  on?(event: 'message', listener: PortListener): unknown;
  off?(event: 'message', listener: PortListener): unknown;
  addEventListener?(type: 'message', listener: PortListener): unknown;
  removeEventListener?(type: 'message', listener: PortListener): unknown;
  start?(): void;
}

export interface BusBridgeOptions {
  /** Names this side in errors and stats (e.g. `main`, `worker-1`). */
  name?: string;
  /** Messages per posted batch at most; a full batch is posted at once. */
  maxBatch?: number;
}

export interface BusBridgeStats {
  messagesSent: number;
  batchesSent: number;
  messagesReceived: number;
  batchesReceived: number;
  /** Malformed frames and messages that could not be published locally. */
  errors: number;
  /** Patterns the other side currently wants from us. */
  remoteWants: string[];
}

/** Every frame carries this tag so a bridge ignores other traffic sharing the port. */
const TAG = '__nwsBus';

type Frame =
  | { [TAG]: 1; kind: 'want'; id: number; patterns: string[] }
  | { [TAG]: 1; kind: 'wanted'; id: number; error?: unknown }
  | { [TAG]: 1; kind: 'unwant'; id: number }
  /** Topics are sent once per batch in `topics`; `topicRefs[i]` indexes the topic of message i. */
  | { [TAG]: 1; kind: 'batch'; topics: string[]; topicRefs: Uint32Array; payloads: unknown[]; priorities: Uint8Array }
  | { [TAG]: 1; kind: 'request'; id: number; endpoint: string; data: unknown; timeoutMs: number }
  | { [TAG]: 1; kind: 'response'; id: number; ok: boolean; data: unknown }
  | { [TAG]: 1; kind: 'close' };

type FrameOf<K extends Frame['kind']> = Extract<Frame, { kind: K }>;

interface Pending<T> {
  resolve: (value: T) => void;
  reject: (error: NwsError) => void;
}

const DEFAULT_MAX_BATCH = 4_096;

function isFrame(value: unknown): value is Frame {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[TAG] === 1;
}

/** The frame itself (Node `on`) or inside `.data` (MessageEvent, Electron); undefined for others' traffic. */
function frameIn(messageOrEvent: unknown): Frame | undefined {
  if (isFrame(messageOrEvent)) return messageOrEvent;
  const data = (messageOrEvent as { data?: unknown } | null)?.data;
  return isFrame(data) ? data : undefined;
}
const CRITICAL_RANK = priorityRank.critical;

export class BusBridge {
  readonly name: string;
  private readonly maxBatch: number;
  /** Tag of messages this bridge publishes locally; the forwarding subscription skips them. */
  private readonly origin = Symbol('bus-bridge');
  private readonly publishOptions: readonly PublishOptions[];
  private readonly listener: PortListener = (messageOrEvent) => this.onFrame(messageOrEvent);

  private remoteWants = new Map<number, readonly string[]>();
  private forwarding: Disposer | undefined;
  private outTopics: string[] = [];
  private outTopicRef = new Map<string, number>();
  private lastTopic: string | undefined;
  private lastTopicRef = 0;
  private readonly outTopicRefs: Uint32Array;
  private outPayloads: unknown[] = [];
  private readonly outPriorities: Uint8Array;
  private flushScheduled = false;

  private nextId = 1;
  private readonly pendingWants = new Map<number, Pending<void>>();
  private readonly pendingCalls = new Map<number, Pending<unknown>>();
  private readonly remoteEndpoints = new Map<string, Disposer>();

  private readonly counters = { messagesSent: 0, batchesSent: 0, messagesReceived: 0, batchesReceived: 0, errors: 0 };
  private isClosed = false;

  constructor(
    private readonly bus: MessageBus,
    private readonly port: BridgePort,
    options: BusBridgeOptions = {},
  ) {
    this.name = options.name ?? `bridge:${bus.name}`;
    const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    if (!Number.isInteger(maxBatch) || maxBatch < 1) {
      throw new NwsError(ErrorCode.InvalidArgument, `BusBridge maxBatch must be a positive integer, got ${String(maxBatch)}`);
    }
    this.maxBatch = maxBatch;
    this.outPriorities = new Uint8Array(maxBatch);
    this.outTopicRefs = new Uint32Array(maxBatch);
    this.publishOptions = PRIORITIES.map((priority) => Object.freeze({ priority, origin: this.origin }));
    if (typeof port.on === 'function') {
      port.on('message', this.listener);
    } else if (typeof port.addEventListener === 'function') {
      port.addEventListener('message', this.listener);
      port.start?.();
    } else {
      throw new NwsError(ErrorCode.InvalidArgument, 'BusBridge port has neither on(message) nor addEventListener(message)');
    }
  }

  /**
   * Asks the other side to forward every message matching `patterns`. Resolves once the other side
   * has subscribed (messages published there after that are guaranteed to arrive); the disposer
   * stops the forwarding.
   */
  want(patterns: TopicPattern<unknown> | readonly TopicPattern<unknown>[]): Promise<Disposer> {
    if (this.isClosed) return Promise.reject(this.closedError('want'));
    const list = typeof patterns === 'string' ? [patterns] : [...patterns];
    try {
      if (list.length === 0) throw new NwsError(ErrorCode.InvalidArgument, 'BusBridge.want needs at least one pattern');
      list.forEach((pattern) => parseTopicPattern(pattern));
    } catch (error) {
      return Promise.reject(NwsError.from(error));
    }
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.pendingWants.set(id, { resolve, reject });
      this.send({ [TAG]: 1, kind: 'want', id, patterns: list });
    }).then(() => {
      let disposed = false;
      return () => {
        if (disposed || this.isClosed) return;
        disposed = true;
        this.send({ [TAG]: 1, kind: 'unwant', id });
      };
    });
  }

  /**
   * Registers a local responder for `endpoint` that forwards each request to the other side's bus,
   * so `bus.request(endpoint, ...)` here is answered by the responder over there.
   */
  useRemoteEndpoint<Req, Res>(endpoint: Endpoint<Req, Res>): Disposer {
    if (this.isClosed) throw this.closedError('useRemoteEndpoint');
    const unregister = this.bus.respond(endpoint, (request: Req) => this.callRemote(endpoint, request) as Promise<Res>);
    this.remoteEndpoints.set(endpoint, unregister);
    return () => {
      unregister();
      this.remoteEndpoints.delete(endpoint);
    };
  }

  stats(): BusBridgeStats {
    return { ...this.counters, remoteWants: [...new Set([...this.remoteWants.values()].flat())] };
  }

  /**
   * Posts what is batched, tells the other side we are gone, stops forwarding and listening, and
   * rejects pending `want`s and remote requests with CONNECTION_CLOSED. Idempotent.
   */
  close(): void {
    if (this.isClosed) return;
    this.flush();
    this.send({ [TAG]: 1, kind: 'close' });
    this.shutDown(this.closedError('pending call'));
  }

  get closed(): boolean {
    return this.isClosed;
  }

  // --- outgoing -------------------------------------------------------------------------------

  private readonly forward = (data: unknown, topic: Topic<unknown>): void => {
    const index = this.outPayloads.length;
    this.outPayloads.push(data);
    this.outTopicRefs[index] = topic === this.lastTopic ? this.lastTopicRef : this.topicRef(topic);
    const rank = priorityRank[this.bus.currentPriority() ?? 'normal'];
    this.outPriorities[index] = rank;
    if (rank === CRITICAL_RANK || index + 1 >= this.maxBatch) {
      this.flush();
    } else if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(this.scheduledFlush);
    }
  };

  /** Index of `topic` in this batch's topic table, adding it the first time. */
  private topicRef(topic: string): number {
    let ref = this.outTopicRef.get(topic);
    if (ref === undefined) {
      ref = this.outTopics.length;
      this.outTopics.push(topic);
      this.outTopicRef.set(topic, ref);
    }
    this.lastTopic = topic;
    this.lastTopicRef = ref;
    return ref;
  }

  private readonly scheduledFlush = (): void => {
    this.flushScheduled = false;
    this.flush();
  };

  private flush(): void {
    const count = this.outPayloads.length;
    if (count === 0 || this.isClosed) return;
    const frame: FrameOf<'batch'> = {
      [TAG]: 1,
      kind: 'batch',
      topics: this.outTopics,
      topicRefs: this.outTopicRefs.slice(0, count),
      payloads: this.outPayloads,
      priorities: this.outPriorities.slice(0, count),
    };
    this.resetBatch();
    if (this.post(frame) === undefined) {
      this.counters.messagesSent += count;
      this.counters.batchesSent += 1;
    } else {
      this.resendOneByOne(frame);
    }
  }

  /** A batch failed to clone: post its messages singly so one bad payload loses only itself. */
  private resendOneByOne(batch: FrameOf<'batch'>): void {
    for (let index = 0; index < batch.payloads.length; index++) {
      const topic = batch.topics[batch.topicRefs[index]!]!;
      const single: FrameOf<'batch'> = {
        [TAG]: 1,
        kind: 'batch',
        topics: [topic],
        topicRefs: new Uint32Array(1),
        payloads: [batch.payloads[index]],
        priorities: batch.priorities.slice(index, index + 1),
      };
      const error = this.post(single);
      if (error === undefined) {
        this.counters.messagesSent += 1;
        this.counters.batchesSent += 1;
      } else {
        this.reportError(topic, new NwsError(ErrorCode.InvalidValue, `${this.name} could not send a message on ${topic}: ${error.message}`));
      }
    }
  }

  private resetBatch(): void {
    this.outTopics = [];
    this.outTopicRef = new Map();
    this.lastTopic = undefined;
    this.outPayloads = [];
  }

  /** Re-subscribes once over the union of everything the other side wants (delivered once each). */
  private updateForwarding(): void {
    this.forwarding?.();
    this.forwarding = undefined;
    const wanted = [...new Set([...this.remoteWants.values()].flat())] as TopicPattern<unknown>[];
    if (wanted.length === 0 || this.bus.closed) return;
    this.forwarding = this.bus.subscribe(wanted, this.forward, { name: this.name, skipOrigin: this.origin });
  }

  private callRemote(endpoint: string, data: unknown): Promise<unknown> {
    if (this.isClosed) return Promise.reject(this.closedError(`request to ${endpoint}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pendingCalls.set(id, { resolve, reject });
      const error = this.post({ [TAG]: 1, kind: 'request', id, endpoint, data, timeoutMs: this.bus.config.requestTimeoutMs });
      if (error !== undefined) {
        this.pendingCalls.delete(id);
        reject(new NwsError(ErrorCode.InvalidParams, `request to ${endpoint} could not be sent to ${this.name}'s other side: ${error.message}`));
      }
    });
  }

  /** Posts a frame; returns why it could not be cloned or posted, if so (a function in a payload...). */
  private post(frame: Frame): NwsError | undefined {
    try {
      this.port.postMessage(frame);
      return undefined;
    } catch (error) {
      return NwsError.from(error);
    }
  }

  /** Control frames hold only our own plain data: a failure here is reported, not expected. */
  private send(frame: Frame): void {
    const error = this.post(frame);
    if (error !== undefined) this.reportError('', error);
  }

  // --- incoming -------------------------------------------------------------------------------

  private onFrame(messageOrEvent: unknown): void {
    const frame = frameIn(messageOrEvent);
    if (frame === undefined) return;
    switch (frame.kind) {
      case 'batch':
        return this.onBatch(frame);
      case 'want':
        return this.onWant(frame);
      case 'wanted':
        return this.onWanted(frame);
      case 'unwant':
        this.remoteWants.delete(frame.id);
        return this.updateForwarding();
      case 'request':
        return this.onRequest(frame);
      case 'response':
        return this.onResponse(frame);
      case 'close':
        return this.shutDown(new NwsError(ErrorCode.ConnectionClosed, `the other side of ${this.name} closed its bridge`));
      default:
        this.reportError('', new NwsError(ErrorCode.InvalidMessage, `${this.name} got a frame of unknown kind ${JSON.stringify((frame as { kind?: unknown }).kind)}`));
    }
  }

  private onBatch(frame: FrameOf<'batch'>): void {
    const { topics: topicTable, topicRefs, payloads, priorities } = frame;
    if (
      !Array.isArray(topicTable) ||
      !Array.isArray(payloads) ||
      !(topicRefs instanceof Uint32Array) ||
      !(priorities instanceof Uint8Array) ||
      topicRefs.length !== payloads.length ||
      priorities.length !== payloads.length
    ) {
      this.reportError('', new NwsError(ErrorCode.InvalidMessage, `${this.name} got a malformed batch`));
      return;
    }
    this.counters.batchesReceived += 1;
    this.counters.messagesReceived += payloads.length;
    const bus = this.bus;
    const normal = this.publishOptions[priorityRank.normal]!;
    for (let index = 0; index < payloads.length; index++) {
      const topic = topicTable[topicRefs[index]!] as Topic<unknown>;
      try {
        // bus.publish validates a topic string the first time it sees it (an undefined one too).
        bus.publish(topic, payloads[index], this.publishOptions[priorities[index]!] ?? normal);
      } catch (error) {
        this.reportError(String(topic), error);
      }
    }
  }

  private onWant(frame: FrameOf<'want'>): void {
    try {
      if (!Array.isArray(frame.patterns) || frame.patterns.length === 0) {
        throw new NwsError(ErrorCode.InvalidMessage, 'want frame without patterns');
      }
      frame.patterns.forEach((pattern) => parseTopicPattern(pattern));
      this.remoteWants.set(frame.id, Object.freeze([...frame.patterns]));
      this.updateForwarding();
      this.send({ [TAG]: 1, kind: 'wanted', id: frame.id });
    } catch (error) {
      this.send({ [TAG]: 1, kind: 'wanted', id: frame.id, error: NwsError.from(error).toJSON() });
    }
  }

  private onWanted(frame: FrameOf<'wanted'>): void {
    const pending = this.pendingWants.get(frame.id);
    if (pending === undefined) return;
    this.pendingWants.delete(frame.id);
    if (frame.error === undefined) pending.resolve();
    else pending.reject(NwsError.from(frame.error));
  }

  private onRequest(frame: FrameOf<'request'>): void {
    const reply = (ok: boolean, data: unknown) => {
      const error = this.post({ [TAG]: 1, kind: 'response', id: frame.id, ok, data });
      // An answer that cannot be cloned still gets the caller a reply, not a timeout.
      if (error !== undefined) {
        this.send({
          [TAG]: 1,
          kind: 'response',
          id: frame.id,
          ok: false,
          data: new NwsError(ErrorCode.Internal, `the answer of ${frame.endpoint} could not be sent back: ${error.message}`).toJSON(),
        });
      }
    };
    let endpoint: Endpoint<unknown, unknown>;
    try {
      endpoint = parseEndpoint(frame.endpoint);
    } catch (error) {
      reply(false, NwsError.from(error).toJSON());
      return;
    }
    this.bus.request(endpoint, frame.data, { timeoutMs: frame.timeoutMs }).then(
      (answer) => reply(true, answer),
      (error: unknown) => reply(false, NwsError.from(error).toJSON()),
    );
  }

  private onResponse(frame: FrameOf<'response'>): void {
    const pending = this.pendingCalls.get(frame.id);
    if (pending === undefined) return;
    this.pendingCalls.delete(frame.id);
    if (frame.ok) pending.resolve(frame.data);
    else pending.reject(isErrorShape(frame.data) ? NwsError.from(frame.data) : new NwsError(ErrorCode.Internal, 'remote request failed'));
  }

  // --- shared ---------------------------------------------------------------------------------

  /** Both our close() and the other side's end here: nothing more is sent, received or pending. */
  private shutDown(reason: NwsError): void {
    this.isClosed = true;
    // Detaching matters in Node: a port with a message listener keeps the thread alive.
    if (typeof this.port.off === 'function') this.port.off('message', this.listener);
    else this.port.removeEventListener?.('message', this.listener);
    this.remoteWants.clear();
    this.forwarding?.();
    this.forwarding = undefined;
    this.resetBatch();
    for (const unregister of this.remoteEndpoints.values()) unregister();
    this.remoteEndpoints.clear();
    for (const pending of [...this.pendingWants.values(), ...this.pendingCalls.values()]) pending.reject(reason);
    this.pendingWants.clear();
    this.pendingCalls.clear();
  }

  private reportError(topic: string, error: unknown): void {
    this.counters.errors += 1;
    if (this.bus.closed) return;
    const event: BusErrorEvent = { kind: 'bridge', topic, subscriber: this.name, error: NwsError.from(error).toJSON(), ts: Date.now() };
    this.bus.publish(topics.busErrors(), event);
  }

  private closedError(action: string): NwsError {
    return new NwsError(ErrorCode.ConnectionClosed, `${action}: bridge ${this.name} is closed`);
  }
}
