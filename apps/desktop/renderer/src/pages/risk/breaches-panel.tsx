// The breach monitor's stored events (warnings, breaches, clears), newest first, refreshed on
// every risk alert. A Host without `risk.breaches` gets a plain "not available" note.
import { patterns, type MethodResult } from '@nws/core';
import { formatUtcTimestamp } from '../../health/format.js';
import { useHostQuery } from '../../widgets/use-host-query.js';
import { formatAmount } from './limits-panel.js';

type Breach = MethodResult<'risk.breaches'>['breaches'][number];

const LEVEL_TONE: Record<string, string> = { ok: 'good', warning: 'warn', breach: 'bad' };

export function BreachesPanel() {
  const breaches = useHostQuery(
    (client) => client.call('risk.breaches', { limit: 50 }).then((result) => result.breaches),
    { intervalMs: 10_000, refreshOn: [patterns.riskAlerts()] },
  );
  const missing = breaches.errorCode === 'UNKNOWN_METHOD';
  const rows: Breach[] = breaches.data ?? [];
  return (
    <div className="card flush" data-testid="breaches-panel">
      <div className="card-header">
        <h2>Breaches</h2>
        <span className="muted">{breaches.data === null ? '' : `${rows.length} latest events`}</span>
      </div>
      {breaches.data === null ? (
        <p className="empty-note">{missing ? 'This Host does not keep a breach history.' : (breaches.error ?? 'Loading…')}</p>
      ) : rows.length === 0 ? (
        <p className="empty-note">No limit has warned or breached. Events appear here as the monitor sees them.</p>
      ) : (
        <div className="table-scroll">
          <table className="grid-table" data-testid="breaches-table">
            <thead>
              <tr>
                <th>Time (UTC)</th>
                <th>Limit</th>
                <th>Level</th>
                <th className="num">Utilisation</th>
                <th className="num">Value / threshold</th>
                <th>Subject</th>
                <th>Action</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((breach, index) => (
                <tr key={`${breach.ts}-${breach.limitId}-${index}`}>
                  <td className="muted">{formatUtcTimestamp(breach.ts)}</td>
                  <td className="symbol">{breach.limitId}</td>
                  <td>
                    <span className={`badge tone-${LEVEL_TONE[breach.level] ?? 'neutral'}`}>{breach.level === 'ok' ? 'cleared' : breach.level}</span>
                  </td>
                  <td className="num">{breach.utilisation === null ? '—' : `${(breach.utilisation * 100).toFixed(1)}%`}</td>
                  <td className="num">
                    {formatAmount(breach.value)} / {formatAmount(breach.threshold)}
                  </td>
                  <td>{breach.subject ?? '—'}</td>
                  <td className="muted">{breach.actionTaken}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
