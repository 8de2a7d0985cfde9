import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode, NwsError } from '../errors.js';
import { type QuoteTick, instrumentId, price, quantity, strategyId } from '../domain/index.js';
import { MessageBus } from './message-bus.js';
import type { BusErrorEvent } from './payloads.js';
import type { Priority } from './priority.js';
import { type Topic, endpoints, parseTopic, patterns, topics } from './topics.js';

const aapl = instrumentId('AAPL', 'XNAS');
const msft = instrumentId('MSFT', 'XNAS');
const strategy = strategyId('alpha');

function quote(bid: number): QuoteTick {
  return { instrumentId: aapl, bid: price(bid), ask: price(bid + 0.01), bidSize: quantity(100), askSize: quantity(200), ts: 1_700_000_000_000 };
}

const step = topics.signals<string>(strategy, 'step');
const counter = topics.signals<number>(strategy, 'counter');

const buses: MessageBus[] = [];
function newBus(...args: ConstructorParameters<typeof MessageBus>): MessageBus {
  const bus = new MessageBus(...args);
  buses.push(bus);
  return bus;
}
afterEach(() => {
  for (const bus of buses.splice(0)) bus.close();
  vi.useRealTimers();
});

async function rejectionOf(promise: Promise<unknown>): Promise<NwsError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof NwsError) return error;
    throw error;
  }
  throw new Error('expected the promise to reject');
}

