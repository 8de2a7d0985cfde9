// One stored run: headline statistics, equity curve with drawdown, the full statistics table and
// its closed trades (virtualised), and the tear sheet.
import { useMemo } from 'react';
import { VirtualRows } from '../../widgets/virtual-rows.js';
import { useBacktestLabStore, type RunDetail } from './backtest-lab-store.js';
import { EquityChart, type EquityCurve } from './equity-chart.js';
import { STATISTIC_LABELS, describeData, formatDate, formatMoney, formatParams, formatStatistic, statisticRows, statisticTone } from './lab-format.js';

const HEADLINE = ['finalValue', 'totalReturn', 'maxDrawdown', 'sharpe', 'closedTrades', 'winRate'] as const;
const TRADE_COLUMNS = '90px 90px minmax(90px,1fr) 56px 72px 84px 84px 96px';
const TRADE_ROW_HEIGHT = 24;

export function RunView({ detail }: { detail: RunDetail }) {
  const openTearSheet = useBacktestLabStore((state) => state.openTearSheet);
  const { run, equity } = detail;
  const curves = useMemo<EquityCurve[]>(() => [{ id: run.runId, label: run.strategy, ts: equity.ts, values: equity.equity, drawdown: equity.drawdown }], [run.runId, run.strategy, equity]);
  const stats = run.statistics ?? {};

  return (
    <div className="card flush lab-run" data-testid="lab-run-view" data-run={run.runId}>
      <div className="card-header">
        <div>
          <h2>
            {run.strategy} <span className="muted lab-subtitle">{formatParams(run.params)}</span>
          </h2>
          <span className="muted">
            {describeData(run.data)} · starting cash {formatMoney(run.cash)}
            {equity.downsampled ? ` · curve shows ${equity.ts.length.toLocaleString('en-US')} of ${equity.points.toLocaleString('en-US')} steps (low and high of each span kept)` : ''}
          </span>
        </div>
        <button type="button" className="button" onClick={() => void openTearSheet(run.runId)} disabled={run.status !== 'done'} data-testid="lab-open-tear-sheet">
          Tear sheet
        </button>
      </div>
      {run.status !== 'done' ? (
        <p className="lab-run-note">
          This run is <strong>{run.status}</strong>
          {run.error ? `: ${run.error}` : '.'}
        </p>
      ) : (
        <>
          <div className="lab-headline" data-testid="lab-headline">
            {HEADLINE.map((name) => (
              <div className="lab-kpi" key={name} data-stat={name}>
                <span className="lab-kpi-label">{STATISTIC_LABELS.find(([key]) => key === name)?.[1]}</span>
                <span className={`lab-kpi-value ${statisticTone(name, stats[name])}`}>{formatStatistic(name, stats[name])}</span>
              </div>
            ))}
          </div>
          <div className="lab-run-body">
            <EquityChart curves={curves} valueLabel="equity" testId="lab-equity-chart" />
            <table className="grid-table lab-stats" data-testid="lab-stats">
              <tbody>
                {statisticRows(stats).map(([name, label]) => (
                  <tr key={name} data-stat={name}>
                    <th scope="row">{label}</th>
                    <td className={`num ${statisticTone(name, stats[name])}`}>{formatStatistic(name, stats[name])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="lab-trades">
            <div className="lab-trades-title">
              <h3>Closed trades</h3>
              <span className="muted">
                {detail.trades.total.toLocaleString('en-US')} trades
                {detail.trades.total > detail.trades.items.length ? ` · first ${detail.trades.items.length.toLocaleString('en-US')} shown` : ''} · {detail.orders.total.toLocaleString('en-US')} orders ·{' '}
                {detail.fills.total.toLocaleString('en-US')} fills
              </span>
            </div>
            <VirtualRows
              items={detail.trades.items}
              rowHeight={TRADE_ROW_HEIGHT}
              columns={TRADE_COLUMNS}
              testId="lab-trades"
              rowKey={(trade) => `${trade.instrumentId}-${trade.entryTs}-${trade.exitTs}`}
              empty={<p className="widget-empty">No closed trades.</p>}
              header={
                <>
                  <span>Entry</span>
                  <span>Exit</span>
                  <span>Instrument</span>
                  <span>Side</span>
                  <span className="num">Qty</span>
                  <span className="num">Entry px</span>
                  <span className="num">Exit px</span>
                  <span className="num">P&amp;L</span>
                </>
              }
              renderRow={(trade) => (
                <>
                  <span>{formatDate(trade.entryTs)}</span>
                  <span>{formatDate(trade.exitTs)}</span>
                  <span className="symbol">{trade.instrumentId}</span>
                  <span>{trade.side}</span>
                  <span className="num">{trade.quantity.toLocaleString('en-US')}</span>
                  <span className="num">{trade.entryPrice.toFixed(2)}</span>
                  <span className="num">{trade.exitPrice.toFixed(2)}</span>
                  <span className={`num ${trade.pnl > 0 ? 'pos' : trade.pnl < 0 ? 'neg' : ''}`}>{formatMoney(trade.pnl)}</span>
                </>
              )}
            />
          </div>
        </>
      )}
    </div>
  );
}
