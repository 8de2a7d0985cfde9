/**
 * The one conformance suite every transport must pass. A transport's test file calls
 * `defineProtocolConformance` with a factory that connects clients to the given server over that
 * transport; the same checks then run over in-process, MessagePort and WebSocket.
 *
 * vitest is passed in (only its types are imported) so this file stays importable from the
 * isomorphic core without pulling the test runner into a browser bundle.
 */
import type * as Vitest from 'vitest';
import { MessageBus } from '../bus/message-bus.js';
import { patterns, topics } from '../bus/topics.js';
import { strategyId } from '../domain/ids.js';
import { ErrorCode, NwsError } from '../errors.js';
import { ProtocolClient } from './client.js';
import type { FrameConnection, TransportKind } from './connection.js';
import { parseServerMessage, type ServerMessage } from './messages.js';
import { ProtocolServer, type MethodHandlers } from './server.js';
import { createSystemHandlers } from './system-handlers.js';

export interface VitestApi {
  readonly describe: typeof Vitest.describe;
  readonly it: typeof Vitest.it;
  readonly expect: typeof Vitest.expect;
  readonly beforeEach: typeof Vitest.beforeEach;
  readonly afterEach: typeof Vitest.afterEach;
}

export interface ConformanceSetup {
  readonly protocolServer: ProtocolServer;
  /** The server's frame limit; a transport with its own limit must set it above this one. */
  readonly maxMessageBytes: number;
}

export interface ConformanceTransport {
  /** Opens one more client-side connection to the server. */
  connect(): Promise<FrameConnection>;
  /** Releases whatever the factory created (sockets, ports, http server). */
  dispose(): Promise<void>;
}

export type ConformanceTransportFactory = (setup: ConformanceSetup) => Promise<ConformanceTransport>;

export interface ConformanceOptions {
  readonly transport: TransportKind;
  readonly factory: ConformanceTransportFactory;
  readonly vitest: VitestApi;
}

/** Small enough to make oversized frames cheap; the default limit is tested in server tests. */
const conformanceMaxMessageBytes = 16 * 1024;
const engines = [
  { name: 'storage', status: 'running' },
  { name: 'marketdata', status: 'ready' },
] as const;

interface Fixture {
  readonly bus: MessageBus;
  readonly server: ProtocolServer;
  readonly transport: ConformanceTransport;
  readonly connection: FrameConnection;
  readonly client: ProtocolClient;
}