describe('publish and subscribe', () => {
  it('delivers synchronously on an idle bus, with the concrete topic', () => {
    const bus = newBus();
    const seen: Array<[number, string]> = [];
    bus.subscribe(topics.quotes(aapl), (tick, topic) => seen.push([tick.bid, topic]));
    bus.publish(topics.quotes(aapl), quote(101.5));
    expect(seen).toEqual([[101.5, 'quotes.AAPL.XNAS']]);
  });

  it('routes by wildcard and delivers once to a subscriber of several overlapping patterns', () => {
    const bus = newBus();
    const everyQuote: string[] = [];
    const both: string[] = [];
    bus.subscribe(patterns.quotes(), (_tick, topic) => everyQuote.push(topic));
    bus.subscribe([patterns.quotes({ venue: 'XNAS' }), topics.quotes(aapl)], (_tick, topic) => both.push(topic));
    bus.publish(topics.quotes(aapl), quote(1));
    bus.publish(topics.quotes(msft), quote(2));
    bus.publish(topics.trades(aapl), { instrumentId: aapl, price: price(1), size: quantity(1), aggressorSide: 'BUYER', tradeId: 't1', ts: 1 } as never);
    expect(everyQuote).toEqual(['quotes.AAPL.XNAS', 'quotes.MSFT.XNAS']);
    expect(both).toEqual(['quotes.AAPL.XNAS', 'quotes.MSFT.XNAS']);
  });

  it('calls subscribers in subscription order, exact and wildcard alike', () => {
    const bus = newBus();
    const order: string[] = [];
    bus.subscribe(patterns.signals(), () => order.push('wildcard-first'));
    bus.subscribe(step, () => order.push('exact-second'));
    bus.subscribe(patterns.all(), () => order.push('all-third'));
    bus.publish(step, 'go');
    expect(order).toEqual(['wildcard-first', 'exact-second', 'all-third']);
  });

  it('stops delivering after dispose, and a late subscriber sees only later messages (route cache invalidated)', () => {
    const bus = newBus();
    const early: number[] = [];
    const late: number[] = [];
    const dispose = bus.subscribe(counter, (value) => early.push(value));
    bus.publish(counter, 1);
    bus.subscribe(patterns.signals<number>(), (value) => late.push(value));
    bus.publish(counter, 2);
    dispose();
    dispose(); // idempotent
    bus.publish(counter, 3);
    expect(early).toEqual([1, 2]);
    expect(late).toEqual([2, 3]);
    expect(bus.metrics().subscriptions).toBe(1);
  });

  it('does not deliver the current message to a subscriber disposed by an earlier one', () => {
    const bus = newBus();
    const seen: string[] = [];
    let disposeSecond = () => {};
    bus.subscribe(step, () => {
      seen.push('first');
      disposeSecond();
    });
    disposeSecond = bus.subscribe(step, () => seen.push('second'));
    bus.publish(step, 'x');
    expect(seen).toEqual(['first']);
  });

  it('skips subscribers registered with the message origin', () => {
    const bus = newBus();
    const bridgeSide: string[] = [];
    const plain: string[] = [];
    const origin = Symbol('bridge');
    bus.subscribe(step, (value) => bridgeSide.push(value), { skipOrigin: origin });
    bus.subscribe(step, (value) => plain.push(value));
    bus.publish(step, 'from-remote', { origin });
    bus.publish(step, 'local');
    expect(bridgeSide).toEqual(['local']);
    expect(plain).toEqual(['from-remote', 'local']);
  });

  it('skips a sole subscriber for its own origin too, and stops a subscriber that disposes itself', () => {
    const bus = newBus();
    const origin = Symbol('bridge');
    const seen: string[] = [];
    bus.subscribe(step, (value) => seen.push(value), { skipOrigin: origin });
    bus.publish(step, 'remote', { origin });
    bus.publish(step, 'local');
    expect(seen).toEqual(['local']);

    const once: number[] = [];
    const dispose = bus.subscribe(counter, (value) => {
      once.push(value);
      dispose();
      bus.publish(counter, value + 1); // queued, and by then nobody listens
    });
    bus.publish(counter, 1);
    expect(once).toEqual([1]);
    expect(bus.topicMetrics(counter)).toMatchObject({ published: 2, delivered: 2, subscribers: 0 });
  });

  it('refuses a topic that is not concrete and remembers nothing of it', () => {
    const bus = newBus();
    const error = (() => {
      try {
        bus.publish('quotes.*.XNAS' as Topic<number>, 1);
      } catch (caught) {
        return caught as NwsError;
      }
      return undefined;
    })();
    expect(error?.code).toBe(ErrorCode.InvalidArgument);
    expect(error?.message).toContain('quotes.*.XNAS');
    expect(bus.metrics().topics).toEqual([]);
    expect(() => bus.subscribe('quotes.>.x' as never, () => {})).toThrowError(/'>' is only allowed as the last segment/);
    expect(() => bus.publish(step, 'x', { priority: 'urgent' as Priority })).toThrowError(/unknown priority "urgent"/);
    expect(() => bus.publish(step, 'x', { priority: 'toString' as Priority })).toThrowError(/unknown priority "toString"/);
    expect(bus.metrics().topics).toEqual([]);
    expect(bus.hasSubscribers(topics.quotes(aapl))).toBe(false);
    expect(bus.metrics().topics).toEqual([]); // asking does not track the topic
  });

  it('answers hasSubscribers so publishers can skip building payloads', () => {
    const bus = newBus();
    expect(bus.hasSubscribers(topics.depth(aapl))).toBe(false);
    const dispose = bus.subscribe(patterns.depth(), () => {});
    expect(bus.hasSubscribers(topics.depth(aapl))).toBe(true);
    dispose();
    expect(bus.hasSubscribers(topics.depth(aapl))).toBe(false);
  });

  it('type-checks payloads against the topic', () => {
    const bus = newBus();
    // @ts-expect-error a QuoteTick topic does not take a number
    expect(() => bus.publish(topics.quotes(aapl), 42)).not.toThrow();
    // @ts-expect-error a pattern is not a topic one can publish on
    expect(() => bus.publish(patterns.quotes(), quote(1))).toThrow(NwsError);
    bus.subscribe(patterns.quotes(), (tick) => {
      const bid: number = tick.bid;
      // @ts-expect-error QuoteTick has no close
      void tick.close;
      void bid;
    });
  });
});

