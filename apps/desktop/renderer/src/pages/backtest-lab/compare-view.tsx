// 2–4 runs side by side: their equity curves overlaid as returns (so different starting cash
// compares fairly) with drawdowns below, and one statistics column per run.
import { useMemo } from 'react';
import { useThemeStore } from '../../app/theme-store.js';
import { useBacktestLabStore, type RunDetail } from './backtest-lab-store.js';
import { CURVE_COLORS, EquityChart, type EquityCurve } from './equity-chart.js';
import { STATISTIC_LABELS, describeData, formatParams, formatStatistic, statisticTone } from './lab-format.js';

export function CompareView({ details }: { details: RunDetail[] }) {
  const theme = useThemeStore((state) => state.theme);
  const toggleCompared = useBacktestLabStore((state) => state.toggleCompared);
  const curves = useMemo<EquityCurve[]>(
    () =>
      details.map((detail, index) => ({
        id: detail.run.runId,
        label: `#${index + 1} ${detail.run.strategy}`,
        ts: detail.equity.ts,
        values: detail.equity.equity.map((value) => (value / detail.run.cash - 1) * 100),
        drawdown: detail.equity.drawdown,
      })),
    [details],
  );

  return (
    <div className="card flush lab-compare" data-testid="lab-compare">
      <div className="card-header">
        <h2>Compare {details.length} runs</h2>
        <span className="muted">Return in % of starting cash; drawdowns below</span>
      </div>
      <EquityChart curves={curves} valueLabel="return" testId="lab-compare-chart" />
      <table className="grid-table lab-compare-table">
        <thead>
          <tr>
            <th>Statistic</th>
            {details.map((detail, index) => (
              <th key={detail.run.runId} className="num">
                <span className="lab-swatch" style={{ background: CURVE_COLORS[theme][index % 4] }} />#{index + 1}{' '}
                <button type="button" className="link-button" onClick={() => void toggleCompared(detail.run.runId)} aria-label={`Stop comparing run ${index + 1}`}>
                  ×
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Strategy</th>
            {details.map((detail) => (
              <td key={detail.run.runId} className="num">
                {detail.run.strategy} <span className="muted">{formatParams(detail.run.params)}</span>
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">Data</th>
            {details.map((detail) => (
              <td key={detail.run.runId} className="num">
                {describeData(detail.run.data)}
              </td>
            ))}
          </tr>
          {STATISTIC_LABELS.map(([name, label]) => (
            <tr key={name} data-stat={name}>
              <th scope="row">{label}</th>
              {details.map((detail) => {
                const value = detail.run.statistics?.[name];
                return (
                  <td key={detail.run.runId} className={`num ${statisticTone(name, value)}`}>
                    {formatStatistic(name, value)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
