import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SWEEP_WORKER_CACHE_DIR, sweepWorkerUrl } from './worker-bundle.js';

describe('sweepWorkerUrl', () => {
  it('gives one prebuilt bundle per process, recorded with the fingerprints of its sources', async () => {
    const url = await sweepWorkerUrl();
    expect(url.protocol).toBe('file:');
    const path = fileURLToPath(url);
    expect(path.startsWith(join(tmpdir(), 'nws-sweep-worker'))).toBe(true);
    expect(path.startsWith(SWEEP_WORKER_CACHE_DIR)).toBe(true);
    expect(existsSync(path)).toBe(true);
    expect(await sweepWorkerUrl()).toBe(url);

    const manifest = JSON.parse(readFileSync(join(SWEEP_WORKER_CACHE_DIR, 'manifest.json'), 'utf8')) as { bundle: string; inputs: Record<string, string> };
    expect(manifest.bundle).toBe(path);
    const entry = fileURLToPath(new URL('./sweep-worker.ts', import.meta.url));
    expect(manifest.inputs[entry]).toMatch(/^\d+:\d+(\.\d+)?$/);
    expect(Object.keys(manifest.inputs).some((input) => input.endsWith('engines/execution/order-manager.ts'))).toBe(true);
  });
});
