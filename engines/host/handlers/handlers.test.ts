// The UI's protocol methods through a real Workstation (real DuckDB and SQLite in a temp dir).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NwsError, type ProtocolClient } from '@nws/core';
import { Workstation } from '../workstation.js';
import { LAYOUTS_SETTING_KEY } from './layouts.js';

let home: string;
let workstation: Workstation;
let client: ProtocolClient;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'nws-handlers-'));
  workstation = await Workstation.start({ home, server: { port: 0 }, market: { demo: false } });
  const minute = 60_000_000n;
  const start = BigInt(Date.UTC(2024, 0, 2, 14, 30)) * 1000n;
  await workstation.timeSeries.ingestBars(
    { instrumentId: 'AAPL.XNAS', barType: '1m' },
    {
      tsUs: BigInt64Array.from([start, start + minute, start + 2n * minute]),
      open: Float64Array.from([100, 101, 102]),
      high: Float64Array.from([101, 102, 103]),
      low: Float64Array.from([99, 100, 101]),
      close: Float64Array.from([101, 102, 102.5]),
      volume: Float64Array.from([1000, 1200, 900]),
    },
  );
  client = workstation.connect();
});

afterAll(async () => {
  client?.close();
  await workstation?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('marketdata.bars', () => {
  it('answers the latest bars as columns with epoch-ms open times', async () => {
    const bars = await client.call('marketdata.bars', { instrumentId: 'AAPL.XNAS', barType: '1m', limit: 2 });
    const start = Date.UTC(2024, 0, 2, 14, 30);
    expect(bars).toEqual({
      instrumentId: 'AAPL.XNAS',
      barType: '1m',
      ts: [start + 60_000, start + 120_000],
      open: [101, 102],
      high: [102, 103],
      low: [100, 101],
      close: [102, 102.5],
      volume: [1200, 900],
    });
  });

  it('honours from/to as a half-open range', async () => {
    const start = Date.UTC(2024, 0, 2, 14, 30);
    const bars = await client.call('marketdata.bars', { instrumentId: 'AAPL.XNAS', barType: '1m', from: start, to: start + 60_000 });
    expect(bars.close).toEqual([101]);
  });

  it('refuses an unknown series with a clear error', async () => {
    const failure = await client.call('marketdata.bars', { instrumentId: 'MSFT.XNAS', barType: '1m' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NwsError);
    expect((failure as NwsError).message).toContain('MSFT.XNAS');
  });
});

describe('layouts.*', () => {
  it('saves, lists, replaces and deletes named layouts in the state store', async () => {
    expect(await client.call('layouts.list')).toEqual({ layouts: [] });
    await client.call('layouts.save', { name: 'Morning', layout: { version: 1, widgets: [] } });
    const saved = await client.call('layouts.save', { name: 'Alpha', layout: { version: 1, widgets: [{ id: 'w1' }] } });
    expect(saved.name).toBe('Alpha');
    await client.call('layouts.save', { name: 'Morning', layout: { version: 1, widgets: [{ id: 'w2' }] } });

    const listed = await client.call('layouts.list');
    expect(listed.layouts.map((entry) => entry.name)).toEqual(['Alpha', 'Morning']);
    expect(listed.layouts[1]!.layout).toEqual({ version: 1, widgets: [{ id: 'w2' }] });
    expect(Object.keys(workstation.state.getSetting(LAYOUTS_SETTING_KEY) as object).sort()).toEqual(['Alpha', 'Morning']);

    expect(await client.call('layouts.delete', { name: 'Alpha' })).toEqual({ deleted: true });
    expect(await client.call('layouts.delete', { name: 'Alpha' })).toEqual({ deleted: false });
    expect((await client.call('layouts.list')).layouts.map((entry) => entry.name)).toEqual(['Morning']);
  });

  it('refuses an empty name and a non-object document, changing nothing', async () => {
    const before = await client.call('layouts.list');
    await expect(client.call('layouts.save', { name: '  ', layout: {} })).rejects.toThrow(/layout name must not be empty/);
    // @ts-expect-error: a layout must be an object
    await expect(client.call('layouts.save', { name: 'Bad', layout: [1, 2] })).rejects.toThrow(/layout/);
    expect(await client.call('layouts.list')).toEqual(before);
  });

  it('reads a damaged setting as no layouts', async () => {
    workstation.state.setSetting(LAYOUTS_SETTING_KEY, 'not an object');
    expect(await client.call('layouts.list')).toEqual({ layouts: [] });
  });
});
