// The Strategies page: the built-in strategies with their declared parameters, a form to start
// one on the paper account (live demo feed, or a replay of stored bars at 1×–1000×), and the
// runs with their orders, fills and P&L, each with Stop.
import { useEffect, useMemo, useState } from 'react';
import { patterns, type MethodResult } from '@nws/core';
import { currentHostClient } from '../../health/health-store.js';
import { formatUtcTimestamp } from '../../health/format.js';
import { useHostQuery } from '../../widgets/use-host-query.js';
import { formatMoney, symbolOf } from '../../widgets/format-price.js';
import { StartStrategyForm } from './start-strategy-form.js';
import { listRuns, loadCatalogue, stopStrategy, type CatalogueEntry, type StrategyRunRow } from './strategy-api.js';

type StoredInstrument = MethodResult<'marketdata.instruments'>['instruments'][number];

/** A declared range in words: bounds that only guard against nonsense (1e-6, 1e12) are left out. */
export function describeRange(param: Pick<CatalogueEntry['params'][number], 'type' | 'min' | 'max' | 'values'>): string {
  if (param.type === 'enum') return (param.values ?? []).join(' · ');
  if (param.type === 'boolean') return 'on / off';
  const lower = param.min === undefined ? undefined : param.min > 0 && param.min < 0.001 ? '> 0' : String(param.min);
  const upper = param.max === undefined || param.max >= 1e6 ? undefined : String(param.max);
  if (lower !== undefined && upper !== undefined) return lower === '> 0' ? `> 0, ≤ ${upper}` : `${lower} … ${upper}`;
  if (lower !== undefined) return lower === '> 0' ? lower : `≥ ${lower}`;
  if (upper !== undefined) return `≤ ${upper}`;
  return 'any';
}

