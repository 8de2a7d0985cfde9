import { useAlertsStore, type AlertKind } from '../trading/alerts-store.js';
import { formatTime } from './format-price.js';

const KIND_LABELS: Readonly<Record<AlertKind, string>> = {
  risk: 'Risk',
  fill: 'Fill',
  rejection: 'Rejected',
  engine: 'Engine',
  'kill-switch': 'Kill switch',
  broker: 'Broker',
};

/** Risk breaches and warnings, the kill switch, fills, rejections, broker and engine alerts, newest first. */
export function AlertsWidget() {
  const alerts = useAlertsStore((state) => state.alerts);
  const clear = useAlertsStore((state) => state.clear);
  if (alerts.length === 0) return <p className="widget-empty">No alerts. Risk breaches, fills, rejections, broker and engine alerts appear here.</p>;
  return (
    <div className="alerts" data-testid="alerts">
      <div className="alerts-bar">
        <span className="muted">{alerts.length} alerts</span>
        <button type="button" className="link-button" onClick={clear}>
          Clear
        </button>
      </div>
      <ul className="alerts-list">
        {alerts.slice(0, 200).map((alert) => (
          <li key={alert.id} className={`alert sev-${alert.severity}`} data-kind={alert.kind}>
            <span className="alert-time muted">{formatTime(alert.ts)}</span>
            <span className="alert-kind">{KIND_LABELS[alert.kind]}</span>
            <span className="alert-message">{alert.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
