import { z } from 'zod';
import { parseTopicPattern, type TopicPattern } from '../bus/topics.js';
import type { Brand } from '../domain/brand.js';
import { describeIssues, ErrorCode, NwsError } from '../errors.js';
import type { FrameConnection, TransportKind } from './connection.js';
import { exceedsUtf8Bytes } from './frame-size.js';
import {
  CallMessage,
  ReservedMethod,
  salvageMessageId,
  SubscribeParams,
  UnsubscribeParams,
  type MessageId,
  type SubscribeResult,
  type UnsubscribeResult,
} from './messages.js';
import { isMethodName, methodDefinition, methodNames, type HandlerParams, type HandlerResult, type MethodName } from './methods.js';
import { closeNames } from './suggest.js';

/** Identifies one accepted connection for the lifetime of a ProtocolServer: `c1`, `c2`, ... */
export type ConnectionId = Brand<string, 'ConnectionId'>;

/** What a handler knows about its caller. */
export interface CallContext {
  readonly connectionId: ConnectionId;
  readonly transport: TransportKind;
}

export type MethodHandler<M extends MethodName> = (
  params: HandlerParams<M>,
  context: CallContext,
) => HandlerResult<M> | Promise<HandlerResult<M>>;

/** Handlers by method name; a method without one answers UNKNOWN_METHOD. */
export type MethodHandlers = { readonly [M in MethodName]?: MethodHandler<M> };

/**
 * The part of the MessageBus the protocol needs: subscriptions by wildcard pattern. A MessageBus
 * satisfies it as it is; patterns arrive already checked against the bus grammar.
 */
export interface ProtocolBus {
  subscribe(
    pattern: TopicPattern<unknown>,
    handler: (data: unknown, topic: string) => void,
    options?: { readonly name?: string },
  ): () => void;
}

export const ProtocolServerConfig = z.strictObject({
  /** Largest frame accepted, in UTF-8 bytes; larger ones get MESSAGE_TOO_LARGE before parsing. */
  maxMessageBytes: z.int().min(1024).max(256 * 1024 * 1024).default(1024 * 1024),
  /** Subscriptions one connection may hold at once; bounds what a misbehaving client can pin. */
  maxSubscriptionsPerConnection: z.int().min(1).max(1_000_000).default(1000),
});
export type ProtocolServerConfig = Readonly<z.output<typeof ProtocolServerConfig>>;

export interface ProtocolServerOptions extends Partial<z.input<typeof ProtocolServerConfig>> {
  readonly handlers?: MethodHandlers;
  /** Source of subscription events; without one, `subscribe` answers UNKNOWN_METHOD. */
  readonly bus?: ProtocolBus;
  /** Failures that cannot be sent to the client (an event that is not JSON, a broken transport). */
  readonly onError?: (error: NwsError, connectionId: ConnectionId) => void;
}

interface ServerConnection {
  readonly id: ConnectionId;
  readonly connection: FrameConnection;
  readonly context: CallContext;
  readonly subscriptions: Map<string, () => void>;
  nextSubscriptionNumber: number;
}

const reservedMethods: ReadonlyArray<string> = Object.values(ReservedMethod);

/** What dispatch produced: the result to send, and what must happen only once it is sent. */
interface Reply<R = unknown> {
  readonly result: R;
  readonly afterSend?: () => void;
}

/**
 * Serves the method table over any number of transport connections. Every frame is checked in
 * order (size, JSON, envelope, method, params) and any failure is answered with an error frame;
 * the connection stays up. A connection's subscriptions are removed when it closes.
 */
export class ProtocolServer {
  readonly config: ProtocolServerConfig;
  private readonly handlers = new Map<MethodName, MethodHandler<MethodName>>();
  private readonly connections = new Map<ConnectionId, ServerConnection>();
  private readonly bus: ProtocolBus | undefined;
  private readonly onError: (error: NwsError, connectionId: ConnectionId) => void;
  private nextConnectionNumber = 1;

  constructor(options: ProtocolServerOptions = {}) {
    const { handlers = {}, bus, onError, ...config } = options;
    const parsed = ProtocolServerConfig.safeParse(config);
    if (!parsed.success) {
      throw new NwsError(ErrorCode.InvalidConfig, `ProtocolServer config: ${describeIssues(parsed.error.issues)}`, {
        issues: parsed.error.issues,
      });
    }
    this.config = Object.freeze(parsed.data);
    this.bus = bus;
    this.onError = onError ?? (() => undefined);
    for (const [method, handler] of Object.entries(handlers)) {
      if (handler !== undefined) this.handle(method as MethodName, handler as MethodHandler<MethodName>);
    }
  }

