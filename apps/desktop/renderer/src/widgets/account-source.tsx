// The account source of the account, positions and blotter widgets: Paper, or "IB <account id>"
// once Interactive Brokers is set up. The choice is the widget's own (its `accountSource` setting,
// saved with the layout), so one dashboard can show both accounts side by side.
import { useEffect } from 'react';
import type { AccountSource, WidgetSettings } from '../dashboard/layout-schema.js';
import { currentHostClient, useHealthStore } from '../health/health-store.js';
import { ibAccountId, ibAccountOffered, ibAccountPhase, startIbkrAccountFeed, useIbkrAccountStore } from '../trading/ibkr-account-store.js';
import { formatTime } from './format-price.js';
import { setWidgetSettings } from './widget-settings-menu.js';

export interface AccountSourceProps {
  widgetId?: string | undefined;
  settings?: WidgetSettings | undefined;
}

/** The widget's source, with the IB feed started (it says whether IB is set up at all). */
export function useAccountSource({ settings }: AccountSourceProps): AccountSource {
  const phase = useHealthStore((state) => state.phase);
  useEffect(() => {
    const client = currentHostClient();
    if (phase === 'connected' && client !== null) void startIbkrAccountFeed(client);
  }, [phase]);
  return settings?.accountSource ?? 'paper';
}

/** "Paper | IB DU1234567": shown only when IB is set up, or when this widget is already set to IB. */
export function AccountSourcePicker({ widgetId, settings }: AccountSourceProps) {
  const status = useIbkrAccountStore((state) => state.status);
  const account = useIbkrAccountStore((state) => state.account);
  const source = settings?.accountSource ?? 'paper';
  if (widgetId === undefined || (!ibAccountOffered({ status, account }) && source === 'paper')) return null;
  const id = ibAccountId({ status, account });
  return (
    <label className="account-source" style={PICKER_STYLE}>
      <span className="muted">Account</span>
      <select aria-label="Account source" data-testid="account-source" value={source} onChange={(event) => setWidgetSettings(widgetId, { ...settings, accountSource: event.target.value as AccountSource })}>
        <option value="paper">Paper</option>
        <option value="ibkr">{id === undefined ? 'IB' : `IB ${id}`}</option>
      </select>
    </label>
  );
}

/**
 * What an IB widget shows instead of values it does not have: "not configured" (with where to set
 * it up), or while disconnected a line saying so with when the values shown were last updated.
 */
export function IbStateNotice() {
  const status = useIbkrAccountStore((state) => state.status);
  const account = useIbkrAccountStore((state) => state.account);
  const updatedAt = useIbkrAccountStore((state) => state.updatedAt);
  const phase = ibAccountPhase({ status, account });
  if (phase === 'connected') return null;
  if (phase === 'not-configured') {
    return (
      <p className="widget-empty" data-testid="ib-not-configured">
        Interactive Brokers is not configured. Connect it in Settings → Interactive Brokers.
      </p>
    );
  }
  const why = status?.lastError ?? (status?.enabled === false ? 'switched off in Settings' : 'reconnecting');
  return (
    <p className="inline-problem" data-testid="ib-disconnected" style={{ margin: '4px 8px' }}>
      IB disconnected ({why}){updatedAt === null ? '' : `; last updated ${formatTime(updatedAt)}`}
    </p>
  );
}

/** Values last updated while connected are greyed while IB is disconnected. */
export function useIbStale(): boolean {
  const status = useIbkrAccountStore((state) => state.status);
  const account = useIbkrAccountStore((state) => state.account);
  return ibAccountPhase({ status, account }) === 'disconnected';
}

export const STALE_STYLE = { opacity: 0.5, filter: 'grayscale(1)' } as const;
/** The picker on top, the widget's content below it, scrolling when the widget is small. */
export const SOURCE_LAYOUT = { display: 'flex', flexDirection: 'column', height: '100%' } as const;
export const SOURCE_BODY = { flex: 1, minHeight: 0, overflow: 'auto' } as const;
const PICKER_STYLE = { display: 'inline-flex', alignItems: 'center', gap: 6, fontSize: 11 } as const;
