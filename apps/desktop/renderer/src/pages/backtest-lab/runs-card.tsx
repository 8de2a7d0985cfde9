// Stored runs, newest first: click a row to open it, tick 2–4 to compare them, delete one.
import { MAX_COMPARED, useBacktestLabStore, type RunView } from './backtest-lab-store.js';
import { describeData, formatDateTime, formatParams, formatStatistic, statisticTone } from './lab-format.js';

const STATUS_TONE: Record<RunView['status'], string> = { done: 'tone-good', running: 'tone-warn', failed: 'tone-bad', canceled: 'tone-neutral' };

export function RunsCard() {
  const runs = useBacktestLabStore((state) => state.runs);
  const selectedRunId = useBacktestLabStore((state) => state.selectedRunId);
  const compared = useBacktestLabStore((state) => state.compared);
  const selectRun = useBacktestLabStore((state) => state.selectRun);
  const toggleCompared = useBacktestLabStore((state) => state.toggleCompared);
  const deleteRun = useBacktestLabStore((state) => state.deleteRun);

  return (
    <div className="card flush lab-runs">
      <div className="card-header">
        <h2>Runs</h2>
        <span className="muted">
          {runs.length} stored · tick {MAX_COMPARED > 2 ? `2–${MAX_COMPARED}` : '2'} to compare
        </span>
      </div>
      <div className="lab-runs-scroll">
        <table className="grid-table" data-testid="lab-runs">
          <thead>
            <tr>
              <th aria-label="Compare" />
              <th>Created (UTC)</th>
              <th>Strategy</th>
              <th>Data</th>
              <th>Status</th>
              <th className="num">Final value</th>
              <th className="num">Return</th>
              <th className="num">Max DD</th>
              <th className="num">Trades</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {runs.length === 0 ? (
              <tr>
                <td colSpan={10} className="lab-empty-row">
                  No runs yet. Choose data and a strategy, then Run backtest.
                </td>
              </tr>
            ) : null}
            {runs.map((run) => {
              const stats = run.statistics;
              return (
                <tr key={run.runId} data-run={run.runId} data-status={run.status} className={run.runId === selectedRunId ? 'selected' : ''} onClick={() => void selectRun(run.runId)}>
                  <td onClick={(event) => event.stopPropagation()}>
                    <input
                      type="checkbox"
                      aria-label={`Compare run ${run.runId}`}
                      checked={compared.includes(run.runId)}
                      disabled={run.status !== 'done'}
                      onChange={() => void toggleCompared(run.runId)}
                    />
                  </td>
                  <td className="muted">{formatDateTime(run.createdTs)}</td>
                  <td className="lab-run-strategy">
                    <span className="symbol">{run.strategy}</span> <span className="muted">{formatParams(run.params)}</span>
                  </td>
                  <td>{describeData(run.data)}</td>
                  <td>
                    <span className={`state ${STATUS_TONE[run.status]}`} title={run.error ?? undefined}>
                      {run.status}
                    </span>
                  </td>
                  <td className="num">{formatStatistic('finalValue', stats?.finalValue)}</td>
                  <td className={`num ${statisticTone('totalReturn', stats?.totalReturn)}`}>{formatStatistic('totalReturn', stats?.totalReturn)}</td>
                  <td className="num">{formatStatistic('maxDrawdown', stats?.maxDrawdown)}</td>
                  <td className="num">{formatStatistic('closedTrades', stats?.closedTrades)}</td>
                  <td className="lab-run-actions" onClick={(event) => event.stopPropagation()}>
                    <button type="button" className="button icon ghost" aria-label={`Delete run ${run.runId}`} title="Delete run" onClick={() => void deleteRun(run.runId)} disabled={run.status === 'running'}>
                      ×
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
