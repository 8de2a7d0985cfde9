import { HealthPanel } from '../health/health-panel.js';

/** Health of every Host engine: lifecycle state from system.health, refreshed on `engines.*.status`. */
export function EnginesPage() {
  return (
    <section className="page">
      <header className="page-header">
        <h1>Engines</h1>
        <p className="muted">Every engine of this Host and its lifecycle state; updates the moment one changes. Rates, queue depths and errors per engine will follow.</p>
      </header>
      <HealthPanel />
    </section>
  );
}
