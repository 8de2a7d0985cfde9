import { z } from 'zod';
import { describeIssues, ErrorCode, isErrorShape, NwsError } from '../errors.js';
import type { FrameConnection } from './connection.js';
import {
  parseServerMessage,
  ReservedMethod,
  salvageMessageId,
  SubscribeResult,
  UnsubscribeResult,
  type ErrorPayload,
  type EventMessage,
  type MessageId,
  type ServerMessage,
} from './messages.js';
import { isMethodName, methodDefinition, type MethodName, type MethodParams, type MethodResult } from './methods.js';

export interface CallOptions {
  /** Rejects with TIMEOUT after this many ms; the late answer is ignored. Default: the client's. */
  timeoutMs?: number;
}

/** Params may be left out when the method has no required ones (`client.call('system.ping')`). */
export type CallArgs<M extends MethodName> = {} extends MethodParams<M>
  ? [params?: MethodParams<M>, options?: CallOptions]
  : [params: MethodParams<M>, options?: CallOptions];

/** One bus message delivered to a subscription. */
export interface ProtocolEvent {
  readonly topic: string;
  readonly data: unknown;
}

export type ProtocolEventHandler = (event: ProtocolEvent) => void;

/** Stops a subscription: delivery stops at once, the promise settles when the server confirms. */
export type DisposeSubscription = () => Promise<void>;

export const ProtocolClientConfig = z.strictObject({
  defaultTimeoutMs: z.int().min(1).max(24 * 60 * 60 * 1000).default(30_000),
  /** Check each result against the method table (strips unknown fields, applies defaults). */
  validateResults: z.boolean().default(true),
});
export type ProtocolClientConfig = Readonly<z.output<typeof ProtocolClientConfig>>;

export interface ProtocolClientOptions extends Partial<z.input<typeof ProtocolClientConfig>> {
  /** Where an exception thrown by a subscription handler goes; default console.error. */
  readonly onHandlerError?: (error: unknown, event: ProtocolEvent) => void;
}

interface PendingCall {
  readonly method: string;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: NwsError) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * Typed caller of the method table over any FrameConnection. Isomorphic: the renderer, the CLI
 * and tests use this same class whatever the transport.
 */
export class ProtocolClient {
  readonly config: ProtocolClientConfig;
  private readonly connection: FrameConnection;
  private readonly pending = new Map<number, PendingCall>();
  private readonly subscriptions = new Map<string, ProtocolEventHandler>();
  private readonly onHandlerError: (error: unknown, event: ProtocolEvent) => void;
  private nextId = 1;

  constructor(connection: FrameConnection, options: ProtocolClientOptions = {}) {
    const { onHandlerError, ...config } = options;
    const parsed = ProtocolClientConfig.safeParse(config);
    if (!parsed.success) {
      throw new NwsError(ErrorCode.InvalidConfig, `ProtocolClient config: ${describeIssues(parsed.error.issues)}`);
    }
    this.config = Object.freeze(parsed.data);
    this.connection = connection;
    this.onHandlerError = onHandlerError ?? ((error, event) => console.error(`subscription handler failed on ${event.topic}`, error));
    connection.onFrame((frame) => this.receive(frame));
    connection.onClose(() => this.failEverything());
  }

  get isOpen(): boolean {
    return this.connection.isOpen;
  }

  /** Calls a method of the table; rejects with an NwsError carrying the server's code. */
  call<M extends MethodName>(method: M, ...args: CallArgs<M>): Promise<MethodResult<M>> {
    const [params, options] = args;
    return this.request(method, params ?? {}, options?.timeoutMs) as Promise<MethodResult<M>>;
  }

  /** Receives every bus message whose topic matches `pattern` until the returned function is called. */
  async subscribe(pattern: string, handler: ProtocolEventHandler): Promise<DisposeSubscription> {
    let subscriptionId = '';
    // Registered the moment the result frame is read: the first event may be the very next frame.
    await this.request(ReservedMethod.Subscribe, { pattern }, undefined, (result) => {
      subscriptionId = SubscribeResult.parse(result).subscriptionId;
      this.subscriptions.set(subscriptionId, handler);
    });
    return async () => {
      if (!this.subscriptions.delete(subscriptionId) || !this.connection.isOpen) return;
      try {
        UnsubscribeResult.parse(await this.request(ReservedMethod.Unsubscribe, { subscriptionId }));
      } catch (error) {
        if (!NwsError.is(error, ErrorCode.ConnectionClosed)) throw error;
      }
    };
  }

