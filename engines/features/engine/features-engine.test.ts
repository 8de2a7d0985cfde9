// The features engine around the indicator library: indicator sets (in process and on a real
// worker thread), computeAndStore against a real DuckDB file, and streaming values on a real
// MessageBus, checked equal to the batch values stored for the same bars.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ErrorCode, MessageBus, NwsError, barType, patterns, topics, testkit } from '@nws/core';
import type { Bar, InstrumentId } from '@nws/core';
import { TimeSeriesStore } from '@nws/storage';
import type { BarColumns } from '@nws/storage';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  FEATURES_COMPUTE_SET_TASK,
  FEATURES_COMPUTE_SET_TASK_MODULE,
  FeatureService,
  StreamingFeatures,
  computeAndStore,
  computeBatch,
  computeIndicatorSet,
  featureTopic,
  indicatorLookback,
  type FeatureProgress,
  type FeatureUpdate,
  type IndicatorSetRequest,
  type IndicatorSetResult,
  type IndicatorSpec,
} from '../index.js';
import { generateOhlcv } from '../test-support/series.js';

const AAPL = 'AAPL.XNAS' as InstrumentId;
const START_MS = Date.UTC(2024, 0, 2, 14, 30);
const MINUTE_MS = 60_000;

/** A varied set: single and multi output, high/low/close/volume inputs, ts (VWAP), a custom key and source. */
const SET: IndicatorSpec[] = [
  { name: 'rsi', params: { timeperiod: 14 } },
  { name: 'MACD' },
  { name: 'bbands', params: { timeperiod: 20, matype: 1 } },
  { name: 'atr' },
  { name: 'stoch' },
  { name: 'obv' },
  { name: 'vwap' },
  { name: 'ema', params: { timeperiod: 5 }, source: 'high', key: 'ema_fast_high' },
];
const KEYS = ['rsi_14', 'macd_12_26_9', 'bbands_20_2_2_1', 'atr_14', 'stoch_5_3_0_3_0', 'obv', 'vwap_1440_0', 'ema_fast_high'];

function barColumns(rows: number, seed = 7): BarColumns {
  const ohlcv = generateOhlcv(rows, seed);
  const tsUs = BigInt64Array.from({ length: rows }, (_, i) => BigInt(START_MS + i * MINUTE_MS) * 1000n);
  return { tsUs, ...ohlcv };
}

function barsOf(columns: BarColumns, from = 0, to = columns.tsUs.length): Bar[] {
  const type = barType(AAPL, '1m');
  const bars: Bar[] = [];
  for (let i = from; i < to; i++) {
    bars.push({ barType: type, ts: Number(columns.tsUs[i]! / 1000n), open: columns.open[i]!, high: columns.high[i]!, low: columns.low[i]!, close: columns.close[i]!, volume: columns.volume[i]! });
  }
  return bars;
}

const caught = testkit.errorOf;

describe('computeIndicatorSet', () => {
  it('computes every indicator of the set with default keys, equal to computeBatch', () => {
    const columns = barColumns(300);
    const result = computeIndicatorSet({ columns, indicators: SET });
    expect(result.rows).toBe(300);
    expect(result.values.map((value) => value.key)).toEqual(KEYS);
    expect(result.values[1]!.params).toEqual({ fastperiod: 12, slowperiod: 26, signalperiod: 9 });
    expect(result.values[1]!.outputs.macdhist).toEqual(computeBatch('macd', {}, columns).macdhist);
    expect(result.values[7]!.outputs.real).toEqual(computeBatch('ema', { timeperiod: 5 }, columns, { source: 'high' }).real);
    expect(result.values[6]!.outputs.real).toEqual(computeBatch('vwap', {}, columns).real);
  });

  it('names every bad indicator of a set at once and computes nothing', () => {
    const error = caught(() =>
      computeIndicatorSet({
        columns: barColumns(10),
        indicators: [{ name: 'sma' }, { name: 'supertrend' }, { name: 'rsi', params: { timeperiod: 1 } }, { name: 'sma', params: { timeperiod: 30 } }, { name: 'ema', key: 'has.dot' }],
      }),
    );
    expect(error.code).toBe(ErrorCode.InvalidArgument);
    expect(error.message).toContain("indicators[1]: unknown indicator 'supertrend'");
    expect(error.message).toContain('indicators[2]: rsi: timeperiod=1 is out of range');
    expect(error.message).toContain("indicators[3]: key 'sma_30' is used twice");
    expect(error.message).toContain('indicators[4]: key "has.dot" must be');
    expect(caught(() => computeIndicatorSet({ columns: barColumns(3), indicators: [] })).message).toContain('at least one');
  });

  it('gives parameter values key-safe text', () => {
    const [sar] = computeIndicatorSet({ columns: barColumns(5), indicators: [{ name: 'sar', params: { acceleration: 0.025 } }] }).values;
    expect(sar!.key).toBe('sar_0p025_0p2');
  });
});