  /** Registers the handler of one method; each method has exactly one. */
  handle<M extends MethodName>(method: M, handler: MethodHandler<M>): void {
    if (!isMethodName(method)) {
      const suggestions = closeNames(method, methodNames);
      throw new NwsError(ErrorCode.InvalidConfig, `cannot handle '${method}': not in the method table${hint(suggestions)}`);
    }
    if (this.handlers.has(method)) {
      throw new NwsError(ErrorCode.Conflict, `method '${method}' already has a handler`);
    }
    this.handlers.set(method, handler as unknown as MethodHandler<MethodName>);
  }

  /** Starts serving one transport connection. */
  accept(connection: FrameConnection): ConnectionId {
    const id = `c${this.nextConnectionNumber++}` as ConnectionId;
    const served: ServerConnection = {
      id,
      connection,
      context: Object.freeze({ connectionId: id, transport: connection.transport }),
      subscriptions: new Map(),
      nextSubscriptionNumber: 1,
    };
    this.connections.set(id, served);
    connection.onFrame((frame) => void this.receive(served, frame));
    connection.onClose(() => this.release(served));
    return id;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Live subscriptions over all connections; 0 once every connection has closed. */
  get subscriptionCount(): number {
    let count = 0;
    for (const served of this.connections.values()) count += served.subscriptions.size;
    return count;
  }

  /** Closes every connection (which removes their subscriptions). */
  close(): void {
    for (const served of [...this.connections.values()]) served.connection.close();
  }

  private release(served: ServerConnection): void {
    for (const dispose of served.subscriptions.values()) dispose();
    served.subscriptions.clear();
    this.connections.delete(served.id);
  }

  private async receive(served: ServerConnection, frame: unknown): Promise<void> {
    let id: MessageId | null = null;
    try {
      const call = this.readCall(frame);
      id = call.id;
      const reply = await this.dispatch(served, call);
      this.sendResult(served, id, call.method, reply.result);
      reply.afterSend?.();
    } catch (error) {
      if (id === null && error instanceof EnvelopeError) id = error.id;
      this.sendError(served, id, toWireError(error));
    }
  }

  /** Size, then JSON, then envelope: the cheapest check that can refuse a frame runs first. */
  private readCall(frame: unknown): CallMessage {
    if (typeof frame !== 'string') {
      throw new NwsError(ErrorCode.InvalidMessage, `frames must be JSON text, got ${describeFrame(frame)}`);
    }
    const limit = this.config.maxMessageBytes;
    if (exceedsUtf8Bytes(frame, limit)) {
      throw new NwsError(ErrorCode.MessageTooLarge, `frame is larger than the ${limit}-byte limit`, { maxMessageBytes: limit });
    }
    let value: unknown;
    try {
      value = JSON.parse(frame);
    } catch (error) {
      throw new NwsError(ErrorCode.ParseError, `frame is not valid JSON: ${(error as Error).message}`);
    }
    const parsed = CallMessage.safeParse(value);
    if (!parsed.success) {
      throw new EnvelopeError(salvageMessageId(value), `not a call {id, method, params}: ${describeIssues(parsed.error.issues)}`);
    }
    return parsed.data;
  }

  private async dispatch(served: ServerConnection, call: CallMessage): Promise<Reply> {
    const params = call.params ?? {};
    if (call.method === ReservedMethod.Subscribe) return this.subscribe(served, parseParams(call.method, SubscribeParams, params));
    if (call.method === ReservedMethod.Unsubscribe) {
      return { result: this.unsubscribe(served, parseParams(call.method, UnsubscribeParams, params)) };
    }
    const handler = isMethodName(call.method) ? this.handlers.get(call.method) : undefined;
    if (handler === undefined) throw this.unknownMethod(call.method);
    const definition = methodDefinition(call.method as MethodName);
    const result = await handler(parseParams(call.method, definition.params, params) as HandlerParams<MethodName>, served.context);
    return { result };
  }

  private unknownMethod(method: string): NwsError {
    const served = [...this.handlers.keys(), ...(this.bus ? reservedMethods : [])];
    const suggestions = closeNames(method, served);
    const reason = isMethodName(method) ? 'is not served by this host' : 'is not a method';
    return new NwsError(ErrorCode.UnknownMethod, `'${method}' ${reason}${hint(suggestions)}`, { method, suggestions });
  }

  private subscribe(served: ServerConnection, params: SubscribeParams): Reply<SubscribeResult> {
    if (this.bus === undefined) throw this.unknownMethod(ReservedMethod.Subscribe);
    const limit = this.config.maxSubscriptionsPerConnection;
    if (served.subscriptions.size >= limit) {
      throw new NwsError(ErrorCode.InvalidParams, `this connection already holds ${limit} subscriptions, the most allowed`);
    }
    const subscriptionId = `s${served.nextSubscriptionNumber++}`;
    // Events the bus delivers before the result is on its way would overtake it; hold them.
    let held: Array<[unknown, string]> | null = [];
    const pattern = readPattern(params.pattern);
    const dispose = this.bus.subscribe(
      pattern,
      (data, topic) => {
        if (held !== null) held.push([data, topic]);
        else this.sendEvent(served, subscriptionId, topic, data);
      },
      { name: `protocol:${served.id}:${subscriptionId}` },
    );
    served.subscriptions.set(subscriptionId, dispose);
    const releaseHeldEvents = (): void => {
      const pending = held ?? [];
      held = null;
      for (const [data, topic] of pending) this.sendEvent(served, subscriptionId, topic, data);
    };
    return { result: { subscriptionId }, afterSend: releaseHeldEvents };
  }

  private unsubscribe(served: ServerConnection, params: UnsubscribeParams): UnsubscribeResult {
    const dispose = served.subscriptions.get(params.subscriptionId);
    if (dispose === undefined) {
      throw new NwsError(ErrorCode.NotFound, `no subscription '${params.subscriptionId}' on this connection`);
    }
    served.subscriptions.delete(params.subscriptionId);
    dispose();
    return { subscriptionId: params.subscriptionId };
  }

  private sendResult(served: ServerConnection, id: MessageId, method: string, result: unknown): void {
    let frame: string;
    try {
      // undefined would drop the key and leave a frame the client cannot match; send null instead.
      frame = JSON.stringify({ id, result: result === undefined ? null : result });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.sendError(served, id, new NwsError(ErrorCode.Internal, `result of ${method} is not JSON-serializable: ${reason}`));
      return;
    }
    this.send(served, frame);
  }

  private sendError(served: ServerConnection, id: MessageId | null, error: NwsError): void {
    let frame: string;
    try {
      frame = JSON.stringify({ id, error: error.toJSON() });
    } catch {
      // details a handler attached may not serialise (BigInt, cycles); the code and message always do.
      frame = JSON.stringify({ id, error: { code: error.code, message: error.message } });
    }
    this.send(served, frame);
  }

  private sendEvent(served: ServerConnection, subscriptionId: string, topic: string, data: unknown): void {
    if (!served.subscriptions.has(subscriptionId)) return; // unsubscribed while events were held
    let frame: string;
    try {
      frame = JSON.stringify({ event: subscriptionId, topic, data });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.onError(new NwsError(ErrorCode.Internal, `event on '${topic}' is not JSON-serializable, dropped: ${reason}`), served.id);
      return;
    }
    this.send(served, frame);
  }

  private send(served: ServerConnection, frame: string): void {
    // A reply to a call whose connection closed meanwhile has nowhere to go.
    if (!served.connection.isOpen) return;
    try {
      served.connection.send(frame);
    } catch (error) {
      this.onError(NwsError.from(error), served.id);
    }
  }
}

/** An envelope failure that still carries the frame's id, when it had a usable one. */
class EnvelopeError extends NwsError {
  constructor(
    readonly id: MessageId | null,
    message: string,
  ) {
    super(ErrorCode.InvalidMessage, message);
  }
}

/** The bus's pattern grammar decides; its refusal is a bad `pattern` param of this call. */
function readPattern(raw: string): TopicPattern<unknown> {
  try {
    return parseTopicPattern(raw);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new NwsError(ErrorCode.InvalidParams, `invalid params for subscribe: pattern: ${reason}`, {
      issues: [{ path: ['pattern'], message: reason }],
    });
  }
}

function parseParams<S extends z.ZodType>(method: string, schema: S, params: unknown): z.output<S> {
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message }));
  throw new NwsError(ErrorCode.InvalidParams, `invalid params for ${method}: ${describeIssues(parsed.error.issues)}`, { issues });
}

/** Errors a handler throws keep their code; anything else is INTERNAL with its message kept. */
function toWireError(error: unknown): NwsError {
  if (error instanceof EnvelopeError) return new NwsError(error.code, error.message);
  if (error instanceof NwsError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new NwsError(ErrorCode.Internal, `internal error: ${message}`);
}

function hint(suggestions: ReadonlyArray<string>): string {
  return suggestions.length === 0 ? '' : `; did you mean ${suggestions.map((name) => `'${name}'`).join(', ')}?`;
}

function describeFrame(frame: unknown): string {
  if (frame === null) return 'null';
  if (typeof frame !== 'object') return typeof frame;
  return frame.constructor?.name ?? 'object';
}
