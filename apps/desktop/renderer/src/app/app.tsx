import { useEffect } from 'react';
import { DashboardPage } from '../dashboard/dashboard-page.js';
import { syncLayoutsWithHost } from '../dashboard/layout-sync.js';
import { useDashboardStore } from '../dashboard/dashboard-store.js';
import { currentHostClient, useHealthStore } from '../health/health-store.js';
import { ConnectionFailure } from '../health/connection-failure.js';
import { useQuoteStore } from '../market/quote-store.js';
import { BacktestLabPage } from '../pages/backtest-lab/backtest-lab-page.js';
import { DataPage } from '../pages/data-page.js';
import { EnginesPage } from '../pages/engines-page.js';
import { RiskPage } from '../pages/risk/risk-page.js';
import { SettingsPage } from '../pages/settings/settings-page.js';
import { StrategiesPage } from '../pages/strategies/strategies-page.js';
import { NavBar } from './nav-bar.js';
import { ShortcutHelp } from './shortcut-help.js';
import { installShortcuts } from './shortcuts.js';
import { useNavigationStore, type PageId } from './pages.js';
import { TopBar } from './top-bar.js';

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
          {health !== null ? <Page page={page} /> : null}
        </main>
      </div>
      <ShortcutHelp />
    </div>
  );
}
