// host.lock: one process owns a data directory at a time (DuckDB allows one writer). The lock
// names the owner's pid and how to reach it (host, port, token) so a CLI command can talk to the
// running Host instead of opening the files itself.
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ErrorCode, NwsError } from '@nws/core';
import { DataDirFiles } from './data-dir.js';
import { urlAuthority } from './urls.js';

// Not strict: a newer Host may add fields, and an older CLI must still find pid and port.
const HostLockInfoSchema = z.object({
  pid: z.int().positive(),
  host: z.string().min(1),
  /** null while the Host is starting and has not bound its port yet. */
  port: z.int().min(0).max(65535).nullable(),
  token: z.string().min(1),
  /** Epoch milliseconds. */
  startedAt: z.int().nonnegative(),
  /** Who holds it: `host` for a Host, or the CLI command that opened the files itself (`nws status`). */
  owner: z.string().min(1).default('host'),
});

export type HostLockInfo = Readonly<z.infer<typeof HostLockInfoSchema>>;

export interface LockHolder {
  info: HostLockInfo;
  /** False when the owning process is gone: the lock is stale and the next Host takes it over. */
  alive: boolean;
}

export function lockPath(dataDir: string): string {
  return join(dataDir, DataDirFiles.lock);
}

/** The Host's base URL without the token (safe to print in errors and logs). */
export function hostBaseUrl(info: Pick<HostLockInfo, 'host' | 'port'>): string | null {
  return info.port === null ? null : `http://${urlAuthority(info.host, info.port)}/`;
}

/** True if a process with this pid exists (EPERM means it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Who holds the directory, or null when no valid lock exists. */
export function readLockHolder(dataDir: string): LockHolder | null {
  const raw = readLockText(dataDir);
  const info = raw === null ? null : parseLock(raw);
  return info === null ? null : { info, alive: isProcessAlive(info.pid) };
}

export interface AcquireOptions {
  token: string;
  host: string;
  /** Default `host`; a CLI command opening the files itself names itself, e.g. `nws status`. */
  owner?: string;
  now?: () => number;
}

export class HostLock {
  private released = false;

  private constructor(
    readonly dataDir: string,
    private current: HostLockInfo,
  ) {}

  /**
   * Takes the lock or throws NwsError(LOCKED) naming the live owner. A lock whose pid is dead
   * (or whose file is unreadable) is stale and taken over.
   */
  static acquire(dataDir: string, options: AcquireOptions): HostLock {
    const info: HostLockInfo = {
      pid: process.pid,
      host: options.host,
      port: null,
      token: options.token,
      startedAt: (options.now ?? Date.now)(),
      owner: options.owner ?? 'host',
    };
    // Bounded: each round either creates the lock, throws LOCKED, or removes one stale lock.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      if (tryCreateLock(dataDir, info)) return new HostLock(dataDir, info);
      const raw = readLockText(dataDir);
      if (raw === null) continue; // removed between our attempt and the read: try again
      const holder = parseLock(raw);
      if (holder !== null && isProcessAlive(holder.pid)) throw lockedError(dataDir, holder);
      removeIfUnchanged(dataDir, raw);
    }
    throw new NwsError(ErrorCode.Locked, `could not take ${lockPath(dataDir)}: another process keeps replacing it`);
  }

  get info(): HostLockInfo {
    return this.current;
  }

  /** Publishes the bound address so CLI commands can reach this Host. */
  setAddress(host: string, port: number): void {
    if (this.released) throw new NwsError(ErrorCode.Conflict, 'host lock already released');
    this.current = { ...this.current, host, port };
    const temp = tempPath(this.dataDir);
    writeFileSync(temp, serialize(this.current), { mode: 0o600 });
    renameSync(temp, lockPath(this.dataDir)); // atomic: a reader sees the old or the new lock, never half
  }

  /** Removes the lock if it is still ours; safe to call twice. */
  release(): void {
    if (this.released) return;
    this.released = true;
    const raw = readLockText(this.dataDir);
    const holder = raw === null ? null : parseLock(raw);
    if (holder !== null && holder.pid === this.current.pid && holder.token === this.current.token) {
      unlinkQuietly(lockPath(this.dataDir));
    }
  }
}

function lockedError(dataDir: string, holder: HostLockInfo): NwsError {
  const url = hostBaseUrl(holder);
  const who = holder.owner === 'host' ? 'another nws host' : `\`${holder.owner}\``;
  const where = url ?? (holder.owner === 'host' ? 'still starting, no URL yet' : 'no URL');
  return new NwsError(
    ErrorCode.Locked,
    `data directory ${dataDir} is in use by ${who} (pid ${holder.pid}, ${where}); stop it or use a different --home`,
    { pid: holder.pid, owner: holder.owner, url },
  );
}

/** Creates the lock atomically with its full content: link() fails if the name already exists. */
function tryCreateLock(dataDir: string, info: HostLockInfo): boolean {
  const temp = tempPath(dataDir);
  try {
    writeFileSync(temp, serialize(info), { mode: 0o600 });
    linkSync(temp, lockPath(dataDir));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new NwsError(ErrorCode.StorageError, `cannot create ${lockPath(dataDir)}: ${(error as Error).message}`);
  } finally {
    unlinkQuietly(temp);
  }
}

function removeIfUnchanged(dataDir: string, staleText: string): void {
  // Re-read right before unlinking so we never delete a lock another Host just wrote.
  if (readLockText(dataDir) === staleText) unlinkQuietly(lockPath(dataDir));
}

function readLockText(dataDir: string): string | null {
  try {
    return readFileSync(lockPath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new NwsError(ErrorCode.StorageError, `cannot read ${lockPath(dataDir)}: ${(error as Error).message}`);
  }
}

function parseLock(raw: string): HostLockInfo | null {
  try {
    const parsed = HostLockInfoSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function serialize(info: HostLockInfo): string {
  return JSON.stringify(info, null, 2) + '\n';
}

function tempPath(dataDir: string): string {
  return `${lockPath(dataDir)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