describe('priorities and queueing', () => {
  it('queues publishes made inside a handler until the current message reached every subscriber', () => {
    const bus = newBus();
    const log: string[] = [];
    bus.subscribe(step, (value) => {
      log.push(`A:${value}`);
      if (value === 'outer') bus.publish(step, 'inner');
    });
    bus.subscribe(step, (value) => log.push(`B:${value}`));
    bus.publish(step, 'outer');
    expect(log).toEqual(['A:outer', 'B:outer', 'A:inner', 'B:inner']);
  });

  it('delivers a critical message before normal ones queued earlier, then high, normal in FIFO order, low last', () => {
    const bus = newBus();
    const delivered: string[] = [];
    bus.subscribe(step, (value) => {
      delivered.push(value);
      if (value !== 'trigger') return;
      bus.publish(step, 'low-1', { priority: 'low' });
      bus.publish(step, 'normal-1', { priority: 'normal' });
      bus.publish(step, 'normal-2', { priority: 'normal' });
      bus.publish(step, 'high-1', { priority: 'high' });
      bus.publish(step, 'normal-3', { priority: 'normal' });
      bus.publish(step, 'critical-1', { priority: 'critical' });
      bus.publish(step, 'low-2', { priority: 'low' });
    });
    bus.publish(step, 'trigger');
    expect(delivered).toEqual(['trigger', 'critical-1', 'high-1', 'normal-1', 'normal-2', 'normal-3', 'low-1', 'low-2']);
  });

  it('lets a critical message published while draining overtake normal ones still queued', () => {
    const bus = newBus();
    const delivered: string[] = [];
    bus.subscribe(step, (value) => {
      delivered.push(value);
      if (value === 'trigger') {
        bus.publish(step, 'normal-1');
        bus.publish(step, 'normal-2');
        bus.publish(step, 'normal-3');
      }
      // Published while the drain loop is delivering normal-1, with normal-2 and 3 still queued.
      if (value === 'normal-1') bus.publish(step, 'critical', { priority: 'critical' });
    });
    bus.publish(step, 'trigger');
    expect(delivered).toEqual(['trigger', 'normal-1', 'critical', 'normal-2', 'normal-3']);
  });

  it('uses the topic family priority by default: a risk alert overtakes queued quotes', () => {
    const bus = newBus();
    const delivered: string[] = [];
    bus.subscribe(patterns.quotes(), (tick) => delivered.push(`quote ${tick.bid}`));
    bus.subscribe(patterns.riskAlerts(), (alert) => delivered.push(`alert ${alert.rule}`));
    bus.subscribe(step, () => {
      bus.publish(topics.quotes(aapl), quote(1));
      bus.publish(topics.quotes(aapl), quote(2));
      bus.publish(topics.riskAlerts('max-drawdown'), { rule: 'max-drawdown', level: 'breach', message: 'drawdown 12% > 10%', ts: 1 });
    });
    bus.publish(step, 'go');
    expect(delivered).toEqual(['alert max-drawdown', 'quote 1', 'quote 2']);
  });

  it('shows queue depth per priority and the priority being delivered', () => {
    const bus = newBus();
    const depths: Array<Record<Priority, number>> = [];
    const priorities: Array<Priority | undefined> = [];
    bus.subscribe(step, (value) => {
      priorities.push(bus.currentPriority());
      if (value !== 'go') return;
      bus.publish(step, 'a', { priority: 'low' });
      bus.publish(step, 'b', { priority: 'high' });
      bus.publish(step, 'c', { priority: 'high' });
      depths.push(bus.metrics().queueDepth);
      expect(bus.topicMetrics(step)?.queued).toBe(3);
    });
    bus.publish(step, 'go');
    expect(depths).toEqual([{ critical: 0, high: 2, normal: 0, low: 1 }]);
    expect(priorities).toEqual(['normal', 'high', 'high', 'low']);
    expect(bus.currentPriority()).toBeUndefined();
    expect(bus.metrics().queueDepth).toEqual({ critical: 0, high: 0, normal: 0, low: 0 });
  });

  it('drops the oldest low-priority messages when the low queue is full, and counts them', () => {
    const bus = newBus({ queues: { low: { capacity: 3 } } });
    const delivered: number[] = [];
    bus.subscribe(counter, (value) => {
      delivered.push(value);
      if (value === 0) for (let index = 1; index <= 10; index++) bus.publish(counter, index, { priority: 'low' });
    });
    bus.publish(counter, 0);
    expect(delivered).toEqual([0, 8, 9, 10]);
    const metrics = bus.metrics();
    expect(metrics.droppedByPriority).toEqual({ critical: 0, high: 0, normal: 0, low: 7 });
    expect(metrics.dropped).toBe(7);
    expect(bus.topicMetrics(counter)).toMatchObject({ published: 11, delivered: 4, dropped: 7, queued: 0 });
  });

  it('can drop the newest instead when configured', () => {
    const bus = newBus({ queues: { normal: { capacity: 2, overflow: 'drop-newest' } } });
    const delivered: number[] = [];
    bus.subscribe(counter, (value) => {
      delivered.push(value);
      if (value === 0) for (let index = 1; index <= 5; index++) bus.publish(counter, index);
    });
    bus.publish(counter, 0);
    expect(delivered).toEqual([0, 1, 2]);
    expect(bus.metrics().droppedByPriority.normal).toBe(3);
  });

  it('never drops critical messages, however many are queued', () => {
    const bus = newBus({ queues: { high: { capacity: 1 }, normal: { capacity: 1 }, low: { capacity: 1 } } });
    let received = 0;
    bus.subscribe(counter, (value) => {
      received += 1;
      if (value === -1) for (let index = 0; index < 100_000; index++) bus.publish(counter, index, { priority: 'critical' });
    });
    bus.publish(counter, -1);
    expect(received).toBe(100_001);
    expect(bus.metrics().dropped).toBe(0);
  });
});

