// The Backtest Lab: set up and run backtests and sweeps in the Host's worker pool, watch their
// progress, open a stored run (equity, drawdown, statistics, trades, tear sheet), compare runs.
import { useEffect } from 'react';
import './backtest-lab.css';
import { useBacktestLabStore } from './backtest-lab-store.js';
import { CompareView } from './compare-view.js';
import { RunView } from './run-view.js';
import { RunsCard } from './runs-card.js';
import { SetupCard } from './setup-card.js';
import { SweepCard } from './sweep-card.js';
import { TearSheetViewer } from './tear-sheet-viewer.js';

const INSTRUMENTS_RETRY_MS = 3_000;

export function BacktestLabPage() {
  const load = useBacktestLabStore((state) => state.load);
  const problem = useBacktestLabStore((state) => state.problem);
  const dismissProblem = useBacktestLabStore((state) => state.dismissProblem);
  const compared = useBacktestLabStore((state) => state.compared);
  const details = useBacktestLabStore((state) => state.details);
  const selected = useBacktestLabStore((state) => (state.selectedRunId === null ? undefined : state.details[state.selectedRunId]));

  useEffect(() => void load(), [load]);

  // On a first start the demo market is still being written: look again until bars are stored.
  const noInstruments = useBacktestLabStore((state) => state.instruments.length === 0);
  const refreshInstruments = useBacktestLabStore((state) => state.refreshInstruments);
  useEffect(() => {
    if (!noInstruments) return;
    const timer = setInterval(() => void refreshInstruments(), INSTRUMENTS_RETRY_MS);
    return () => clearInterval(timer);
  }, [noInstruments, refreshInstruments]);

  const comparedDetails = compared.map((runId) => details[runId]).filter((detail) => detail !== undefined);
  return (
    <section className="page lab-page" data-testid="backtest-lab">
      <header className="page-header">
        <h1>Backtest Lab</h1>
        <p className="muted">Backtests and parameter sweeps over stored bars or ticks, run in the Host&apos;s worker pool; every result is stored and can be reopened, compared and exported as a tear sheet.</p>
      </header>
      {problem ? (
        <div className="banner banner-error lab-banner" role="alert" data-testid="lab-problem">
          <span>{problem}</span>
          <button type="button" className="button" onClick={dismissProblem}>
            Dismiss
          </button>
        </div>
      ) : null}
      <div className="lab-grid">
        <SetupCard />
        <div className="lab-main">
          <RunsCard />
          <SweepCard />
          {comparedDetails.length >= 2 ? <CompareView details={comparedDetails} /> : selected ? <RunView detail={selected} /> : <EmptyResult />}
        </div>
      </div>
      <TearSheetViewer />
    </section>
  );
}

function EmptyResult() {
  return (
    <div className="card lab-empty">
      <strong>No run selected</strong>
      <span className="muted">Run a backtest, or click a stored run to see its equity curve, drawdown, statistics and trades.</span>
    </div>
  );
}
