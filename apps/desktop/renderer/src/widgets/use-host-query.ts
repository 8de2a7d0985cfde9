// One answer from the Host kept fresh: asked on mount, again every `intervalMs`, and soon after
// any event on the `refreshOn` topic patterns (a burst of fills asks once). Widgets and pages use
// it for data the Host does not stream (positions, limits, strategy runs).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { HostClient } from '../connection/host-client.js';
import { currentHostClient } from '../health/health-store.js';

export interface HostQuery<T> {
  data: T | null;
  /** The last failure's message; cleared by the next success. */
  error: string | null;
  /** The last failure's error code (`UNKNOWN_METHOD` when the Host lacks the method). */
  errorCode: string | null;
  loading: boolean;
  refresh(): void;
}

export interface HostQueryOptions {
  intervalMs?: number;
  refreshOn?: readonly string[];
  /** Events closer together than this ask once. */
  settleMs?: number;
}

export function useHostQuery<T>(ask: (client: HostClient) => Promise<T>, options: HostQueryOptions = {}): HostQuery<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; errorCode: string | null; loading: boolean }>({ data: null, error: null, errorCode: null, loading: true });
  const askRef = useRef(ask);
  askRef.current = ask;
  const generation = useRef(0);

  const refresh = useCallback(() => {
    const client = currentHostClient();
    if (client === null) return;
    const mine = ++generation.current;
    askRef.current(client).then(
      (data) => mine === generation.current && setState({ data, error: null, errorCode: null, loading: false }),
      (error: unknown) => mine === generation.current && setState((previous) => ({ ...previous, error: (error as Error).message, errorCode: errorCodeOf(error), loading: false })),
    );
  }, []);

  const { intervalMs, refreshOn, settleMs = 250 } = options;
  const patterns = (refreshOn ?? []).join('|');
  useEffect(() => {
    setState((previous) => ({ ...previous, loading: previous.data === null }));
    refresh();
    const client = currentHostClient();
    let settle: ReturnType<typeof setTimeout> | null = null;
    const soon = () => {
      if (settle === null) settle = setTimeout(() => ((settle = null), refresh()), settleMs);
    };
    const disposers: Array<() => unknown> = [];
    let closed = false;
    if (client !== null) {
      for (const pattern of patterns === '' ? [] : patterns.split('|')) {
        void client.subscribe(pattern, soon).then(
          (dispose) => (closed ? void dispose() : disposers.push(dispose)),
          () => undefined,
        );
      }
    }
    const timer = intervalMs === undefined ? null : setInterval(refresh, intervalMs);
    return () => {
      closed = true;
      if (timer !== null) clearInterval(timer);
      if (settle !== null) clearTimeout(settle);
      for (const dispose of disposers.splice(0)) void dispose();
    };
  }, [refresh, intervalMs, patterns, settleMs]);

  return { ...state, refresh };
}

function errorCodeOf(error: unknown): string | null {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : null;
}

/** True when the Host has no handler for the method (an older Host, or one still being built). */
export function isUnknownMethod(error: unknown): boolean {
  return typeof error === 'object' && error !== null && ((error as { code?: unknown }).code === 'UNKNOWN_METHOD' || /unknown method/i.test(String((error as { message?: unknown }).message)));
}
