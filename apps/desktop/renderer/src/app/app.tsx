import { Suspense, lazy, useEffect } from 'react';
import { DashboardPage } from '../dashboard/dashboard-page.js';
import { syncLayoutsWithHost } from '../dashboard/layout-sync.js';
import { useDashboardStore } from '../dashboard/dashboard-store.js';
import { currentHostClient, useHealthStore } from '../health/health-store.js';
import { ConnectionFailure } from '../health/connection-failure.js';
import { useQuoteStore } from '../market/quote-store.js';
import { NavBar } from './nav-bar.js';
import { ShortcutHelp } from './shortcut-help.js';
import { installShortcuts } from './shortcuts.js';
import { useNavigationStore, type PageId } from './pages.js';
import { TopBar } from './top-bar.js';

// Only the dashboard is in the first bundle: the other pages load (each its own chunk) when
// first opened, so the start-up script the browser parses is smaller.
const EnginesPage = lazy(() => import('../pages/engines-page.js').then((module) => ({ default: module.EnginesPage })));
const DataPage = lazy(() => import('../pages/data-page.js').then((module) => ({ default: module.DataPage })));
const BacktestLabPage = lazy(() => import('../pages/backtest-lab/backtest-lab-page.js').then((module) => ({ default: module.BacktestLabPage })));
const StrategiesPage = lazy(() => import('../pages/strategies/strategies-page.js').then((module) => ({ default: module.StrategiesPage })));
const RiskPage = lazy(() => import('../pages/risk/risk-page.js').then((module) => ({ default: module.RiskPage })));
const SettingsPage = lazy(() => import('../pages/settings/settings-page.js').then((module) => ({ default: module.SettingsPage })));

function Page({ page }: { page: PageId }) {
  switch (page) {
    case 'dashboard':
      return <DashboardPage />;
    case 'engines':
      return <EnginesPage />;
    case 'data':
      return <DataPage />;
    case 'backtest':
      return <BacktestLabPage />;
    case 'strategies':
      return <StrategiesPage />;
    case 'risk':
      return <RiskPage />;
    case 'settings':
      return <SettingsPage />;
  }
}

export function App() {
  const phase = useHealthStore((state) => state.phase);
  const health = useHealthStore((state) => state.health);
  const connect = useHealthStore((state) => state.connect);
  const page = useNavigationStore((state) => state.page);

  useEffect(() => {
    void connect().then(() => {
      const client = currentHostClient();
      if (client === null) return;
      void useQuoteStore.getState().start(client);
      syncLayoutsWithHost(client).catch((error: unknown) => useDashboardStore.setState({ problem: `layouts unavailable: ${(error as Error).message}` }));
    });
  }, [connect]);

  useEffect(() => installShortcuts(window), []);

  return (
    <div className="shell">
      <TopBar />
      <div className="shell-body">
        <NavBar />
        <main className="content">
          {phase === 'failed' ? <ConnectionFailure /> : null}
          {phase !== 'failed' && health === null ? <p className="placeholder">Connecting to the Host…</p> : null}
          {health !== null ? (
            <Suspense fallback={<p className="placeholder">Loading…</p>}>
              <Page page={page} />
            </Suspense>
          ) : null}
        </main>
      </div>
      <ShortcutHelp />
    </div>
  );
}
