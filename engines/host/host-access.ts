// How a CLI command reaches a data directory: through the running Host when one holds it (the
// Host owns the files; DuckDB allows one writer), else by taking the directory itself for the
// length of the command.
import WebSocket from 'ws';
import { ErrorCode, NwsError, ProtocolClient, connectWebSocket } from '@nws/core';
import { HostLock, readLockHolder, type HostLockInfo } from './host-lock.js';
import { PROTOCOL_PATH } from './http/host-server.js';
import { generateToken } from './transports/index.js';
import { urlAuthority } from './urls.js';

/** Opens a protocol client to the Host described by its lock. */
export async function connectToRunningHost(info: HostLockInfo, openTimeoutMs = 5_000): Promise<ProtocolClient> {
  if (info.port === null) {
    throw new NwsError(ErrorCode.ConnectionClosed, `the Host (pid ${info.pid}) is still starting; try again in a moment`);
  }
  const url = `ws://${urlAuthority(info.host, info.port)}${PROTOCOL_PATH}`;
  const connection = await connectWebSocket({ url, token: info.token, WebSocket, openTimeoutMs });
  return new ProtocolClient(connection);
}

/** The live Host holding `dataDir`, or null when none does (no lock, or a stale one). */
export function runningHost(dataDir: string): HostLockInfo | null {
  const holder = readLockHolder(dataDir);
  return holder !== null && holder.alive && holder.info.owner === 'host' ? holder.info : null;
}

/**
 * Runs `body` while this process holds the data directory's lock as `owner` (e.g. `nws status`),
 * so no Host starts on the files meanwhile. Throws LOCKED if a Host or another command holds it.
 */
export async function withDataDirLock<T>(dataDir: string, owner: string, body: () => Promise<T>): Promise<T> {
  const lock = HostLock.acquire(dataDir, { token: generateToken(), host: '127.0.0.1', owner });
  try {
    return await body();
  } finally {
    lock.release();
  }
}
