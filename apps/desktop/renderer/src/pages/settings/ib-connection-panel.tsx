// Interactive Brokers connection settings: where TWS or IB Gateway listens, paper or live (live
// needs an explicit confirmation and the risk engine on; the Host refuses it otherwise and the
// reason is shown), Connect / Disconnect, and the live status with accounts and the last error.
// The status follows `engines.ibkr.status` events; IB's latest alerts (`ibkr.alerts`, then `alerts.ibkr`) are listed below.
import { useCallback, useEffect, useState } from 'react';
import type { Alert, MethodParams, MethodResult } from '@nws/core';
import { currentHostClient } from '../../health/health-store.js';

type IbStatus = MethodResult<'ibkr.status'>;
type IbSettings = MethodParams<'ibkr.configure'>;

const STATE_TONE: Record<IbStatus['state'], string> = {
  connected: 'tone-good',
  connecting: 'tone-warn',
  degraded: 'tone-warn',
  disconnected: 'tone-bad',
};

/** Default API ports: TWS 7497 (paper) / 7496 (live), Gateway 4002 (paper) / 4001 (live). */
const DEFAULT_PORTS: Record<IbSettings['platform'], Record<IbSettings['mode'], number>> = {
  tws: { paper: 7497, live: 7496 },
  gateway: { paper: 4002, live: 4001 },
};

const SHOWN_ALERTS = 5;
const FACTS_STYLE = { display: 'grid', gridTemplateColumns: '120px 1fr', gap: '4px 12px', margin: '12px 0 0' } as const;

