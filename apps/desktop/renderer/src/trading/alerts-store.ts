// The alerts feed: risk breaches and warnings, the kill switch, fills, rejections and engine
// errors, newest first, capped. Each alert has a severity the widget colours.
import { create } from 'zustand';

export type AlertSeverity = 'info' | 'success' | 'warning' | 'error';
export type AlertKind = 'risk' | 'fill' | 'rejection' | 'engine' | 'kill-switch' | 'broker';

export interface Alert {
  id: number;
  ts: number;
  kind: AlertKind;
  severity: AlertSeverity;
  message: string;
}

export const MAX_ALERTS = 500;

export interface AlertsState {
  alerts: Alert[];
  add(alerts: ReadonlyArray<Omit<Alert, 'id'>>): void;
  clear(): void;
}

let nextId = 1;

export const useAlertsStore = create<AlertsState>()((set, get) => ({
  alerts: [],
  add(alerts) {
    if (alerts.length === 0) return;
    const fresh = alerts.map((alert) => ({ ...alert, id: nextId++ }));
    set({ alerts: [...fresh, ...get().alerts].sort((a, b) => b.ts - a.ts || b.id - a.id).slice(0, MAX_ALERTS) });
  },
  clear: () => set({ alerts: [] }),
}));
