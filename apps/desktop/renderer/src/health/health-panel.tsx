import { useEffect, useState } from 'react';
import { formatUptime, formatUtcTimestamp, toneOfState } from './format.js';
import { useHealthStore } from './health-store.js';

/** Re-renders every second so uptime advances between health polls. */
function useNow(): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function HealthPanel() {
  const health = useHealthStore((state) => state.health);
  const receivedAt = useHealthStore((state) => state.receivedAt);
  const now = useNow();
  if (health === null) return null;
  const uptimeMs = health.uptimeMs + Math.max(0, now - receivedAt);
  const running = health.engines.filter((engine) => engine.status === 'running').length;

  return (
    <section className="card" data-testid="system-health">
      <div className="card-header">
        <h2>System health</h2>
        <span className={`badge tone-${health.status === 'ok' ? 'good' : 'warn'}`} data-testid="health-status">
          <span className="dot" />
          {health.status === 'ok' ? 'All systems running' : 'Degraded'}
        </span>
      </div>

      <dl className="facts">
        <div>
          <dt>Version</dt>
          <dd data-testid="health-version">{health.version}</dd>
        </div>
        <div>
          <dt>Uptime</dt>
          <dd data-testid="health-uptime">{formatUptime(uptimeMs)}</dd>
        </div>
        <div>
          <dt>Started (UTC)</dt>
          <dd>{formatUtcTimestamp(health.startedAt)}</dd>
        </div>
        <div>
          <dt>Transport</dt>
          <dd>{health.transport}</dd>
        </div>
      </dl>

      <h3>
        Engines <span className="muted">{running} of {health.engines.length} running</span>
      </h3>
      <table className="engines" data-testid="engine-table">
        <thead>
          <tr>
            <th scope="col">Engine</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {health.engines.map((engine) => (
            <tr key={engine.name} data-engine={engine.name}>
              <td className="engine-name">{engine.name}</td>
              <td>
                <span className={`state tone-${toneOfState(engine.status)}`}>{engine.status}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
