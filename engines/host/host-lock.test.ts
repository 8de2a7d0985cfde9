import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, NwsError } from '@nws/core';
import { HostLock, isProcessAlive, lockPath, readLockHolder } from './host-lock.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nws-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const acquire = (token = 't'.repeat(64), owner?: string) => HostLock.acquire(dir, { token, host: '127.0.0.1', owner, now: () => 1_700_000_000_000 });

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

function lockedError(action: () => unknown): NwsError {
  try {
    action();
  } catch (error) {
    expect(NwsError.is(error, ErrorCode.Locked)).toBe(true);
    return error as NwsError;
  }
  return expect.fail('expected LOCKED');
}

describe('HostLock', () => {
  it('writes pid, address, token, start time and owner, readable only by the user', () => {
    const lock = acquire();
    expect(JSON.parse(readFileSync(lockPath(dir), 'utf8'))).toEqual({
      pid: process.pid,
      host: '127.0.0.1',
      port: null,
      token: 't'.repeat(64),
      startedAt: 1_700_000_000_000,
      owner: 'host',
    });
    expect(statSync(lockPath(dir)).mode & 0o777).toBe(0o600);
    lock.setAddress('127.0.0.1', 4321);
    expect(readLockHolder(dir)).toEqual({ alive: true, info: expect.objectContaining({ port: 4321 }) });
    expect(statSync(lockPath(dir)).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['host.lock']); // no temp files left behind
  });

  it('refuses a second holder while the first is alive, naming pid and URL but not the token', () => {
    const first = acquire();
    first.setAddress('127.0.0.1', 4321);
    const error = lockedError(() => acquire('u'.repeat(64)));
    expect(error.message).toBe(
      `data directory ${dir} is in use by another nws host (pid ${process.pid}, http://127.0.0.1:4321/); stop it or use a different --home`,
    );
    expect(error.details).toEqual({ pid: process.pid, owner: 'host', url: 'http://127.0.0.1:4321/' });
    expect(readLockHolder(dir)?.info.token).toBe('t'.repeat(64));
  });

  it('names a CLI command holding the directory', () => {
    acquire('t'.repeat(64), 'nws status');
    expect(lockedError(() => acquire()).message).toContain('in use by `nws status` (pid');
  });

  it('takes over a lock whose process is gone, and one that is not valid JSON', () => {
    const pid = deadPid();
    expect(isProcessAlive(pid)).toBe(false);
    writeFileSync(lockPath(dir), JSON.stringify({ pid, host: '127.0.0.1', port: 9, token: 'old', startedAt: 1 }));
    expect(readLockHolder(dir)).toMatchObject({ alive: false, info: { pid } });
    acquire().release();
    writeFileSync(lockPath(dir), '{ half a lock');
    const lock = acquire();
    expect(readLockHolder(dir)?.info.pid).toBe(process.pid);
    lock.release();
  });

  it('releases only its own lock, once', () => {
    const lock = acquire();
    lock.release();
    expect(existsSync(lockPath(dir))).toBe(false);
    const next = acquire('n'.repeat(64));
    lock.release(); // a second release must not remove the next holder's lock
    expect(readLockHolder(dir)?.info.token).toBe('n'.repeat(64));
    next.release();
    expect(() => lock.setAddress('127.0.0.1', 1)).toThrow(/already released/);
  });

  it('reports no holder when there is no lock', () => {
    expect(readLockHolder(dir)).toBeNull();
  });

  it('fails with STORAGE_ERROR when the directory is missing', () => {
    expect(() => HostLock.acquire(join(dir, 'missing'), { token: 't', host: '127.0.0.1' })).toThrow(
      expect.objectContaining({ code: ErrorCode.StorageError, message: expect.stringContaining('cannot create') }),
    );
  });
});