describe('failing subscribers', () => {
  it('catches a throwing subscriber, counts it, reports it on bus.errors, and still delivers to the others', () => {
    const bus = newBus();
    const reports: BusErrorEvent[] = [];
    const others: string[] = [];
    bus.subscribe(topics.busErrors(), (event) => reports.push(event));
    bus.subscribe(step, () => {
      throw new NwsError(ErrorCode.InvalidValue, 'bad tick');
    }, { name: 'fragile' });
    bus.subscribe(step, (value) => others.push(value));
    bus.publish(step, 'one');
    bus.publish(step, 'two');
    expect(others).toEqual(['one', 'two']);
    expect(bus.topicMetrics(step)?.errors).toBe(2);
    expect(bus.metrics().errors).toBe(2);
    expect(reports).toHaveLength(2);
    expect(reports[0]).toMatchObject({
      kind: 'subscriber-threw',
      topic: 'signals.alpha.step',
      subscriber: 'fragile',
      priority: 'normal',
      error: { code: 'INVALID_VALUE', message: 'bad tick' },
    });
  });

  it('does not loop when a subscriber of bus.errors throws', () => {
    const bus = newBus();
    bus.subscribe(topics.busErrors(), () => {
      throw new Error('error handler broken');
    });
    bus.subscribe(step, () => {
      throw new Error('boom');
    });
    bus.publish(step, 'x');
    expect(bus.topicMetrics(step)?.errors).toBe(1);
    expect(bus.topicMetrics(topics.busErrors())?.errors).toBe(1);
  });

  it('does not await an async subscriber: a slow one cannot hold back the others', async () => {
    const bus = newBus();
    const fast: number[] = [];
    let releaseSlow: () => void = () => {};
    const slowDone = new Promise<void>((resolve) => (releaseSlow = resolve));
    let slowFinished = 0;
    bus.subscribe(counter, async () => {
      await slowDone;
      slowFinished += 1;
    });
    bus.subscribe(counter, (value) => fast.push(value));
    for (let index = 0; index < 3; index++) bus.publish(counter, index);
    expect(fast).toEqual([0, 1, 2]);
    expect(slowFinished).toBe(0);
    releaseSlow();
    await slowDone;
    await Promise.resolve();
    expect(slowFinished).toBe(3);
  });

  it('catches and counts the rejection of an async subscriber and reports it', async () => {
    const bus = newBus();
    const reports: BusErrorEvent[] = [];
    bus.subscribe(topics.busErrors(), (event) => reports.push(event));
    bus.subscribe(step, async (value) => {
      await Promise.resolve();
      throw new Error(`async failure on ${value}`);
    }, { name: 'async-one' });
    bus.publish(step, 'x');
    expect(bus.topicMetrics(step)?.errors).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(bus.topicMetrics(step)?.errors).toBe(1);
    expect(reports).toEqual([
      expect.objectContaining({ kind: 'subscriber-rejected', subscriber: 'async-one', error: { code: 'INTERNAL', message: 'async failure on x' } }),
    ]);
  });
});

