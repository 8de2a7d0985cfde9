// The kill switch: engage (cancels every working order, optionally flattens every position, and
// refuses new orders) and re-arm, which names who did it for the audit log.
import { useState } from 'react';
import { patterns } from '@nws/core';
import { currentHostClient } from '../../health/health-store.js';
import { formatUtcTimestamp } from '../../health/format.js';
import { useHostQuery } from '../../widgets/use-host-query.js';

export function KillSwitchPanel({ onChange }: { onChange?: () => void }) {
  const status = useHostQuery((client) => client.call('risk.killStatus'), { intervalMs: 3_000, refreshOn: [patterns.riskAlerts()] });
  const [reason, setReason] = useState('');
  const [flatten, setFlatten] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [by, setBy] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ tone: 'good' | 'bad'; text: string } | null>(null);

  async function run(action: () => Promise<string>) {
    setBusy(true);
    try {
      setOutcome({ tone: 'good', text: await action() });
    } catch (error) {
      setOutcome({ tone: 'bad', text: (error as Error).message });
    } finally {
      setBusy(false);
      setConfirming(false);
      status.refresh();
      onChange?.();
    }
  }

  const engage = () =>
    run(async () => {
      const trimmed = reason.trim();
      const report = await currentHostClient()!.call('risk.kill', { ...(trimmed ? { reason: trimmed } : {}), flatten });
      const flattened = report.flattened.length > 0 ? `, flattened ${report.flattened.join(', ')}` : '';
      return `Kill switch engaged: ${report.canceledOrders} working order${report.canceledOrders === 1 ? '' : 's'} cancelled${flattened}.`;
    });

  const rearm = () =>
    run(async () => {
      await currentHostClient()!.call('risk.rearm', { by: by.trim() });
      return `Re-armed by ${by.trim()}: new orders are accepted again.`;
    });

  const engaged = status.data?.engaged ?? false;
  return (
    <div className={`card kill-switch-card${engaged ? ' engaged' : ''}`} data-testid="kill-switch-panel" data-engaged={status.data === null ? '' : String(engaged)}>
      <div className="card-header">
        <h2>Kill switch</h2>
        {status.data === null ? (
          <span className="muted">{status.error ?? 'Loading…'}</span>
        ) : engaged ? (
          <span className="badge tone-bad" data-testid="kill-state">
            <span className="dot" /> Engaged: trading blocked
          </span>
        ) : (
          <span className="badge tone-good" data-testid="kill-state">
            <span className="dot" /> Armed: trading allowed
          </span>
        )}
      </div>
      {engaged && status.data ? (
        <>
          <dl className="facts compact">
            <div>
              <dt>Since (UTC)</dt>
              <dd>{status.data.engagedAt ? formatUtcTimestamp(status.data.engagedAt) : '—'}</dd>
            </div>
            <div>
              <dt>Reason</dt>
              <dd>{status.data.reason ?? 'manual'}</dd>
            </div>
            <div>
              <dt>Flattened</dt>
              <dd>{status.data.flatten ? 'yes' : 'no'}</dd>
            </div>
          </dl>
          <div className="form-row">
            <input aria-label="Re-armed by" placeholder="Your name (for the audit log)" value={by} onChange={(event) => setBy(event.target.value)} />
            <button type="button" className="button primary" disabled={busy || by.trim() === ''} onClick={() => void rearm()}>
              Re-arm
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="muted">Cancels every working order and refuses new ones until re-armed. Optionally closes every position at market.</p>
          <div className="form-row">
            <input aria-label="Kill reason" placeholder="Reason (optional)" value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />
            <label className="check">
              <input type="checkbox" checked={flatten} onChange={(event) => setFlatten(event.target.checked)} /> Flatten all positions
            </label>
            {confirming ? (
              <span className="confirm-group" role="alertdialog" aria-label="Confirm kill switch">
                <span>{flatten ? 'Cancel all orders and flatten?' : 'Cancel all orders?'}</span>
                <button type="button" className="button danger" disabled={busy} onClick={() => void engage()}>
                  Confirm
                </button>
                <button type="button" className="button" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </span>
            ) : (
              <button type="button" className="button danger" disabled={busy || status.data === null} onClick={() => setConfirming(true)}>
                Engage kill switch
              </button>
            )}
          </div>
        </>
      )}
      {outcome ? (
        <p className={`outcome tone-${outcome.tone}`} role="status" data-testid="kill-outcome">
          {outcome.text}
        </p>
      ) : null}
    </div>
  );
}