function CatalogueCard({ entry, selected, onSelect }: { entry: CatalogueEntry; selected: boolean; onSelect(): void }) {
  return (
    <article className={`strategy-card${selected ? ' selected' : ''}`} data-strategy={entry.name}>
      <header>
        <h2>{entry.name}</h2>
        <button type="button" className={`button${selected ? ' primary' : ''}`} onClick={onSelect} aria-pressed={selected}>
          {selected ? 'Selected' : 'Configure'}
        </button>
      </header>
      <p className="muted">{entry.description ?? 'No description.'}</p>
      {entry.instruments ? (
        <p className="strategy-meta">
          Trades {entry.instruments.min === entry.instruments.max ? entry.instruments.min : `${entry.instruments.min}–${entry.instruments.max}`} instrument{entry.instruments.max === 1 ? '' : 's'}
        </p>
      ) : null}
      {entry.params.length === 0 ? (
        <p className="muted">No parameters.</p>
      ) : (
        <table className="grid-table params-table">
          <thead>
            <tr>
              <th>Parameter</th>
              <th>Type</th>
              <th className="num">Default</th>
              <th>Range</th>
            </tr>
          </thead>
          <tbody>
            {entry.params.map((param) => (
              <tr key={param.name} title={param.description}>
                <td className="symbol">{param.name}</td>
                <td className="muted">{param.type}</td>
                <td className="num">{String(param.default ?? '—')}</td>
                <td className="muted">{describeRange(param)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}

const STATUS_TONE = (status: string) => (/running|starting/i.test(status) ? 'good' : /fail|error|fault/i.test(status) ? 'bad' : /interrupted/i.test(status) ? 'warn' : 'neutral');

/** "resumed 14:03:07" (UTC, as the Started column) for a run the Host started again after a restart. */
export function resumedLabel(resumedAt: number | undefined): string | undefined {
  return resumedAt === undefined ? undefined : `resumed ${formatUtcTimestamp(resumedAt).slice(11)}`;
}

function RunsTable({ runs, onStop, stopping }: { runs: StrategyRunRow[]; onStop(id: string): void; stopping: string | null }) {
  return (
    <table className="grid-table" data-testid="strategy-runs">
      <thead>
        <tr>
          <th>Strategy</th>
          <th>Run</th>
          <th>Instruments</th>
          <th>Source</th>
          <th>Status</th>
          <th>Started (UTC)</th>
          <th className="num">Orders</th>
          <th className="num">Fills</th>
          <th className="num">P&amp;L</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.strategyRunId} data-run-id={run.strategyRunId} data-status={run.status}>
            <td className="symbol">{run.strategy}</td>
            <td className="muted mono">{run.strategyRunId}</td>
            <td>{run.instrumentIds.map(symbolOf).join(', ') || '—'}</td>
            <td className="muted">{run.source === undefined ? '—' : `${run.source}${run.data === undefined ? '' : ` · ${run.data}`}`}</td>
            <td>
              <span className={`badge tone-${STATUS_TONE(run.status)}`} title={run.message}>
                {run.status.toLowerCase()}
              </span>
              {resumedLabel(run.resumedAt) === undefined ? null : (
                <span className="muted" data-testid="run-resumed" title="started again by the Host after a restart">
                  {' '}
                  {resumedLabel(run.resumedAt)}
                </span>
              )}
            </td>
            <td className="muted">{run.startedAt ? formatUtcTimestamp(run.startedAt) : '—'}</td>
            <td className="num">{run.orders ?? '—'}</td>
            <td className="num">{run.fills ?? '—'}</td>
            <td className={`num ${run.pnl === undefined ? '' : run.pnl < 0 ? 'neg' : run.pnl > 0 ? 'pos' : ''}`}>{formatMoney(run.pnl)}</td>
            <td className="num">
              {/running|starting/i.test(run.status) ? (
                <button type="button" className="button" disabled={stopping === run.strategyRunId} onClick={() => onStop(run.strategyRunId)}>
                  {stopping === run.strategyRunId ? 'Stopping…' : 'Stop'}
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function StrategiesPage() {
  const catalogue = useHostQuery(loadCatalogue);
  const runs = useHostQuery(listRuns, { intervalMs: 2_000, refreshOn: [patterns.fills()] });
  const instruments = useHostQuery((client) => client.call('marketdata.instruments').then((result) => result.instruments));
  const [selected, setSelected] = useState<string | null>(null);
  const [stopping, setStopping] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const strategies = catalogue.data?.strategies ?? [];
  useEffect(() => {
    if (selected === null && strategies.length > 0) setSelected(strategies[0]!.name);
  }, [selected, strategies]);
  const entry = useMemo(() => strategies.find((strategy) => strategy.name === selected) ?? null, [strategies, selected]);
  const paperReady = catalogue.data?.source === 'strategies.catalogue' && runs.errorCode !== 'UNKNOWN_METHOD';

  async function stop(id: string) {
    setStopping(id);
    try {
      await stopStrategy(currentHostClient()!, id);
      setProblem(null);
    } catch (error) {
      setProblem(`could not stop ${id}: ${(error as Error).message}`);
    } finally {
      setStopping(null);
      runs.refresh();
    }
  }

  const runRows = runs.data ?? [];
  const running = runRows.filter((run) => /running|starting/i.test(run.status)).length;
  return (
    <section className="page wide" data-testid="strategies-page">
      <header className="page-header">
        <h1>Strategies</h1>
        <p className="muted">Built-in strategies and their parameters. Start one on the paper account, on the live demo feed or a replay of stored bars or ticks, and watch its orders, fills and P&amp;L.</p>
      </header>
      {problem ? (
        <div className="banner banner-error" role="alert">
          <span>{problem}</span>
          <button type="button" className="button icon" aria-label="Dismiss" onClick={() => setProblem(null)}>×</button>
        </div>
      ) : null}
      {!paperReady && catalogue.data !== null ? (
        <div className="banner banner-info" data-testid="strategies-unavailable">
          Running strategies on the paper account is not available on this Host yet: the catalogue below comes from the backtester. Use the Backtest Lab to run them on stored data.
        </div>
      ) : null}

      <div className="card flush">
        <div className="card-header">
          <h2>Runs</h2>
          <span className="muted">{runs.data === null ? '' : `${running} running · ${runRows.length} in total`}</span>
        </div>
        {runs.data === null ? (
          <p className="empty-note">{runs.errorCode === 'UNKNOWN_METHOD' ? 'No strategy runs: this Host cannot run strategies on the paper account yet.' : (runs.error ?? 'Loading runs…')}</p>
        ) : runRows.length === 0 ? (
          <p className="empty-note">No strategy has run yet. Pick one below, set its parameters and press Start.</p>
        ) : (
          <RunsTable runs={runRows} onStop={(id) => void stop(id)} stopping={stopping} />
        )}
      </div>

      <div className="page-columns">
        <div className="page-column main">
          <h3 className="section-title">Catalogue</h3>
          {catalogue.errorCode === 'UNKNOWN_METHOD' ? (
            <div className="unavailable" data-testid="catalogue-unavailable">
              <strong>Unavailable</strong>
              <span className="muted">
                This Host does not list its strategies yet (no <code>strategies.catalogue</code> method). The built-in strategies and their parameters will show here once it does.
              </span>
            </div>
          ) : catalogue.data === null ? (
            <p className="empty-note">{catalogue.error ? `Catalogue unavailable: ${catalogue.error}` : 'Loading strategies…'}</p>
          ) : strategies.length === 0 ? (
            <p className="empty-note">No strategies are registered.</p>
          ) : (
            <div className="strategy-grid" data-testid="strategy-catalogue">
              {strategies.map((strategy) => (
                <CatalogueCard key={strategy.name} entry={strategy} selected={strategy.name === selected} onSelect={() => setSelected(strategy.name)} />
              ))}
            </div>
          )}
        </div>
        <div className="page-column side">
          <h3 className="section-title">Start on paper</h3>
          {entry === null ? (
            <div className="card">
              <p className="empty-note">{catalogue.data === null ? 'Strategies appear in the catalogue first.' : 'Select a strategy in the catalogue to configure it.'}</p>
            </div>
          ) : (
            <StartStrategyForm
              key={entry.name}
              entry={entry}
              instruments={(instruments.data ?? []) as StoredInstrument[]}
              enabled={paperReady}
              onStarted={() => runs.refresh()}
            />
          )}
        </div>
      </div>
    </section>
  );
}