export function IbConnectionPanel() {
  const [status, setStatus] = useState<IbStatus | null>(null);
  const [draft, setDraft] = useState<IbSettings | null>(null);
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async (): Promise<IbStatus | undefined> => {
    try {
      const next = await currentHostClient()?.call('ibkr.status', {});
      if (next !== undefined) setStatus(next);
      return next;
    } catch (error) {
      setProblem((error as Error).message);
      return undefined;
    }
  }, []);

  useEffect(() => {
    void refresh().then((first) => first && setDraft(settingsOf(first)));
    const client = currentHostClient();
    if (client === null) return;
    // What happened before this panel opened, then every new alert as it comes.
    void client.call('ibkr.alerts', {}).then((result) => setAlerts((current) => [...result.alerts, ...current].slice(-SHOWN_ALERTS)), () => undefined);
    const subscriptions = [
      client.subscribe('engines.ibkr.status', () => void refresh()),
      client.subscribe('alerts.ibkr', (event) => setAlerts((current) => [...current, event.data as Alert].slice(-SHOWN_ALERTS))),
    ];
    return () => subscriptions.forEach((subscription) => void subscription.then((dispose) => dispose()).catch(() => undefined));
  }, [refresh]);

  async function run(action: () => Promise<IbStatus>): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      setStatus(await action());
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const connect = () =>
    run(async () => {
      const client = currentHostClient()!;
      await client.call('ibkr.configure', { ...draft!, enabled: true });
      return client.call('ibkr.connect', { waitMs: 0 });
    });
  const disconnect = () => run(() => currentHostClient()!.call('ibkr.disconnect', {}));

  if (status === null || draft === null) {
    return (
      <div className="card" data-testid="ib-connection-panel">
        <div className="card-header">
          <h2>Interactive Brokers</h2>
        </div>
        {problem ? <div className="banner banner-error">{problem}</div> : <p className="muted">Loading…</p>}
      </div>
    );
  }

  const update = (change: Partial<IbSettings>) => setDraft((current) => ({ ...current!, ...change }));
  const choosePort = (platform: IbSettings['platform'], mode: IbSettings['mode']) =>
    // Follow the default port only while the user has not typed a port of their own.
    Object.values(DEFAULT_PORTS).some((ports) => Object.values(ports).includes(draft.port)) ? DEFAULT_PORTS[platform][mode] : draft.port;
  const open = status.state !== 'disconnected' || status.enabled;
  const live = draft.mode === 'live';

  return (
    <div className="card" data-testid="ib-connection-panel">
      <div className="card-header">
        <h2>Interactive Brokers</h2>
        <span className={`badge ${STATE_TONE[status.state]}`} data-testid="ib-state">
          {status.state}
        </span>
      </div>
      {problem ? (
        <div className="banner banner-error" role="alert" data-testid="ib-problem">
          {problem}
        </div>
      ) : null}
      <div className="form-grid">
        <label>
          Host
          <input aria-label="IB host" value={draft.host} onChange={(event) => update({ host: event.target.value })} />
        </label>
        <label>
          Port
          <input aria-label="IB port" type="number" min={1} max={65535} value={draft.port} onChange={(event) => update({ port: Number(event.target.value) })} />
        </label>
        <label>
          Client id
          <input aria-label="IB client id" type="number" min={0} value={draft.clientId} onChange={(event) => update({ clientId: Number(event.target.value) })} />
        </label>
        <label>
          Application
          <select
            aria-label="IB application"
            value={draft.platform}
            onChange={(event) => {
              const platform = event.target.value as IbSettings['platform'];
              update({ platform, port: choosePort(platform, draft.mode) });
            }}
          >
            <option value="gateway">IB Gateway</option>
            <option value="tws">TWS</option>
          </select>
        </label>
        <label>
          Account type
          <select
            aria-label="IB mode"
            value={draft.mode}
            onChange={(event) => {
              const mode = event.target.value as IbSettings['mode'];
              update({ mode, port: choosePort(draft.platform, mode), confirmLive: false });
            }}
          >
            <option value="paper">Paper</option>
            <option value="live">Live</option>
          </select>
        </label>
      </div>
      {live ? (
        <div className="banner banner-error" data-testid="ib-live-warning">
          <label style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            <input type="checkbox" aria-label="Confirm live trading" style={{ height: 'auto' }} checked={draft.confirmLive === true} onChange={(event) => update({ confirmLive: event.target.checked })} />
            Live trading: orders go to your real IBKR account and use real money. I confirm (the risk engine must be on).
          </label>
        </div>
      ) : null}
      <div className="toolbar-field" style={{ marginTop: 10 }}>
        <button type="button" className="button" disabled={busy || (live && draft.confirmLive !== true)} onClick={() => void connect()}>
          {open ? 'Save and reconnect' : 'Connect'}
        </button>
        <button type="button" className="button" disabled={busy || !open} onClick={() => void disconnect()}>
          Disconnect
        </button>
      </div>
      <dl style={FACTS_STYLE} data-testid="ib-status">
        <dt>Status</dt>
        <dd className={STATE_TONE[status.state]} data-testid="ib-status-state">
          {status.state}
          {status.mode === 'live' ? ' (LIVE)' : ' (paper)'}
        </dd>
        <dt>Accounts</dt>
        <dd data-testid="ib-accounts">{status.accounts.length > 0 ? status.accounts.join(', ') : '—'}</dd>
        <dt>Server version</dt>
        <dd>{status.serverVersion ?? '—'}</dd>
        <dt>Market data</dt>
        <dd className={status.marketDataType?.startsWith('delayed') ? 'tone-warn' : undefined}>
          {status.marketDataType === undefined ? '—' : status.marketDataType.startsWith('delayed') ? `${status.marketDataType} (no live subscription: about 15 min delayed)` : status.marketDataType}
        </dd>
        <dt>Last error</dt>
        <dd className={status.lastError ? 'tone-bad' : 'muted'} data-testid="ib-last-error">
          {status.lastError ?? 'none'}
        </dd>
      </dl>
      {alerts.length > 0 ? (
        <ul style={{ margin: '10px 0 0', paddingLeft: 18 }} data-testid="ib-alerts">
          {alerts.map((alert, index) => (
            <li key={`${alert.ts}-${index}`} className={alert.severity === 'error' || alert.severity === 'critical' ? 'tone-bad' : alert.severity === 'warning' ? 'tone-warn' : 'muted'}>
              {alert.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function settingsOf(status: IbStatus): IbSettings {
  return { host: status.host, port: status.port, clientId: status.clientId, platform: status.platform, mode: status.mode, enabled: status.enabled, confirmLive: status.liveConfirmed };
}
