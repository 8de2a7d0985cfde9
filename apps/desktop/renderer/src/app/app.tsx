import { useEffect } from 'react';
import { useHealthStore } from '../health/health-store.js';
import { ConnectionFailure } from '../health/connection-failure.js';
import { HealthPanel } from '../health/health-panel.js';
import { TopBar } from './top-bar.js';

export function App() {
  const phase = useHealthStore((state) => state.phase);
  const health = useHealthStore((state) => state.health);
  const connect = useHealthStore((state) => state.connect);

  useEffect(() => {
    void connect();
  }, [connect]);

  return (
    <div className="shell">
      <TopBar />
      <main className="content">
        {phase === 'failed' ? <ConnectionFailure /> : null}
        {phase !== 'failed' && health === null ? <p className="placeholder">Connecting to the Host…</p> : null}
        {health !== null ? <HealthPanel /> : null}
      </main>
    </div>
  );
}
