// The health page's state: the connection to the Host and its latest system.health answer.
// Changed only through the named actions below.
import { create } from 'zustand';
import { patterns, type SystemHealth } from '@nws/core';
import { connectToHost } from '../connection/connect-to-host.js';
import type { HostClient } from '../connection/host-client.js';

/** How often the page re-asks for health when nothing has changed. */
export const HEALTH_POLL_MS = 5_000;

export type ConnectionPhase = 'connecting' | 'connected' | 'failed';

export interface HostFailure {
  code: string;
  message: string;
}

export interface HealthState {
  phase: ConnectionPhase;
  health: SystemHealth | null;
  /** performance.now() when `health` arrived, to advance uptime between polls. */
  receivedAt: number;
  failure: HostFailure | null;
  connect(): Promise<void>;
  refresh(): Promise<void>;
}

let client: HostClient | null = null;
let pollTimer: ReturnType<typeof setInterval> | null = null;

export const useHealthStore = create<HealthState>()((set, get) => ({
  phase: 'connecting',
  health: null,
  receivedAt: 0,
  failure: null,

  async connect() {
    stopPolling();
    set({ phase: 'connecting', failure: null });
    try {
      const connected = await connectToHost();
      client = connected;
      // Any engine changing state is worth a fresh look at once, not at the next poll.
      await connected.subscribe(patterns.engineStatus(), () => void get().refresh());
      await get().refresh();
      pollTimer = setInterval(() => void get().refresh(), HEALTH_POLL_MS);
    } catch (error) {
      set({ phase: 'failed', failure: toFailure(error) });
    }
  },

  async refresh() {
    if (client === null) return;
    try {
      const health = await client.call('system.health');
      set({ phase: 'connected', health, receivedAt: performance.now(), failure: null });
    } catch (error) {
      stopPolling();
      set({ phase: 'failed', failure: toFailure(error) });
    }
  },
}));

/** The connected Host client, for the other stores (market data, layouts); null until connected. */
export function currentHostClient(): HostClient | null {
  return client;
}

function stopPolling(): void {
  if (pollTimer !== null) clearInterval(pollTimer);
  pollTimer = null;
}

function toFailure(error: unknown): HostFailure {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { code, message } = error as { code?: unknown; message: unknown };
    return { code: typeof code === 'string' ? code : 'INTERNAL', message: String(message) };
  }
  return { code: 'INTERNAL', message: String(error) };
}
