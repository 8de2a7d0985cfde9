import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteProviderStore } from './sqlite-provider-store.js';

describe('SqliteProviderStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nws-provider-store-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('serves a cached body until it expires and purges expired rows', async () => {
    const store = SqliteProviderStore.open(join(dir, 'state.db'));
    await store.set('yahoo:http://x/a', '{"a":1}', 2_000);
    await store.set('yahoo:http://x/b', '{"b":2}', 5_000);
    expect(await store.get('yahoo:http://x/a', 1_999)).toBe('{"a":1}');
    expect(await store.get('yahoo:http://x/a', 2_000)).toBeUndefined();
    expect(await store.purgeExpired(3_000)).toBe(1);
    expect(await store.get('yahoo:http://x/b', 3_000)).toBe('{"b":2}');
    store.close();
  });

  it('keeps daily usage across a restart', () => {
    const path = join(dir, 'state.db');
    const first = SqliteProviderStore.open(path);
    first.addUsage('alphavantage', '2024-01-02', 1);
    first.addUsage('alphavantage', '2024-01-02', 1);
    first.close();
    const second = SqliteProviderStore.open(path);
    expect(second.usage('alphavantage', '2024-01-02')).toBe(2);
    expect(second.usage('alphavantage', '2024-01-03')).toBe(0);
    second.close();
  });
});