describe('request / response', () => {
  const double = endpoints.of<number, number>('calc', 'double');

  it('answers through the responder, sync or async', async () => {
    const bus = newBus();
    bus.respond(double, (value) => value * 2);
    const slowSquare = endpoints.of<number, number>('calc', 'square');
    bus.respond(slowSquare, async (value) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return value * value;
    });
    await expect(bus.request(double, 21)).resolves.toBe(42);
    await expect(bus.request(slowSquare, 9)).resolves.toBe(81);
    expect(bus.topicMetrics(double)).toMatchObject({ published: 1, delivered: 1, errors: 0 });
  });

  it('rejects with TIMEOUT when the responder is too slow', async () => {
    const bus = newBus();
    bus.respond(double, () => new Promise<number>(() => {}));
    const error = await rejectionOf(bus.request(double, 1, { timeoutMs: 20 }));
    expect(error.code).toBe(ErrorCode.Timeout);
    expect(error.message).toBe('request to rpc.calc.double timed out after 20 ms');
    expect(bus.metrics().pendingRequests).toBe(0);
    expect(bus.topicMetrics(double)?.errors).toBe(1);
  });

  it('rejects clearly when nobody responds', async () => {
    const bus = newBus();
    const error = await rejectionOf(bus.request(double, 1));
    expect(error.code).toBe(ErrorCode.NotFound);
    expect(error.message).toContain('no responder for endpoint rpc.calc.double');
    const dispose = bus.respond(double, (value) => value);
    dispose();
    expect((await rejectionOf(bus.request(double, 1))).code).toBe(ErrorCode.NotFound);
  });

  it("passes the responder's error on, keeping its code", async () => {
    const bus = newBus();
    bus.respond(double, () => {
      throw new NwsError(ErrorCode.InvalidParams, 'value must be positive');
    });
    const error = await rejectionOf(bus.request(double, -1));
    expect(error.toJSON()).toEqual({ code: 'INVALID_PARAMS', message: 'value must be positive' });
  });

  it('refuses a second responder and a bad timeout', async () => {
    const bus = newBus();
    bus.respond(double, (value) => value);
    expect(() => bus.respond(double, (value) => value)).toThrowError(/already has a responder/);
    expect((await rejectionOf(bus.request(double, 1, { timeoutMs: -5 }))).code).toBe(ErrorCode.InvalidArgument);
  });

  it('rejects pending requests when the bus closes', async () => {
    const bus = newBus();
    bus.respond(double, () => new Promise<number>(() => {}));
    const pending = bus.request(double, 1, { timeoutMs: 10_000 });
    await Promise.resolve();
    bus.close();
    const error = await rejectionOf(pending);
    expect(error.code).toBe(ErrorCode.ConnectionClosed);
    expect(error.message).toContain('closed before rpc.calc.double answered');
    expect((await rejectionOf(bus.request(double, 1))).code).toBe(ErrorCode.ConnectionClosed);
  });
});