describe('the features.compute-set worker task', () => {
  let worker: Worker;
  beforeAll(() => {
    worker = new Worker(new URL('../test-fixtures/compute-set-worker.mjs', import.meta.url), { workerData: { moduleUrl: FEATURES_COMPUTE_SET_TASK_MODULE.href } });
  });
  afterAll(() => worker.terminate());

  it('is named for the Host and points at a file: module', () => {
    expect(FEATURES_COMPUTE_SET_TASK).toBe('features.compute-set');
    expect(FEATURES_COMPUTE_SET_TASK_MODULE.protocol).toBe('file:');
  });

  it('computes on a real worker thread exactly what the set gives in process', async () => {
    const request: IndicatorSetRequest = { columns: barColumns(2000), indicators: SET };
    const reply = await runOnWorker(worker, request);
    expect(reply).toEqual({ ok: true, value: computeIndicatorSet(request) });
  });

  it('reports a bad request as an error with its code', async () => {
    const reply = await runOnWorker(worker, { columns: { close: new Float64Array(3) }, indicators: [{ name: 'atr' }] });
    expect(reply).toEqual({ ok: false, code: 'INVALID_ARGUMENT', message: "atr: missing input column 'high'; required: high, low, close" });
  });
});

type WorkerReply = { ok: true; value: IndicatorSetResult } | { ok: false; code: string; message: string };

function runOnWorker(worker: Worker, request: IndicatorSetRequest): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.postMessage(request);
  });
}

