import { afterEach, describe, expect, it } from 'vitest';
import { MessageBus } from '../bus/message-bus.js';
import { compilePattern, matchesTopic, splitTopic } from '../bus/pattern-match.js';
import { parseTopic, patterns, topics, type TopicPattern } from '../bus/topics.js';
import { strategyId } from '../domain/ids.js';
import { ErrorCode, NwsError } from '../errors.js';
import { ProtocolClient } from './client.js';
import type { FrameConnection } from './connection.js';
import { ProtocolServer, type ProtocolBus, type ProtocolServerOptions } from './server.js';
import { createSystemHandlers } from './system-handlers.js';
import { createInProcessPair } from './transports/in-process.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

/** A server with one in-process client; the raw client end is returned for hand-written frames. */
function serve(options: ProtocolServerOptions = {}): { server: ProtocolServer; client: ProtocolClient; raw: FrameConnection } {
  const server = new ProtocolServer({ handlers: createSystemHandlers({ version: 'test' }), ...options });
  const pair = createInProcessPair();
  server.accept(pair.server);
  const client = new ProtocolClient(pair.client);
  cleanups.push(() => server.close());
  return { server, client, raw: pair.client };
}

function nextAnswer(raw: FrameConnection, frame: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const stop = raw.onFrame((received) => {
      stop();
      resolve(JSON.parse(received as string) as Record<string, unknown>);
    });
    raw.send(frame);
  });
}

async function rejectionOf(promise: Promise<unknown>): Promise<NwsError> {
  const reason = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
  expect(reason).toBeInstanceOf(NwsError);
  return reason as NwsError;
}

describe('ProtocolServer configuration', () => {
  it('defaults to a 1 MiB frame limit and freezes its config', () => {
    const server = new ProtocolServer();
    expect(server.config).toEqual({ maxMessageBytes: 1_048_576, maxSubscriptionsPerConnection: 1000 });
    expect(Object.isFrozen(server.config)).toBe(true);
  });

  it('refuses bad config with INVALID_CONFIG naming every bad field', () => {
    const attempt = () => new ProtocolServer({ maxMessageBytes: 10, maxSubscriptionsPerConnection: 0.5 });
    expect(attempt).toThrow(NwsError);
    expect(attempt).toThrow(/maxMessageBytes.*maxSubscriptionsPerConnection/);
  });

  it('refuses a handler for a method outside the table, and a second handler for a method', () => {
    const server = new ProtocolServer();
    expect(() => server.handle('system.helth' as 'system.health', () => ({}) as never)).toThrow(/not in the method table; did you mean 'system.health'/);
    server.handle('system.ping', () => ({ ts: 1 }));
    expect(() => server.handle('system.ping', () => ({ ts: 2 }))).toThrow(expect.objectContaining({ code: ErrorCode.Conflict }));
  });
});

