import { MessageChannel, Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSystemHandlers,
  defineProtocolConformance,
  ErrorCode,
  messagePortConnection,
  ProtocolClient,
  ProtocolServer,
  type ProtocolEvent,
} from '@nws/core';

// node:worker_threads ports are real structured-clone channels, like Electron's MessagePortMain.
defineProtocolConformance({
  transport: 'message-port',
  vitest: { describe, it, expect, beforeEach, afterEach },
  factory: async ({ protocolServer }) => {
    const opened: MessageChannel[] = [];
    return {
      async connect() {
        const channel = new MessageChannel();
        opened.push(channel);
        protocolServer.accept(messagePortConnection(channel.port2));
        return messagePortConnection(channel.port1);
      },
      async dispose() {
        for (const channel of opened) {
          channel.port1.close();
          channel.port2.close();
        }
      },
    };
  },
});

describe('MessagePort transport', () => {
  it('answers INVALID_MESSAGE to a posted value that is not a string', async () => {
    const channel = new MessageChannel();
    const server = new ProtocolServer({ handlers: createSystemHandlers({ version: 'port-test' }) });
    server.accept(messagePortConnection(channel.port2));
    const answer = new Promise<unknown>((resolve) => channel.port1.once('message', (frame: string) => resolve(JSON.parse(frame))));
    channel.port1.postMessage({ id: 1, method: 'system.ping', params: {} });
    expect(await answer).toMatchObject({ id: null, error: { code: ErrorCode.InvalidMessage, message: expect.stringContaining('JSON text') } });
    const client = new ProtocolClient(messagePortConnection(channel.port1));
    await expect(client.call('system.ping')).resolves.toMatchObject({ ts: expect.any(Number) });
    client.close();
  });

  it('notices the other side closing its port: pending calls reject, server forgets the connection', async () => {
    const channel = new MessageChannel();
    const server = new ProtocolServer({ handlers: createSystemHandlers({ version: 'port-test' }) });
    const serverSide = messagePortConnection(channel.port2);
    server.accept(serverSide);
    const client = new ProtocolClient(messagePortConnection(channel.port1));
    const pending = client.call('system.echo', { text: 'never', delayMs: 5000 });
    const rejected = expect(pending).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed });
    serverSide.close();
    await rejected;
    expect(client.isOpen).toBe(false);
    expect(server.connectionCount).toBe(0);
  });

  describe('to a server in a worker thread', () => {
    let worker: Worker;
    let client: ProtocolClient;

    beforeEach(() => {
      const channel = new MessageChannel();
      worker = new Worker(new URL('./test-fixtures/protocol-worker.mjs', import.meta.url), {
        workerData: { port: channel.port2 },
        transferList: [channel.port2],
      });
      client = new ProtocolClient(messagePortConnection(channel.port1), { defaultTimeoutMs: 20_000 });
    });

    afterEach(async () => {
      client.close();
      await worker.terminate();
    });

    it('calls across threads and receives the worker bus events', async () => {
      const health = await client.call('system.health');
      expect(health).toMatchObject({ version: 'worker', transport: 'message-port', engines: [{ name: 'worker-engine', status: 'running' }] });
      const events: ProtocolEvent[] = [];
      await client.subscribe('signals.worker.*', (event) => events.push(event));
      worker.postMessage({ signal: 'spread', value: 1.25 });
      await until(() => events.length === 1);
      expect(events).toEqual([{ topic: 'signals.worker.spread', data: { value: 1.25 } }]);
    });

    it('rejects pending calls with CONNECTION_CLOSED when the worker dies', async () => {
      await client.call('system.ping');
      const pending = client.call('system.echo', { text: 'never', delayMs: 10_000 });
      const rejected = expect(pending).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed });
      await worker.terminate();
      await rejected;
    });
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