describe('metrics', () => {
  it('counts per topic and measures publish → handler latency of queued messages', () => {
    let now = 1_000;
    const bus = newBus({ latencySampleEvery: 1 }, { now: () => now });
    bus.subscribe(step, (value) => {
      if (value !== 'outer') return;
      now = 1_005; // inner is published at t=1005...
      bus.publish(counter, 7);
      now = 1_012; // ...and delivered once this handler returns, at t=1012
    });
    bus.subscribe(counter, () => {});
    bus.publish(step, 'outer');
    expect(bus.topicMetrics(counter)?.latencyMs).toEqual({ avg: 7, max: 7, samples: 1 });
    expect(bus.topicMetrics(step)?.latencyMs).toEqual({ avg: 0, max: 0, samples: 1 });
    const metrics = bus.metrics();
    expect(metrics.published).toBe(2);
    expect(metrics.delivered).toBe(2);
    expect(metrics.topics.map((topic) => [topic.topic, topic.published, topic.subscribers])).toEqual([
      ['signals.alpha.step', 1, 1],
      ['signals.alpha.counter', 1, 1],
    ]);
  });

  it('samples latency on one message in N per topic', () => {
    const bus = newBus({ latencySampleEvery: 4 });
    bus.subscribe(counter, () => {});
    for (let index = 0; index < 10; index++) bus.publish(counter, index);
    expect(bus.topicMetrics(counter)?.latencyMs.samples).toBe(3); // messages 0, 4, 8
  });

  it('reports the rate over the recent window, which falls back to zero when publishing stops', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let now = 0;
    const bus = newBus({ rateWindowMs: 1_000, rateSlots: 4 }, { now: () => now });
    bus.subscribe(counter, () => {});
    const tick = (ms: number) => {
      now += ms;
      vi.advanceTimersByTime(ms);
    };
    for (let index = 0; index < 100; index++) bus.publish(counter, index);
    tick(500);
    expect(bus.topicMetrics(counter)?.ratePerSec).toBe(200); // 100 messages in 0.5 s
    for (let index = 0; index < 100; index++) bus.publish(counter, index);
    tick(500);
    expect(bus.topicMetrics(counter)?.ratePerSec).toBe(200); // 200 in the last 1 s
    tick(1_000);
    expect(bus.topicMetrics(counter)?.ratePerSec).toBe(0);
  });

  it('forgets the oldest topics past maxTrackedTopics but keeps bus totals', () => {
    const bus = newBus({ maxTrackedTopics: 16 });
    for (let job = 0; job < 40; job++) {
      bus.publish(topics.jobProgress(`job-${job}`), { jobId: `job-${job}`, state: 'running', done: job, ts: 0 });
    }
    const metrics = bus.metrics();
    expect(metrics.topics).toHaveLength(16);
    expect(metrics.topics[0]!.topic).toBe('jobs.job-24.progress');
    expect(metrics.published).toBe(40);
  });
});

describe('configuration and lifecycle', () => {
  it('refuses a bad config, naming every bad field at once', () => {
    let error: NwsError | undefined;
    try {
      new MessageBus({ latencySampleEvery: 3, queues: { low: { capacity: 0 } }, colour: 'blue' } as never);
    } catch (caught) {
      error = caught as NwsError;
    }
    expect(error?.code).toBe(ErrorCode.InvalidConfig);
    expect(error?.message).toContain('latencySampleEvery: must be a power of two');
    expect(error?.message).toContain('queues.low.capacity');
    expect(error?.message).toContain('colour');
  });

  it('freezes its config with defaults filled in', () => {
    const bus = newBus({ name: 'main' });
    expect(bus.config.queues.low).toEqual({ capacity: 8_192, overflow: 'drop-oldest' });
    expect(Object.isFrozen(bus.config)).toBe(true);
    expect(Object.isFrozen(bus.config.queues.low)).toBe(true);
  });

  it('after close: publishes are counted and ignored, subscribing is refused', () => {
    const bus = newBus();
    const seen: string[] = [];
    bus.subscribe(step, (value) => seen.push(value));
    bus.close();
    bus.close();
    bus.publish(step, 'late');
    expect(seen).toEqual([]);
    expect(bus.metrics().publishedAfterClose).toBe(1);
    expect(() => bus.subscribe(step, () => {})).toThrowError(expect.objectContaining({ code: ErrorCode.ConnectionClosed }));
  });

  it('parses outside topic strings before use', () => {
    const bus = newBus();
    const seen: unknown[] = [];
    bus.subscribe(patterns.all(), (data) => seen.push(data));
    bus.publish(parseTopic('signals.alpha.step'), 'from-outside');
    expect(seen).toEqual(['from-outside']);
  });
});
