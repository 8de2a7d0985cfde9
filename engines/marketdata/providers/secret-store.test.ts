import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretStore, MemorySecretStore } from './secret-store.js';
import { failure } from './testing/harness.js';

describe('FileSecretStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nws-secrets-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps secrets across instances in a file only its owner can read', async () => {
    const path = join(dir, 'nested', 'secrets.json');
    const store = new FileSecretStore(path);
    await Promise.all([store.set('marketdata.fred.apiKey', 'fred-key-1'), store.set('marketdata.alphavantage.apiKey', 'av-key-2')]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const reopened = new FileSecretStore(path);
    expect(await reopened.get('marketdata.fred.apiKey')).toBe('fred-key-1');
    expect(await reopened.get('marketdata.alphavantage.apiKey')).toBe('av-key-2');
    await reopened.delete('marketdata.fred.apiKey');
    expect(await new FileSecretStore(path).get('marketdata.fred.apiKey')).toBeUndefined();
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ 'marketdata.alphavantage.apiKey': 'av-key-2' });
  });

  it('returns undefined when no file exists yet', async () => {
    expect(await new FileSecretStore(join(dir, 'none.json')).get('x.key')).toBeUndefined();
  });

  it('rejects a damaged file without echoing its content', async () => {
    const path = join(dir, 'secrets.json');
    await writeFile(path, '{"a.key": "hunter2-secret"', { mode: 0o600 });
    const error = await failure(new FileSecretStore(path).get('a.key'));
    expect(error.message).toContain('is not valid JSON');
    expect(error.message).not.toContain('hunter2');
  });

  it('rejects bad names and empty values and changes nothing', async () => {
    const path = join(dir, 'secrets.json');
    const store = new FileSecretStore(path);
    await expect(store.set('bad name!', 'v')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(store.set('ok.name', '')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('MemorySecretStore', () => {
  it('gets, sets and deletes', async () => {
    const store = new MemorySecretStore({ 'a.key': 'one' });
    await store.set('b.key', 'two');
    await store.delete('a.key');
    expect([await store.get('a.key'), await store.get('b.key')]).toEqual([undefined, 'two']);
  });
});
