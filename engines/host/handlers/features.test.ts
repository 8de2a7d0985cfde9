// features.compute / values / list through a real Workstation: the set runs in a real worker
// thread of the Host's pool and the values land in the real DuckDB file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NwsError, patterns, type JobProgress, type ProtocolClient } from '@nws/core';
import { computeBatch } from '@nws/features';
import { Workstation } from '../workstation.js';

const BARS = 400;
let home: string;
let workstation: Workstation;
let client: ProtocolClient;
let close: Float64Array;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'nws-features-'));
  workstation = await Workstation.start({ home, server: { port: 0 }, market: { demo: false }, workers: { maxThreads: 1 } });
  const day = 86_400_000_000n;
  const start = BigInt(Date.UTC(2023, 0, 2)) * 1000n;
  close = Float64Array.from({ length: BARS }, (_, row) => 100 + 10 * Math.sin(row / 9) + row / 20);
  await workstation.timeSeries.ingestBars(
    { instrumentId: 'ACME.SIM', barType: '1d' },
    {
      tsUs: BigInt64Array.from({ length: BARS }, (_, row) => start + BigInt(row) * day),
      open: close.map((value) => value - 0.3),
      high: close.map((value) => value + 1),
      low: close.map((value) => value - 1),
      close,
      volume: Float64Array.from({ length: BARS }, (_, row) => 1000 + (row % 7) * 100),
    },
  );
  client = workstation.connect();
});

afterAll(async () => {
  client?.close();
  await workstation?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('features.* through the protocol', () => {
  it('computes a set in the worker pool, stores it, reports progress and reads back the batch values', async () => {
    const progress: JobProgress[] = [];
    const dispose = workstation.bus.subscribe(patterns.jobProgress(), (event) => void progress.push(event));
    const result = await client.call('features.compute', {
      instrumentId: 'ACME.SIM',
      barType: '1d',
      jobId: 'rsi-and-bands',
      indicators: [{ name: 'rsi', params: { timeperiod: 14 } }, { name: 'bbands', params: { timeperiod: 20 } }],
    });
    dispose();
    expect(result).toMatchObject({ jobId: 'rsi-and-bands', bars: BARS, keys: ['rsi_14', 'bbands_20_2_2_0'] });
    expect(progress.at(-1)).toMatchObject({ jobId: 'rsi-and-bands', state: 'done' });

    const rsi = await client.call('features.values', { instrumentId: 'ACME.SIM', barType: '1d', key: 'rsi_14' });
    const expected = computeBatch('rsi', { timeperiod: 14 }, { close }).real!;
    expect(rsi.ts).toHaveLength(BARS);
    expect(rsi.outputs.real!.slice(0, 14)).toEqual(Array(14).fill(null));
    expect(rsi.outputs.real!.slice(14)).toEqual(Array.from(expected.slice(14)));

    const { values } = await client.call('features.list');
    expect(values.map((value) => [value.key, value.rows])).toEqual(
      expect.arrayContaining([
        ['rsi_14', BARS],
        ['bbands_20_2_2_0', BARS],
      ]),
    );
  });

  it('refuses an unknown indicator naming it, and stores nothing', async () => {
    const before = (await client.call('features.list')).values.length;
    const error = await client.call('features.compute', { instrumentId: 'ACME.SIM', barType: '1d', indicators: [{ name: 'nope' }] }).catch((caught: unknown) => caught as NwsError);
    expect(error).toBeInstanceOf(NwsError);
    expect((error as NwsError).message).toMatch(/nope/);
    expect((await client.call('features.list')).values).toHaveLength(before);
  });
});
