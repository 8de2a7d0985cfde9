import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, NwsError } from '../errors.js';
import { strategyId } from '../domain/index.js';
import { BusBridge, type BridgePort } from './bridge.js';
import { MessageBus } from './message-bus.js';
import type { BusErrorEvent } from './payloads.js';
import { bridgeFixture } from './test-fixtures/bridge-fixture.js';
import { endpoints, patterns, topics } from './topics.js';

const { fromMain, fromWorker } = bridgeFixture;

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Resolves with the first message on `topic` that satisfies `accept`. */
function nextMessage<T>(bus: MessageBus, topic: Parameters<MessageBus['subscribe']>[0], accept: (data: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const dispose = bus.subscribe(topic, (data) => {
      if (!accept(data as T)) return;
      dispose();
      resolve(data as T);
    });
  });
}

async function rejectionOf(promise: Promise<unknown>): Promise<NwsError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof NwsError) return error;
    throw error;
  }
  throw new Error('expected the promise to reject');
}

describe('BusBridge with a real worker thread', () => {
  async function startWorker() {
    const bus = new MessageBus({ name: 'main' });
    const workerReady = nextMessage<string>(bus, fromWorker.control, (command) => command === 'ready');
    const worker = new Worker(new URL('./test-fixtures/bridge-worker.mjs', import.meta.url));
    const bridge = new BusBridge(bus, worker, { name: 'main' });
    cleanups.push(() => worker.terminate(), () => bus.close(), () => bridge.close());
    const workerFailed = new Promise<never>((_, reject) => worker.once('error', reject));
    // Both sides want every signal: overlapping wants must not make messages echo back.
    await Promise.race([bridge.want(patterns.signals()), workerFailed]);
    await Promise.race([workerReady, workerFailed]);
    return { bus, bridge, worker };
  }

  it('delivers what main publishes to a subscriber in the worker, in order, and what the worker publishes back to main', async () => {
    const { bus, bridge } = await startWorker();
    const count = 20_000;

    // main → worker
    const mainSeen: number[] = [];
    bus.subscribe(fromMain.seq, (value) => mainSeen.push(value));
    for (let index = 0; index < count; index++) bus.publish(fromMain.seq, index);
    const report = nextMessage(bus, fromWorker.report);
    bus.publish(fromMain.control, 'report');
    expect(await report).toEqual({ received: count, inOrder: true });
    expect(mainSeen).toHaveLength(count); // nothing echoed back from the worker

    // worker → main
    const fromWorkerSeen: number[] = [];
    bus.subscribe(fromWorker.seq, (value) => fromWorkerSeen.push(value));
    const sent = nextMessage<string>(bus, fromWorker.control, (command) => command === 'sent');
    bus.publish(fromMain.control, `send:${count}`);
    await sent;
    expect(fromWorkerSeen).toEqual(Array.from({ length: count }, (_, index) => index));

    const stats = bridge.stats();
    expect(stats.messagesReceived).toBe(count + 3); // + ready, report, sent
    expect(stats.batchesSent).toBeLessThan(stats.messagesSent / 100); // batched, not one post each
    expect(stats.remoteWants).toEqual(['signals.>']);
  });

  it("lets main request an endpoint served by the worker's bus", async () => {
    const { bus, bridge } = await startWorker();
    bridge.useRemoteEndpoint(bridgeFixture.double);
    bridge.useRemoteEndpoint(bridgeFixture.refuse);
    await expect(bus.request(bridgeFixture.double, 21)).resolves.toBe(42);
    const refused = await rejectionOf(bus.request(bridgeFixture.refuse, -1));
    expect(refused.toJSON()).toEqual({ code: 'INVALID_PARAMS', message: 'worker refuses negative values' });
    const uncloneable = await rejectionOf(bus.request(bridgeFixture.double, (() => 1) as never));
    expect(uncloneable.code).toBe(ErrorCode.InvalidParams);
    expect(uncloneable.message).toContain('request to rpc.worker.double could not be sent');
    const unserved = endpoints.of<number, number>('worker', 'missing');
    bridge.useRemoteEndpoint(unserved);
    expect((await rejectionOf(bus.request(unserved, 1))).code).toBe(ErrorCode.NotFound);
  });

  it('rejects pending calls when the worker closes its side', async () => {
    const { bus, bridge } = await startWorker();
    bridge.useRemoteEndpoint(bridgeFixture.double);
    bus.publish(fromMain.control, 'close');
    // The worker's close frame arrives; the bridge then refuses new work clearly.
    await expect.poll(() => bridge.closed).toBe(true);
    const error = await rejectionOf(bus.request(bridgeFixture.double, 1));
    expect(error.code).toBe(ErrorCode.NotFound); // the proxy responder was removed with the bridge
    expect((await rejectionOf(bridge.want(patterns.all()))).code).toBe(ErrorCode.ConnectionClosed);
  });
});