describe('computeAndStore and StreamingFeatures over a real DuckDB file', () => {
  let dir: string;
  let store: TimeSeriesStore;
  let worker: Worker | undefined;
  const series = { instrumentId: AAPL, barType: '1m' };
  const ROWS = 3000;
  const columns = barColumns(ROWS);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nws-features-engine-'));
    store = await TimeSeriesStore.open(join(dir, 'timeseries.duckdb'), { threads: 1 });
    await store.ingestBars(series, columns);
  });

  afterEach(async () => {
    await worker?.terminate();
    worker = undefined;
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('computes a set on a worker, stores every output and reports each phase', async () => {
    worker = new Worker(new URL('../test-fixtures/compute-set-worker.mjs', import.meta.url), { workerData: { moduleUrl: FEATURES_COMPUTE_SET_TASK_MODULE.href } });
    const runTask = async (request: IndicatorSetRequest) => {
      const reply = await runOnWorker(worker!, request);
      if (!reply.ok) throw new NwsError(ErrorCode.WorkerFailed, reply.message);
      return reply.value;
    };
    const progress: FeatureProgress[] = [];
    const service = new FeatureService({ stores: { timeSeries: store }, runTask });
    const result = await service.computeAndStore({ ...series, indicators: SET }, (step) => progress.push(step));
    const outputCount = 1 + 3 + 5 + 1 + 2 + 1 + 1 + 1;
    expect(result).toEqual({ ...series, bars: ROWS, keys: KEYS, rows: ROWS * outputCount, replaced: 0 });
    expect(progress.map((step) => [step.phase, step.done, step.total, step.bars])).toEqual([
      ['reading', 0, 3, 0],
      ['computing', 1, 3, ROWS],
      ['writing', 2, 3, ROWS],
      ['done', 3, 3, ROWS],
    ]);
    const stored = await store.readIndicatorValues({ ...series, key: 'bbands_20_2_2_1' });
    expect(stored.tsUs).toEqual(columns.tsUs);
    expect(stored.params).toEqual({ matype: 1, nbdevdn: 2, nbdevup: 2, timeperiod: 20 });
    const expected = computeBatch('bbands', { timeperiod: 20, matype: 1 }, columns);
    for (const output of ['upperband', 'middleband', 'lowerband', 'percentb', 'bandwidth']) expect(stored.outputs[output]).toEqual(expected[output]);
  });

  it('computes over [from, to) only, warming up from `from`', async () => {
    const from = START_MS + 1000 * MINUTE_MS;
    const to = START_MS + 1500 * MINUTE_MS;
    const result = await computeAndStore({ ...series, indicators: [{ name: 'rsi' }], from, to }, { stores: { timeSeries: store } });
    expect(result.bars).toBe(500);
    const stored = await store.readIndicatorValues({ ...series, key: 'rsi_14' });
    expect(stored.tsUs).toEqual(columns.tsUs.slice(1000, 1500));
    expect(stored.outputs.real).toEqual(computeBatch('rsi', {}, { close: columns.close.slice(1000, 1500) }).real);
  });

  it('refuses a bad request before reading or writing anything', async () => {
    const bad = await computeAndStore({ ...series, indicators: [{ name: 'rsi', params: { timeperiod: 0 } }] }, { stores: { timeSeries: store } }).catch((error: unknown) => error);
    expect((bad as NwsError).code).toBe(ErrorCode.InvalidArgument);
    expect((bad as NwsError).message).toContain('indicators[0]: rsi: timeperiod=0 is out of range');
    const shape = await computeAndStore({ ...series, indicators: [], from: 5, to: 1, extra: true } as never, { stores: { timeSeries: store } }).catch((error: unknown) => error);
    expect((shape as NwsError).message).toMatch(/^computeAndStore: .*indicators.*from: from must not be after to/);
    const missing = await computeAndStore({ instrumentId: 'MSFT.XNAS', barType: '1m', indicators: [{ name: 'rsi' }] }, { stores: { timeSeries: store } }).catch((error: unknown) => error);
    expect((missing as NwsError).code).toBe(ErrorCode.NotFound);
    expect(await store.listIndicatorValues()).toEqual([]);
  });

  it('publishes live exactly the values stored in DuckDB for the same bars', async () => {
    await computeAndStore({ ...series, indicators: SET }, { stores: { timeSeries: store } });
    const bus = new MessageBus();
    const streaming = new StreamingFeatures(bus, [{ ...series, indicators: SET }]);
    const received = new Map<string, FeatureUpdate[]>();
    const topicsSeen = new Set<string>();
    bus.subscribe(patterns.features<FeatureUpdate>({ instrumentId: AAPL }), (update, topic) => {
      topicsSeen.add(topic);
      received.set(update.key, [...(received.get(update.key) ?? []), update]);
    });
    streaming.start();
    for (const bar of barsOf(columns)) bus.publish(topics.bars(AAPL, '1m'), bar);
    bus.close();

    expect([...topicsSeen]).toContain('features.AAPL.XNAS.1m.rsi_14');
    expect(featureTopic(AAPL, '1m', 'macd_12_26_9')).toBe('features.AAPL.XNAS.1m.macd_12_26_9');
    for (const spec of SET) {
      const key = KEYS[SET.indexOf(spec)]!;
      const stored = await store.readIndicatorValues({ ...series, key });
      const updates = received.get(key) ?? [];
      const lookback = indicatorLookback(spec.name, spec.params);
      expect(updates.length, key).toBe(ROWS - lookback);
      updates.forEach((update, index) => {
        const row = lookback + index;
        expect(update.ts).toBe(START_MS + row * MINUTE_MS);
        for (const [output, value] of Object.entries(update.values)) expect(Object.is(value, stored.outputs[output]![row]), `${key}.${output} row ${row}`).toBe(true);
      });
    }
    expect(streaming.stats()).toEqual({ bars: ROWS, published: [...received.values()].reduce((sum, each) => sum + each.length, 0), stale: 0, rejected: 0 });
  });

  it('continues from primed history, and skips stale and broken bars without moving any indicator', async () => {
    await computeAndStore({ ...series, indicators: [{ name: 'macd' }, { name: 'atr' }] }, { stores: { timeSeries: store } });
    const bus = new MessageBus();
    const streaming = new StreamingFeatures(bus, [{ ...series, indicators: [{ name: 'macd' }, { name: 'atr' }] }]);
    const all = barsOf(columns);
    const history = await store.readBars({ ...series, toUs: columns.tsUs[2000] });
    expect(streaming.primeColumns(AAPL, '1m', history)).toBe(2000);
    expect(streaming.prime(AAPL, '1m', all.slice(1990, 2000))).toBe(0); // already applied
    const updates: FeatureUpdate[] = [];
    bus.subscribe(featureTopic(AAPL, '1m', 'atr_14'), (update) => updates.push(update));
    streaming.start();
    bus.publish(topics.bars(AAPL, '1m'), all[1999]!); // a replay of the last primed bar
    bus.publish(topics.bars(AAPL, '1m'), { ...all[2000]!, high: Number.NaN });
    for (const bar of all.slice(2000)) bus.publish(topics.bars(AAPL, '1m'), bar);
    streaming.stop();
    bus.publish(topics.bars(AAPL, '1m'), { ...all[ROWS - 1]!, ts: all[ROWS - 1]!.ts + MINUTE_MS });
    bus.close();

    const stored = await store.readIndicatorValues({ ...series, key: 'atr_14' });
    expect(updates.map((update) => update.values.real)).toEqual(Array.from(stored.outputs.real!.subarray(2000)));
    expect(streaming.latest(AAPL, '1m', 'macd_12_26_9')?.macdhist).toBe((await store.readIndicatorValues({ ...series, key: 'macd_12_26_9' })).outputs.macdhist![ROWS - 1]);
    expect(streaming.stats()).toMatchObject({ bars: ROWS, stale: 11, rejected: 1 });
  });

  it('refuses a bad streaming configuration, naming the problem', () => {
    const bus = new MessageBus();
    expect(caught(() => new StreamingFeatures(bus, [{ instrumentId: 'AAPL', barType: '1m', indicators: [{ name: 'rsi' }] }])).message).toContain('streaming features[0].instrumentId');
    expect(caught(() => new StreamingFeatures(bus, [{ ...series, indicators: [{ name: 'correl' }] }])).message).toBe(
      'streaming features[0]: correl_30 read two series (real0, real1); a bar series has one',
    );
    expect(caught(() => new StreamingFeatures(bus, [{ ...series, indicators: [{ name: 'nope' }] }])).message).toMatch(/^streaming features\[0\]: indicators\[0\]: unknown indicator 'nope'/);
    expect(caught(() => new StreamingFeatures(bus, [{ ...series, indicators: [{ name: 'rsi' }] }, { ...series, barType: '1m', indicators: [{ name: 'ema' }] }])).message).toContain('configured twice');
    bus.close();
  });
});