  /** Closes the connection; pending calls reject with CONNECTION_CLOSED. */
  close(): void {
    this.connection.close();
  }

  onClose(listener: () => void): () => void {
    return this.connection.onClose(listener);
  }

  private request(method: string, params: unknown, timeoutMs = this.config.defaultTimeoutMs, onResult?: (result: unknown) => void): Promise<unknown> {
    if (!this.connection.isOpen) {
      return Promise.reject(new NwsError(ErrorCode.ConnectionClosed, `cannot call ${method}: the connection is closed`));
    }
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new NwsError(ErrorCode.Timeout, `${method} got no answer within ${timeoutMs} ms`, { method, timeoutMs }));
      }, timeoutMs);
      const settle = (result: unknown): void => {
        try {
          onResult?.(result);
        } catch (error) {
          const reason = error instanceof z.ZodError ? describeIssues(error.issues) : String(error);
          reject(new NwsError(ErrorCode.InvalidMessage, `result of ${method} is malformed: ${reason}`));
          return;
        }
        resolve(result);
      };
      this.pending.set(id, { method, resolve: settle, reject, timer });
      try {
        this.connection.send(JSON.stringify({ id, method, params }));
      } catch (error) {
        this.takePending(id);
        reject(NwsError.from(error));
      }
    });
  }

  private receive(frame: unknown): void {
    const message = readServerMessage(frame);
    if ('invalid' in message) {
      // A broken answer to one of our calls fails that call now rather than at its timeout.
      const call = typeof message.id === 'number' ? this.takePending(message.id) : undefined;
      call?.reject(new NwsError(ErrorCode.InvalidMessage, `answer to ${call.method} is malformed: ${message.invalid}`));
      return;
    }
    if ('event' in message) this.deliver(message);
    else if ('error' in message) this.settleError(message.id, message.error);
    else this.settleResult(message.id, message.result);
  }

  private deliver(message: EventMessage): void {
    const handler = this.subscriptions.get(message.event);
    if (handler === undefined) return; // already disposed; the server has not seen it yet
    const event: ProtocolEvent = { topic: message.topic, data: message.data };
    try {
      handler(event);
    } catch (error) {
      this.onHandlerError(error, event);
    }
  }

  private settleResult(id: unknown, result: unknown): void {
    const call = typeof id === 'number' ? this.takePending(id) : undefined;
    if (call === undefined) return;
    if (!this.config.validateResults || !isMethodName(call.method)) {
      call.resolve(result);
      return;
    }
    const parsed = methodDefinition(call.method).result.safeParse(result);
    if (parsed.success) call.resolve(parsed.data);
    else {
      call.reject(
        new NwsError(ErrorCode.InvalidMessage, `result of ${call.method} does not match the method table: ${describeIssues(parsed.error.issues)}`),
      );
    }
  }

  private settleError(id: unknown, error: ErrorPayload): void {
    const call = typeof id === 'number' ? this.takePending(id) : undefined;
    if (call === undefined) return; // id null: the server could not read one of our frames
    call.reject(toNwsError(error));
  }

  private takePending(id: number): PendingCall | undefined {
    const call = this.pending.get(id);
    if (call === undefined) return undefined;
    this.pending.delete(id);
    clearTimeout(call.timer);
    return call;
  }

  private failEverything(): void {
    const calls = [...this.pending.keys()].map((id) => this.takePending(id)!);
    this.subscriptions.clear();
    for (const call of calls) {
      call.reject(new NwsError(ErrorCode.ConnectionClosed, `connection closed before ${call.method} was answered`, { method: call.method }));
    }
  }
}

type ReadMessage = ServerMessage | { readonly invalid: string; readonly id: MessageId | null };

function readServerMessage(frame: unknown): ReadMessage {
  if (typeof frame !== 'string') return { invalid: 'frame is not text', id: null };
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    return { invalid: 'frame is not JSON', id: null };
  }
  const parsed = parseServerMessage(value);
  return parsed.success ? parsed.data : { invalid: describeIssues(parsed.error.issues), id: salvageMessageId(value) };
}

/** A code this client does not know (a newer server) still rejects, as INTERNAL naming it. */
function toNwsError(error: ErrorPayload): NwsError {
  if (isErrorShape(error)) return new NwsError(error.code, error.message, error.details);
  return new NwsError(ErrorCode.Internal, `${error.code}: ${error.message}`, error.details);
}