describe('BusBridge over an in-process MessageChannel', () => {
  function pair(options: { maxBatch?: number } = {}) {
    const channel = new MessageChannel();
    const left = new MessageBus({ name: 'left' });
    const right = new MessageBus({ name: 'right' });
    const leftBridge = new BusBridge(left, channel.port1, { name: 'left', ...options });
    const rightBridge = new BusBridge(right, channel.port2, { name: 'right', ...options });
    cleanups.push(
      () => channel.port1.close(),
      () => left.close(),
      () => right.close(),
      () => leftBridge.close(),
      () => rightBridge.close(),
    );
    return { left, right, leftBridge, rightBridge, channel };
  }

  const seq = topics.signals<number>(strategyId('left'), 'seq');
  const done = topics.signals<string>(strategyId('left'), 'done');

  it('posts one batch per tick, up to maxBatch messages each', async () => {
    const { left, right, leftBridge, rightBridge } = pair({ maxBatch: 1_000 });
    await rightBridge.want(patterns.signals());
    const received: number[] = [];
    right.subscribe(seq, (value) => received.push(value));
    const finished = nextMessage(right, done);
    for (let index = 0; index < 2_500; index++) left.publish(seq, index);
    left.publish(done, 'yes');
    await finished;
    expect(received).toHaveLength(2_500);
    expect(received[2_499]).toBe(2_499);
    // 2 full batches during the loop, the remaining 501 in one batch at the end of the tick.
    expect(leftBridge.stats()).toMatchObject({ messagesSent: 2_501, batchesSent: 3 });
  });

  it('keeps each message priority across the port', async () => {
    const { left, right, rightBridge } = pair();
    await rightBridge.want(patterns.signals());
    const priorities: Array<string | undefined> = [];
    right.subscribe(seq, () => priorities.push(right.currentPriority()));
    const finished = nextMessage(right, done);
    left.publish(seq, 1, { priority: 'low' });
    left.publish(seq, 2, { priority: 'high' });
    left.publish(seq, 3);
    left.publish(done, 'yes');
    await finished;
    expect(priorities).toEqual(['low', 'high', 'normal']);
  });

  it('stops forwarding after the want is disposed', async () => {
    const { left, right, rightBridge, leftBridge } = pair();
    const stop = await rightBridge.want([seq, done]);
    const received: number[] = [];
    right.subscribe(seq, (value) => received.push(value));
    left.publish(seq, 1);
    left.publish(done, 'first');
    await nextMessage(right, done);
    stop();
    await expect.poll(() => leftBridge.stats().remoteWants).toEqual([]);
    left.publish(seq, 2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received).toEqual([1]);
  });

  it('loses only the message whose payload cannot be cloned, and reports it', async () => {
    const { left, right, rightBridge } = pair();
    await rightBridge.want(patterns.signals());
    const leftErrors: BusErrorEvent[] = [];
    left.subscribe(topics.busErrors(), (event) => leftErrors.push(event));
    const received: unknown[] = [];
    const anything = topics.signals<unknown>(strategyId('left'), 'anything');
    right.subscribe(anything, (value) => received.push(value));
    const finished = nextMessage(right, done);
    left.publish(anything, 1);
    left.publish(anything, () => 'a function cannot cross a port');
    left.publish(anything, 3);
    left.publish(done, 'yes');
    await finished;
    expect(received).toEqual([1, 3]);
    expect(leftErrors).toEqual([
      expect.objectContaining({ kind: 'bridge', topic: 'signals.left.anything', error: expect.objectContaining({ code: 'INVALID_VALUE' }) }),
    ]);
  });

  it('refuses an invalid pattern from the other side with a clear error', async () => {
    const { rightBridge } = pair();
    const error = await rejectionOf(rightBridge.want('quotes.>.x' as never));
    expect(error.code).toBe(ErrorCode.InvalidArgument);
    expect(error.message).toContain("'>' is only allowed as the last segment");
  });

  it('reports a malformed batch on bus.errors and ignores traffic that is not its own', async () => {
    const { right, channel } = pair();
    const reports: BusErrorEvent[] = [];
    right.subscribe(topics.busErrors(), (event) => reports.push(event));
    channel.port1.postMessage({ hello: 'someone else' });
    const batch = { __nwsBus: 1, kind: 'batch', topicRefs: new Uint32Array(1), priorities: new Uint8Array(1) };
    channel.port1.postMessage({ ...batch, topics: ['signals.x.y'], payloads: [] });
    channel.port1.postMessage({ ...batch, topics: ['quotes.*'], payloads: [1] });
    await expect.poll(() => reports.length).toBe(2);
    expect(reports[0]).toMatchObject({ kind: 'bridge', error: { code: 'INVALID_MESSAGE', message: 'right got a malformed batch' } });
    expect(reports[1]).toMatchObject({ kind: 'bridge', topic: 'quotes.*', error: { code: 'INVALID_ARGUMENT' } });
  });

  it('works with a DOM-style port (addEventListener + start)', async () => {
    const channel = new MessageChannel();
    // Only the DOM listener style: MessageEvents with .data, and nothing flows until start().
    const domStyle = (port: MessagePort): BridgePort => ({
      postMessage: (message) => port.postMessage(message),
      addEventListener: (type, listener) => port.addEventListener(type, listener),
      removeEventListener: (type, listener) => port.removeEventListener(type, listener),
      start: () => port.start(),
    });
    const left = new MessageBus();
    const right = new MessageBus();
    const leftBridge = new BusBridge(left, domStyle(channel.port1));
    const rightBridge = new BusBridge(right, domStyle(channel.port2));
    cleanups.push(() => channel.port1.close(), () => left.close(), () => right.close(), () => leftBridge.close(), () => rightBridge.close());
    await rightBridge.want(patterns.signals());
    const arrived = nextMessage<number>(right, seq);
    left.publish(seq, 99);
    expect(await arrived).toBe(99);
  });

  it('accepts an Electron-style port whose on(message) passes {data}', async () => {
    const channel = new MessageChannel();
    const electronStyle = (port: MessagePort): BridgePort => ({
      postMessage: (message) => port.postMessage(message),
      on: (_event, listener) => port.on('message', (value: unknown) => listener({ data: value, ports: [] })),
    });
    const left = new MessageBus();
    const right = new MessageBus();
    const leftBridge = new BusBridge(left, electronStyle(channel.port1));
    const rightBridge = new BusBridge(right, electronStyle(channel.port2));
    cleanups.push(() => channel.port1.close(), () => left.close(), () => right.close(), () => leftBridge.close(), () => rightBridge.close());
    await rightBridge.want(patterns.signals());
    const arrived = nextMessage<number>(right, seq);
    left.publish(seq, 7);
    expect(await arrived).toBe(7);
  });

  it('accepts node ports, workers and DOM ports by type', () => {
    const channel = new MessageChannel();
    const nodePort: BridgePort = channel.port1;
    const fromWorker = (port: Worker): BridgePort => port;
    const fromDom = (port: globalThis.MessagePort): BridgePort => port;
    channel.port1.close();
    expect([typeof nodePort.postMessage, typeof fromWorker, typeof fromDom]).toEqual(['function', 'function', 'function']);
  });
});
