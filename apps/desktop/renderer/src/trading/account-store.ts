// The paper account as the account widget, the equity curve and the kill switch show it:
// balances from `account.get`, live P&L from `pnl.account.<id>`, the kill switch's state, and an
// equity series (one point per second at most) built from the P&L events.
import { create } from 'zustand';
import type { HostClient } from '../connection/host-client.js';
import type { AccountView, KillSwitchView } from './trading-types.js';

export interface PnlView {
  realized: number;
  unrealized: number;
  total: number;
  day: number;
  ts: number;
}

/** `time` in epoch seconds (lightweight-charts' UTCTimestamp). */
export interface EquityPoint {
  time: number;
  value: number;
}

/** About five and a half hours at one point a second: older points are dropped. */
export const MAX_EQUITY_POINTS = 20_000;

export interface AccountState {
  account: AccountView | null;
  kill: KillSwitchView | null;
  pnl: PnlView | null;
  /** Equity with no P&L: account equity minus realised and unrealised P&L when first read. */
  baseEquity: number | null;
  /**
   * Oldest first. Appended in place (a copy per P&L event would churn 20,000 points a frame):
   * `equityVersion` changes with every append, and is what a chart should watch.
   */
  equity: EquityPoint[];
  equityVersion: number;
  busy: boolean;
  problem: string | null;
  setAccount(account: AccountView): void;
  setKill(kill: KillSwitchView): void;
  applyPnl(pnl: PnlView): void;
  engageKill(reason: string): Promise<void>;
  rearm(): Promise<void>;
}

let client: HostClient | null = null;

/** Connects the kill switch actions to the Host (the trading feed does it once). */
export function setAccountClient(next: HostClient | null): void {
  client = next;
}

/** Appends (or, within the same second, replaces) the last point in place; false when too old. */
function appendPoint(points: EquityPoint[], ts: number, value: number): boolean {
  const time = Math.floor(ts / 1000);
  const last = points.at(-1);
  if (last !== undefined && time < last.time) return false;
  if (last !== undefined && last.time === time) {
    points[points.length - 1] = { time, value };
    return true;
  }
  if (points.length >= MAX_EQUITY_POINTS) points.splice(0, points.length - MAX_EQUITY_POINTS + 1);
  points.push({ time, value });
  return true;
}

export const useAccountStore = create<AccountState>()((set, get) => ({
  account: null,
  kill: null,
  pnl: null,
  baseEquity: null,
  equity: [],
  equityVersion: 0,
  busy: false,
  problem: null,

  setAccount(account) {
    const baseEquity = get().baseEquity ?? account.equity - account.realizedPnl - account.unrealizedPnl;
    const appended = appendPoint(get().equity, Date.now(), account.equity);
    set({ account, baseEquity, equityVersion: get().equityVersion + (appended ? 1 : 0) });
  },

  setKill: (kill) => set({ kill }),

  applyPnl(pnl) {
    const { baseEquity, equity, equityVersion } = get();
    const appended = baseEquity !== null && appendPoint(equity, pnl.ts, baseEquity + pnl.total);
    set({ pnl, equityVersion: equityVersion + (appended ? 1 : 0) });
  },

  async engageKill(reason) {
    if (client === null) return;
    set({ busy: true, problem: null });
    try {
      const report = await client.call('risk.kill', { reason });
      set({ kill: report.status });
    } catch (error) {
      set({ problem: `kill switch: ${(error as Error).message}` });
    } finally {
      set({ busy: false });
    }
  },

  async rearm() {
    if (client === null) return;
    set({ busy: true, problem: null });
    try {
      set({ kill: await client.call('risk.rearm', { by: 'desktop user' }) });
    } catch (error) {
      set({ problem: `re-arm: ${(error as Error).message}` });
    } finally {
      set({ busy: false });
    }
  },
}));

/** Equity now: base plus live P&L when the P&L is newer than the account read. */
export function liveEquity(state: Pick<AccountState, 'account' | 'pnl' | 'baseEquity'>): number | undefined {
  if (state.account === null) return undefined;
  if (state.pnl === null || state.baseEquity === null) return state.account.equity;
  return state.baseEquity + state.pnl.total;
}
