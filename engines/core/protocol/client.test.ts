import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { MessageBus } from '../bus/message-bus.js';
import { patterns, topics } from '../bus/topics.js';
import { strategyId } from '../domain/ids.js';
import { ErrorCode, NwsError } from '../errors.js';
import { ProtocolClient, type ProtocolEvent } from './client.js';
import type { MethodResult, SystemHealth } from './methods.js';
import { ProtocolServer } from './server.js';
import { createSystemHandlers } from './system-handlers.js';
import { createInProcessPair } from './transports/in-process.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function connectedClient(server: ProtocolServer, options: ConstructorParameters<typeof ProtocolClient>[1] = {}): ProtocolClient {
  const pair = createInProcessPair();
  server.accept(pair.server);
  const client = new ProtocolClient(pair.client, options);
  cleanups.push(() => client.close());
  return client;
}

/** The server end of a pair answered by hand, to produce answers a real server never sends. */
function scriptedPeer(answer: (call: { id: number; method: string }) => string): ProtocolClient {
  const pair = createInProcessPair();
  pair.server.onFrame((frame) => pair.server.send(answer(JSON.parse(frame as string) as { id: number; method: string })));
  const client = new ProtocolClient(pair.client, { defaultTimeoutMs: 2000 });
  cleanups.push(() => client.close());
  return client;
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

describe('ProtocolClient', () => {
  it('is typed from the method table', async () => {
    const client = connectedClient(new ProtocolServer({ handlers: createSystemHandlers({ version: 't' }) }));
    const health = await client.call('system.health');
    expectTypeOf(health).toEqualTypeOf<SystemHealth>();
    expectTypeOf<MethodResult<'system.echo'>>().toEqualTypeOf<{ text: string }>();
    // @ts-expect-error text must be a string: the compiler refuses it, the server would too
    const wrong = client.call('system.echo', { text: 1 });
    expect((await rejectionOf(wrong)).code).toBe(ErrorCode.InvalidParams);
    // @ts-expect-error system.echo has a required param
    expect((await rejectionOf(client.call('system.echo'))).message).toContain('text');
  });

  it('refuses a result that does not match the method table', async () => {
    const server = new ProtocolServer({ handlers: { 'system.ping': () => ({ ts: 'noon' }) as unknown as { ts: number } } });
    const checked = connectedClient(server);
    const error = await rejectionOf(checked.call('system.ping'));
    expect(error.code).toBe(ErrorCode.InvalidMessage);
    expect(error.message).toContain('ts');
    const unchecked = connectedClient(server, { validateResults: false });
    await expect(unchecked.call('system.ping')).resolves.toEqual({ ts: 'noon' });
  });

  it('strips result fields it does not know, so a newer server does not break it', async () => {
    const client = scriptedPeer(({ id }) => JSON.stringify({ id, result: { ts: 5, addedLater: true } }));
    await expect(client.call('system.ping')).resolves.toEqual({ ts: 5 });
  });

  it('rejects with INTERNAL naming an error code it does not know', async () => {
    const client = scriptedPeer(({ id }) => JSON.stringify({ id, error: { code: 'QUOTA_WOBBLE', message: 'slow down' } }));
    const error = await rejectionOf(client.call('system.ping'));
    expect(error.code).toBe(ErrorCode.Internal);
    expect(error.message).toBe('QUOTA_WOBBLE: slow down');
  });

  it('fails a call at once when its answer is malformed', async () => {
    const client = scriptedPeer(({ id }) => JSON.stringify({ id, result: 1, error: { code: 'INTERNAL', message: 'both' } }));
    const started = Date.now();
    const error = await rejectionOf(client.call('system.ping'));
    expect(error.code).toBe(ErrorCode.InvalidMessage);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('keeps delivering after a subscription handler throws, reporting the failure', async () => {
    const bus = new MessageBus();
    cleanups.push(() => bus.close());
    const failures: Array<{ error: unknown; event: ProtocolEvent }> = [];
    const client = connectedClient(new ProtocolServer({ bus }), { onHandlerError: (error, event) => failures.push({ error, event }) });
    const values: number[] = [];
    await client.subscribe(patterns.signals({ strategyId: strategyId('s') }), (event) => {
      const { value } = event.data as { value: number };
      if (value < 0) throw new Error('negative');
      values.push(value);
    });
    for (const value of [1, -1, 2]) bus.publish(topics.signals(strategyId('s'), 'v'), { value });
    await until(() => values.length === 2);
    expect(values).toEqual([1, 2]);
    expect(failures).toHaveLength(1);
    expect(failures[0].event).toEqual({ topic: 'signals.s.v', data: { value: -1 } });
  });

  it('settles a subscription dispose quietly once the connection is gone', async () => {
    const bus = new MessageBus();
    cleanups.push(() => bus.close());
    const client = connectedClient(new ProtocolServer({ bus }));
    const dispose = await client.subscribe('signals.>', () => undefined);
    client.close();
    await expect(dispose()).resolves.toBeUndefined();
  });

  it('refuses bad config with INVALID_CONFIG naming the field', () => {
    const { client: end } = createInProcessPair();
    expect(() => new ProtocolClient(end, { defaultTimeoutMs: 0 })).toThrow(/defaultTimeoutMs/);
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