describe('ProtocolServer serving', () => {
  it('takes a frame of exactly 1 MiB by default and refuses one byte more', async () => {
    const { raw } = serve();
    const envelope = (text: string) => JSON.stringify({ id: 1, method: 'system.echo', params: { text } });
    const padding = 1_048_576 - envelope('').length;
    expect(await nextAnswer(raw, envelope('a'.repeat(padding)))).toMatchObject({ id: 1, result: { text: expect.any(String) } });
    expect(await nextAnswer(raw, envelope('a'.repeat(padding + 1)))).toMatchObject({ id: null, error: { code: 'MESSAGE_TOO_LARGE' } });
  });

  it('answers UNKNOWN_METHOD for a table method this host does not serve', async () => {
    const { client } = serve({ handlers: { 'system.ping': () => ({ ts: 1 }) } });
    const error = await rejectionOf(client.call('system.health'));
    expect(error.code).toBe(ErrorCode.UnknownMethod);
    expect(error.message).toContain('is not served by this host');
  });

  it('answers UNKNOWN_METHOD to subscribe when it has no bus', async () => {
    const { client } = serve();
    expect((await rejectionOf(client.subscribe('signals.>', () => undefined))).code).toBe(ErrorCode.UnknownMethod);
  });

  it('answers INTERNAL when a result cannot be serialised, and keeps serving', async () => {
    const { client } = serve({ handlers: { 'system.ping': () => ({ ts: 10n as unknown as number }) } });
    const error = await rejectionOf(client.call('system.ping'));
    expect(error.code).toBe(ErrorCode.Internal);
    expect(error.message).toContain('not JSON-serializable');
    expect(await rejectionOf(client.call('system.echo', { text: 'x' }))).toMatchObject({ code: ErrorCode.UnknownMethod });
  });

  it('still answers when an NwsError carries details that do not serialise', async () => {
    const { client } = serve({
      handlers: {
        'system.ping': () => {
          throw new NwsError(ErrorCode.Conflict, 'busy', { big: 1n });
        },
      },
    });
    const error = await rejectionOf(client.call('system.ping'));
    expect(error).toMatchObject({ code: ErrorCode.Conflict, message: 'busy', details: undefined });
  });

  it('limits the subscriptions one connection may hold', async () => {
    const bus = new MessageBus();
    cleanups.push(() => bus.close());
    const { client, server } = serve({ bus, maxSubscriptionsPerConnection: 2 });
    await client.subscribe('signals.a.*', () => undefined);
    await client.subscribe('signals.b.*', () => undefined);
    const error = await rejectionOf(client.subscribe('signals.c.*', () => undefined));
    expect(error.code).toBe(ErrorCode.InvalidParams);
    expect(server.subscriptionCount).toBe(2);
  });

  it('drops an event whose data is not JSON, reports it, and keeps the subscription', async () => {
    const bus = new MessageBus();
    cleanups.push(() => bus.close());
    const reported: NwsError[] = [];
    const { client } = serve({ bus, onError: (error) => reported.push(error) });
    const received: unknown[] = [];
    await client.subscribe(patterns.signals({ strategyId: strategyId('s') }), (event) => received.push(event.data));
    bus.publish(topics.signals(strategyId('s'), 'bad'), { value: 1n });
    bus.publish(topics.signals(strategyId('s'), 'good'), { value: 1 });
    await until(() => received.length === 1);
    expect(received).toEqual([{ value: 1 }]);
    expect(reported).toHaveLength(1);
    expect(reported[0].message).toContain('signals.s.bad');
  });

  it('sends the subscribe result before events the bus delivers during subscribe', async () => {
    const bus = new LastValueBus();
    bus.publish('signals.s.last', { value: 7 });
    const { client } = serve({ bus });
    const received: unknown[] = [];
    await client.subscribe('signals.s.*', (event) => received.push(event));
    await until(() => received.length === 1);
    expect(received).toEqual([{ topic: 'signals.s.last', data: { value: 7 } }]);
  });

  it('gives each connection its own id and context', async () => {
    const seen: string[] = [];
    const server = new ProtocolServer({
      handlers: {
        'system.echo': ({ text }, context) => {
          seen.push(`${context.connectionId}/${context.transport}`);
          return { text };
        },
      },
    });
    cleanups.push(() => server.close());
    const clients = [1, 2].map(() => {
      const pair = createInProcessPair();
      server.accept(pair.server);
      return new ProtocolClient(pair.client);
    });
    for (const client of clients) await client.call('system.echo', { text: 'x' });
    expect(seen).toEqual(['c1/in-process', 'c2/in-process']);
  });
});

/**
 * A bus that replays the last message of each topic to a new subscriber, synchronously inside
 * subscribe (what a last-value cache does): the case where an event could overtake its result.
 */
class LastValueBus implements ProtocolBus {
  private readonly bus = new MessageBus();
  private readonly last = new Map<string, unknown>();

  publish(topic: string, data: unknown): void {
    this.last.set(topic, data);
    this.bus.publish(parseTopic(topic), data);
  }

  subscribe(pattern: TopicPattern<unknown>, handler: (data: unknown, topic: string) => void): () => void {
    const compiled = compilePattern(pattern);
    for (const [topic, data] of this.last) {
      if (matchesTopic(compiled, splitTopic(topic))) handler(data, topic);
    }
    return this.bus.subscribe(pattern, handler);
  }
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
