import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { StateStore } from './state-store.js';

const here = dirname(fileURLToPath(import.meta.url));
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nws-crash-'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the child until it reports the journal write, then kills it with SIGKILL at once. */
function journalThenKill(file: string, clientOrderId: string): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'journal-crash-child.ts'), file, clientOrderId], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.stdout.on('data', (data: Buffer) => {
      if (data.toString().includes(`journaled ${clientOrderId}`)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(signal) : reject(new Error(`child exited ${code}: ${stderr}`))));
  });
}

it('an order journalled right before a SIGKILL is there after reopening (journal before act)', async () => {
  const file = join(dir, 'state.sqlite');
  expect(await journalThenKill(file, 'O-CRASH-1')).toBe('SIGKILL');
  expect(await journalThenKill(file, 'O-CRASH-2')).toBe('SIGKILL');

  const store = StateStore.open(file);
  try {
    expect(store.openOrders().map((order) => [order.clientOrderId, order.status])).toEqual([
      ['O-CRASH-1', 'SUBMITTED'],
      ['O-CRASH-2', 'SUBMITTED'],
    ]);
    expect(store.orderEvents('O-CRASH-2').map((event) => event.kind)).toEqual(['OrderSubmitted']);
  } finally {
    store.close();
  }
});