export function defineProtocolConformance({ transport, factory, vitest }: ConformanceOptions): void {
  const { describe, it, expect, beforeEach, afterEach } = vitest;
  let fixture: Fixture;

  /** Every error case ends with this: the same connection still answers. */
  async function expectStillServing(): Promise<void> {
    await expect(fixture.client.call('system.echo', { text: 'still here' })).resolves.toEqual({ text: 'still here' });
  }

  async function expectRejection(promise: Promise<unknown>, code: ErrorCode): Promise<NwsError> {
    const error = await promise.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(NwsError);
    expect((error as NwsError).code).toBe(code);
    return error as NwsError;
  }

  describe(`protocol conformance over ${transport}`, () => {
    beforeEach(async () => {
      const bus = new MessageBus({ name: `conformance-${transport}` });
      const server = new ProtocolServer({ handlers: conformanceHandlers(), bus, maxMessageBytes: conformanceMaxMessageBytes });
      const opened = await factory({ protocolServer: server, maxMessageBytes: conformanceMaxMessageBytes });
      const connection = await opened.connect();
      fixture = { bus, server, transport: opened, connection, client: new ProtocolClient(connection, { defaultTimeoutMs: 5000 }) };
    });

    afterEach(async () => {
      fixture.client.close();
      fixture.server.close();
      await fixture.transport.dispose();
      fixture.bus.close();
    });

    it('answers system.health, naming the transport the call came over', async () => {
      const health = await fixture.client.call('system.health');
      expect(health).toMatchObject({ status: 'ok', version: 'conformance', transport, engines });
      expect(health.uptimeMs).toBeGreaterThanOrEqual(0);
      expect(health.startedAt).toBeLessThanOrEqual(Date.now());
    });

    it('echoes typed params with defaults applied, multibyte text intact', async () => {
      const repeated = await fixture.client.call('system.echo', { text: 'ab', times: 3 });
      expect(repeated.text).toBe('ababab');
      const unicode = await fixture.client.call('system.echo', { text: 'Zürich € 😀 東京' });
      expect(unicode).toEqual({ text: 'Zürich € 😀 東京' });
    });

    it('answers UNKNOWN_METHOD with close names, then keeps serving', async () => {
      const error = await expectRejection(fixture.client.call('system.helth' as 'system.health'), ErrorCode.UnknownMethod);
      expect(error.message).toContain("'system.health'");
      expect(error.details).toMatchObject({ method: 'system.helth', suggestions: expect.arrayContaining(['system.health']) });
      await expectStillServing();
    });

    it('answers INVALID_PARAMS naming every bad field, then keeps serving', async () => {
      const reply = await exchangeRaw(fixture.connection, '{"id":"p1","method":"system.echo","params":{"text":5,"times":0,"extra":true}}');
      expect(reply).toMatchObject({ id: 'p1', error: { code: ErrorCode.InvalidParams } });
      const message = errorOf(reply).message;
      for (const field of ['text', 'times', 'extra']) expect(message).toContain(field);
      const badCall = fixture.client.call('system.echo', { text: 'x', delayMs: -1 });
      expect((await expectRejection(badCall, ErrorCode.InvalidParams)).message).toContain('delayMs');
      await expectStillServing();
    });

    it('answers PARSE_ERROR to malformed JSON, then keeps serving', async () => {
      const reply = await exchangeRaw(fixture.connection, '{"id":1,"method":"system.ping",');
      expect(reply).toMatchObject({ id: null, error: { code: ErrorCode.ParseError } });
      await expectStillServing();
    });

    it('answers MESSAGE_TOO_LARGE before parsing, counting UTF-8 bytes, then keeps serving', async () => {
      const limit = conformanceMaxMessageBytes;
      // Malformed too: if the size were checked after parsing this would be a PARSE_ERROR.
      const oversized = await exchangeRaw(fixture.connection, `{${'x'.repeat(limit)}`);
      expect(oversized).toMatchObject({ id: null, error: { code: ErrorCode.MessageTooLarge, details: { maxMessageBytes: limit } } });
      // Fewer characters than the limit but more bytes: 'é' is two bytes in UTF-8.
      const multibyte = echoFrame('m1', 'é'.repeat(limit / 2));
      expect(multibyte.length).toBeLessThan(limit);
      expect(await exchangeRaw(fixture.connection, multibyte)).toMatchObject({ error: { code: ErrorCode.MessageTooLarge } });
      const atLimit = echoFrame('m2', 'a'.repeat(limit - echoFrame('m2', '').length));
      expect(atLimit.length).toBe(limit);
      expect(await exchangeRaw(fixture.connection, atLimit)).toMatchObject({ id: 'm2', result: { text: expect.any(String) } });
      await expectStillServing();
    });

    it('answers INVALID_MESSAGE to a bad envelope, keeping the id when it has one, then keeps serving', async () => {
      const noMethod = await exchangeRaw(fixture.connection, '{"id":7,"params":{}}');
      expect(noMethod).toMatchObject({ id: 7, error: { code: ErrorCode.InvalidMessage } });
      expect(errorOf(noMethod).message).toContain('method');
      const extraKey = await exchangeRaw(fixture.connection, '{"id":8,"method":"system.ping","params":{},"sig":"x"}');
      expect(extraKey).toMatchObject({ id: 8, error: { code: ErrorCode.InvalidMessage } });
      for (const notACall of ['[1,2,3]', '"hello"', 'null', '{"id":{},"method":"system.ping"}']) {
        expect(await exchangeRaw(fixture.connection, notACall)).toMatchObject({ id: null, error: { code: ErrorCode.InvalidMessage } });
      }
      await expectStillServing();
    });

    it("keeps a handler's NwsError code and turns other failures into INTERNAL, then keeps serving", async () => {
      const notFound = await expectRejection(fixture.client.call('system.echo', { text: failNotFound }), ErrorCode.NotFound);
      expect(notFound.message).toBe('no such thing');
      expect(notFound.details).toEqual({ what: 'thing' });
      const internal = await expectRejection(fixture.client.call('system.echo', { text: failPlain }), ErrorCode.Internal);
      expect(internal.message).toContain('boom');
      await expectStillServing();
    });

    it('times out a call the server is slow to answer, then keeps serving', async () => {
      const slow = fixture.client.call('system.echo', { text: 'late', delayMs: 300 }, { timeoutMs: 20 });
      expect((await expectRejection(slow, ErrorCode.Timeout)).message).toContain('system.echo');
      await expectStillServing();
    });

    it('delivers bus events matching a wildcard pattern until unsubscribed', async () => {
      const received: Array<{ topic: string; data: unknown }> = [];
      const keepReceived: string[] = [];
      const dispose = await fixture.client.subscribe(patterns.signals({ strategyId: alpha }), (event) => received.push(event));
      await fixture.client.subscribe(patterns.signals({ strategyId: keep }), (event) => keepReceived.push(event.topic));
      fixture.bus.publish(topics.signals(alpha, 'spread'), { value: 1.5 });
      fixture.bus.publish(topics.signals(beta, 'spread'), { value: 99 });
      fixture.bus.publish(topics.signals(alpha, 'zscore'), { value: -2 });
      await until(() => received.length === 2);
      expect(received).toEqual([
        { topic: 'signals.alpha.spread', data: { value: 1.5 } },
        { topic: 'signals.alpha.zscore', data: { value: -2 } },
      ]);

      await dispose();
      fixture.bus.publish(topics.signals(alpha, 'spread'), { value: 2 });
      fixture.bus.publish(topics.signals(keep, 'marker'), { value: 0 });
      // Frames arrive in order: once the later event is in, the earlier one would have been.
      await until(() => keepReceived.length === 1);
      expect(received).toHaveLength(2);
      expect(fixture.bus.hasSubscribers(topics.signals(alpha, 'spread'))).toBe(false);
      expect(fixture.server.subscriptionCount).toBe(1);
    });

    it('refuses a bad pattern with INVALID_PARAMS and an unknown subscription with NOT_FOUND', async () => {
      const badPattern = await expectRejection(fixture.client.subscribe('signals..x', () => undefined), ErrorCode.InvalidParams);
      expect(badPattern.message).toContain('pattern');
      const reply = await exchangeRaw(fixture.connection, '{"id":"u1","method":"unsubscribe","params":{"subscriptionId":"s404"}}');
      expect(reply).toMatchObject({ id: 'u1', error: { code: ErrorCode.NotFound } });
      await expectStillServing();
    });

    it('answers concurrent calls each under its own id', async () => {
      const delays = [40, 0, 25, 5, 15, 0, 30, 10];
      const answers = await Promise.all(
        delays.map((delayMs, index) => fixture.client.call('system.echo', { text: `call-${index}`, delayMs })),
      );
      expect(answers.map((answer) => answer.text)).toEqual(delays.map((_, index) => `call-${index}`));
      const pings = await Promise.all(Array.from({ length: 50 }, () => fixture.client.call('system.ping')));
      expect(pings.every((pong) => typeof pong.ts === 'number')).toBe(true);
    });

    it('rejects pending calls with CONNECTION_CLOSED when the client closes', async () => {
      const pending = [1, 2, 3].map((index) => fixture.client.call('system.echo', { text: `p${index}`, delayMs: 5000 }));
      fixture.client.close();
      for (const call of pending) await expectRejection(call, ErrorCode.ConnectionClosed);
      await expectRejection(fixture.client.call('system.ping'), ErrorCode.ConnectionClosed);
    });

    it('rejects pending calls with CONNECTION_CLOSED when the server drops the connection', async () => {
      const pending = fixture.client.call('system.echo', { text: 'dropped', delayMs: 5000 });
      await until(() => fixture.server.connectionCount === 1);
      fixture.server.close();
      await expectRejection(pending, ErrorCode.ConnectionClosed);
      expect(fixture.client.isOpen).toBe(false);
    });

    it("removes a connection's subscriptions from the bus when it closes", async () => {
      const second = new ProtocolClient(await fixture.transport.connect());
      await second.subscribe(patterns.signals(), () => undefined);
      await second.subscribe(patterns.signals({ strategyId: alpha }), () => undefined);
      await fixture.client.subscribe(patterns.signals({ strategyId: beta }), () => undefined);
      expect(fixture.server.subscriptionCount).toBe(3);
      expect(fixture.bus.hasSubscribers(topics.signals(alpha, 'x'))).toBe(true);

      second.close();
      await until(() => fixture.server.subscriptionCount === 1);
      expect(fixture.server.connectionCount).toBe(1);
      expect(fixture.bus.hasSubscribers(topics.signals(alpha, 'x'))).toBe(false);
      expect(fixture.bus.hasSubscribers(topics.signals(beta, 'x'))).toBe(true);

      fixture.client.close();
      await until(() => fixture.server.connectionCount === 0);
      expect(fixture.server.subscriptionCount).toBe(0);
      expect(fixture.bus.hasSubscribers(topics.signals(beta, 'x'))).toBe(false);
    });
  });
}

