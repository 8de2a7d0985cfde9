// window.nws over a real ProtocolServer (in-process pair): the facade the preload exposes.
import { describe, expect, it } from 'vitest';
import { MessageBus, ProtocolClient, ProtocolServer, createInProcessPair, createSystemHandlers, topics, type ProtocolEvent } from '@nws/core';
import { NWS_API_METHODS, PRELOAD_GLOBALS, createNwsApi } from './nws-api.js';

function hostAndClient(): { bus: MessageBus; client: ProtocolClient } {
  const bus = new MessageBus();
  const server = new ProtocolServer({ bus, handlers: createSystemHandlers({ version: '9.9.9', engines: () => [{ name: 'message-bus', status: 'running' }] }) });
  const pair = createInProcessPair();
  server.accept(pair.server);
  return { bus, client: new ProtocolClient(pair.client) };
}

describe('window.nws', () => {
  it('is the only global the preload exposes, with exactly call and subscribe', () => {
    expect(PRELOAD_GLOBALS).toEqual(['nws']);
    const api = createNwsApi(Promise.resolve(hostAndClient().client));
    expect(Object.keys(api).sort()).toEqual([...NWS_API_METHODS].sort());
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.values(api).every((member) => typeof member === 'function')).toBe(true);
  });

  it('forwards calls once the port arrives, however early they were made', async () => {
    const { client } = hostAndClient();
    let deliverPort!: (ready: ProtocolClient) => void;
    const api = createNwsApi(new Promise((resolve) => (deliverPort = resolve)));
    const early = api.call('system.health');
    deliverPort(client);
    const health = await early;
    expect(health).toMatchObject({ status: 'ok', version: '9.9.9', engines: [{ name: 'message-bus', status: 'running' }], transport: 'in-process' });
    await expect(api.call('system.echo', { text: 'ab', times: 2 })).resolves.toEqual({ text: 'abab' });
  });

  it('delivers subscriptions and passes server errors through', async () => {
    const { bus, client } = hostAndClient();
    const api = createNwsApi(Promise.resolve(client));
    const events: ProtocolEvent[] = [];
    const dispose = await api.subscribe('engines.*.status', (event) => events.push(event));
    bus.publish(topics.engineStatus('worker-pool'), { engine: 'worker-pool', state: 'degraded', ts: 1 });
    await expect.poll(() => events.length).toBe(1);
    expect(events[0]).toEqual({ topic: 'engines.worker-pool.status', data: { engine: 'worker-pool', state: 'degraded', ts: 1 } });
    await dispose();
    await expect(api.call('system.echo', { text: 1 } as never)).rejects.toMatchObject({ code: 'INVALID_PARAMS' });
  });
});
