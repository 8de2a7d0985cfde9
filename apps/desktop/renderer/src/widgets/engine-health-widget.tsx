import { toneOfState } from '../health/format.js';
import { useHealthStore } from '../health/health-store.js';

/** Every Host engine and its lifecycle state, refreshed on each `engines.*.status` event. */
export function EngineHealthWidget() {
  const health = useHealthStore((state) => state.health);
  if (health === null) return <p className="widget-empty">Connecting…</p>;
  return (
    <table className="grid-table" data-testid="engine-health-widget">
      <tbody>
        {health.engines.map((engine) => (
          <tr key={engine.name}>
            <td>{engine.name}</td>
            <td className="num">
              <span className={`state tone-${toneOfState(engine.status)}`}>{engine.status}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
