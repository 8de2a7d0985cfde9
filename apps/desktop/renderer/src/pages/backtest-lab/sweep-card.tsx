// A sweep's runs in one table, sorted by the Host by any statistic: click a header to sort by
// it (again to reverse). Clicking a row opens that run.
import { useBacktestLabStore } from './backtest-lab-store.js';
import { formatStatistic, statisticLabel, statisticTone } from './lab-format.js';

const SWEEP_COLUMNS = ['totalReturn', 'finalValue', 'maxDrawdown', 'sharpe', 'sortino', 'closedTrades', 'winRate', 'profitFactor'] as const;

export function SweepCard() {
  const sweep = useBacktestLabStore((state) => state.sweep);
  const sortSweep = useBacktestLabStore((state) => state.sortSweep);
  const selectRun = useBacktestLabStore((state) => state.selectRun);
  const selectedRunId = useBacktestLabStore((state) => state.selectedRunId);
  if (sweep === null) return null;
  const { results, sortBy, direction } = sweep;
  const paramNames = Object.keys(results.rows[0]?.params ?? {});
  const arrow = direction === 'descending' ? '▼' : '▲';

  return (
    <div className="card flush lab-sweep" data-testid="lab-sweep-results">
      <div className="card-header">
        <h2>Sweep · {results.strategy}</h2>
        <span className="muted">
          {results.done} of {results.total} runs · sorted by {statisticLabel(sortBy)} {direction === 'descending' ? 'high → low' : 'low → high'}
        </span>
      </div>
      <div className="lab-runs-scroll">
        <table className="grid-table">
          <thead>
            <tr>
              <th className="num">#</th>
              {paramNames.map((name) => (
                <th key={name} className="num">
                  {name}
                </th>
              ))}
              {SWEEP_COLUMNS.map((name) => (
                <th key={name} className="num sortable" aria-sort={sortBy === name ? direction : 'none'} onClick={() => void sortSweep(name)} data-sort={name}>
                  {statisticLabel(name)} {sortBy === name ? arrow : ''}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {results.rows.map((row, index) => (
              <tr key={row.runId} data-run={row.runId} className={row.runId === selectedRunId ? 'selected' : ''} onClick={() => void selectRun(row.runId)}>
                <td className="num muted">{index + 1}</td>
                {paramNames.map((name) => (
                  <td key={name} className="num">
                    {String(row.params[name])}
                  </td>
                ))}
                {SWEEP_COLUMNS.map((name) => (
                  <td key={name} className={`num ${statisticTone(name, row.statistics?.[name])}`} data-stat={name}>
                    {row.status === 'done' ? formatStatistic(name, row.statistics?.[name]) : row.status}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
