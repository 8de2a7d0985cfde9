// Every pre-trade limit of the paper account with its utilisation as a bar (warning from 80 %,
// breach at 100 %) and, when the Host forecasts it, the chance the daily loss limit is breached
// before the session ends.
import type { MethodResult } from '@nws/core';
import { patterns } from '@nws/core';
import { WARN_AT } from '../../widgets/d3-math.js';
import { useHostQuery } from '../../widgets/use-host-query.js';

type LimitRow = MethodResult<'risk.limits'>['limits'][number];

/** The breach forecast another engine adds to a limit: a probability, or an object carrying one. */
export function breachProbabilityOf(limit: object): number | undefined {
  const raw = (limit as { breachProbability?: unknown }).breachProbability;
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  if (typeof raw === 'object' && raw !== null && typeof (raw as { probability?: unknown }).probability === 'number') return (raw as { probability: number }).probability;
  return undefined;
}

export function formatAmount(value: number | null): string {
  if (value === null) return '—';
  return value.toLocaleString('en-US', { maximumFractionDigits: Math.abs(value) >= 100 ? 0 : 2 });
}

function levelOf(utilisation: number | null): 'ok' | 'warning' | 'breach' | null {
  if (utilisation === null) return null;
  return utilisation >= 1 ? 'breach' : utilisation >= WARN_AT ? 'warning' : 'ok';
}

const LEVEL_TONE = { ok: 'good', warning: 'warn', breach: 'bad' } as const;

export function UtilisationBar({ utilisation }: { utilisation: number | null }) {
  const level = levelOf(utilisation);
  if (utilisation === null || level === null) return <span className="muted">order-time check</span>;
  return (
    <div className="utilisation" data-level={level} data-utilisation={utilisation.toFixed(4)}>
      <div className="utilisation-track">
        <div className={`utilisation-fill tone-${LEVEL_TONE[level]}`} style={{ width: `${Math.min(1, Math.max(0, utilisation)) * 100}%` }} />
        <span className="utilisation-mark" style={{ left: `${WARN_AT * 100}%` }} title="warning at 80 %" />
      </div>
      <span className={`utilisation-value tone-${LEVEL_TONE[level]}`}>{(utilisation * 100).toFixed(utilisation < 0.1 ? 1 : 0)}%</span>
    </div>
  );
}

export function LimitsPanel() {
  const limits = useHostQuery((client) => client.call('risk.limits').then((result) => result.limits), { intervalMs: 3_000, refreshOn: [patterns.fills(), patterns.riskAlerts()] });
  const rows: LimitRow[] = limits.data ?? [];
  const forecasting = rows.some((limit) => breachProbabilityOf(limit) !== undefined);
  return (
    <div className="card flush" data-testid="limits-panel">
      <div className="card-header">
        <h2>Limits</h2>
        <span className="muted">Warning from 80 % of a limit, breach at 100 %. Refreshed on every fill.</span>
      </div>
      {limits.error ? <div className="banner banner-error">Limits unavailable: {limits.error}</div> : null}
      {limits.data === null ? (
        <p className="placeholder">{limits.error ? '' : 'Loading limits…'}</p>
      ) : rows.length === 0 ? (
        <p className="empty-note">No limits are configured for the paper account.</p>
      ) : (
        <table className="grid-table limits-table" data-testid="limits-table">
          <thead>
            <tr>
              <th>Limit</th>
              <th>On breach</th>
              <th className="num">Value</th>
              <th className="num">Threshold</th>
              <th className="utilisation-column">Utilisation</th>
              <th>Status</th>
              {forecasting ? <th className="num" title="Chance the daily loss limit is reached before the session ends">Breach forecast</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((limit) => {
              const level = levelOf(limit.utilisation);
              const probability = breachProbabilityOf(limit);
              return (
                <tr key={limit.id} data-limit-id={limit.id} data-limit-type={limit.type}>
                  <td>
                    <span className="symbol">{limit.type}</span>
                    {limit.id !== `${limit.type}:account` ? <span className="muted"> · {limit.id}</span> : null}
                  </td>
                  <td className="muted">{limit.action}</td>
                  <td className="num">{formatAmount(limit.value)}</td>
                  <td className="num">{formatAmount(limit.threshold)}</td>
                  <td>
                    <UtilisationBar utilisation={limit.utilisation} />
                  </td>
                  <td>{level === null ? <span className="muted">—</span> : <span className={`badge tone-${LEVEL_TONE[level]}`}>{level}</span>}</td>
                  {forecasting ? (
                    <td className="num" data-testid="breach-forecast">
                      {probability === undefined ? <span className="muted">—</span> : <span className={probability >= 0.5 ? 'tone-bad' : probability >= 0.2 ? 'tone-warn' : ''}>{(probability * 100).toFixed(1)}%</span>}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