/** Strategies whose signal topics the subscription tests publish on. */
const alpha = strategyId('alpha');
const beta = strategyId('beta');
const keep = strategyId('keep');

const failNotFound = 'fail:not-found';
const failPlain = 'fail:plain';

/** The system handlers, with an echo that fails on request so error mapping can be checked. */
function conformanceHandlers(): MethodHandlers {
  const system = createSystemHandlers({ version: 'conformance', engines: () => engines });
  return {
    ...system,
    'system.echo': (params, context) => {
      if (params.text === failNotFound) throw new NwsError(ErrorCode.NotFound, 'no such thing', { what: 'thing' });
      if (params.text === failPlain) throw new Error('boom');
      return system['system.echo'](params, context);
    },
  };
}

function echoFrame(id: string, text: string): string {
  return JSON.stringify({ id, method: 'system.echo', params: { text } });
}

/** Sends a raw frame and resolves with the next answer frame (events are skipped). */
function exchangeRaw(connection: FrameConnection, frame: string, timeoutMs = 5000): Promise<ServerMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no answer to ${frame.slice(0, 80)} within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = connection.onFrame((received) => {
      const parsed = typeof received === 'string' ? parseServerMessage(JSON.parse(received)) : null;
      if (parsed === null || !parsed.success || 'event' in parsed.data) return;
      clearTimeout(timer);
      stop();
      resolve(parsed.data);
    });
    connection.send(frame);
  });
}

function errorOf(message: ServerMessage): { code: string; message: string } {
  if (!('error' in message)) throw new Error(`expected an error, got ${JSON.stringify(message)}`);
  return message.error;
}

/** Waits for a condition that another party (the server, the transport) makes true. */
async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${condition.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
