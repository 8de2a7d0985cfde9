// The Risk page: limits and their utilisation, the kill switch, breaches, the per-instrument
// heatmap, and VaR/exposures/stress with report downloads.
import { patterns } from '@nws/core';
import { RiskHeatmapWidget } from '../../widgets/risk-heatmap-widget.js';
import { useHostQuery } from '../../widgets/use-host-query.js';
import { BreachesPanel } from './breaches-panel.js';
import { KillSwitchPanel } from './kill-switch-panel.js';
import { LimitsPanel } from './limits-panel.js';
import { RiskReportPanel } from './risk-report-panel.js';

function AccountStrip() {
  const account = useHostQuery((client) => client.call('account.get'), { intervalMs: 3_000, refreshOn: [patterns.fills()] });
  const money = (value: number) => value.toLocaleString('en-US', { style: 'currency', currency: account.data?.account.baseCurrency ?? 'USD', maximumFractionDigits: 0 });
  if (account.data === null) return null;
  const { equity, cash, realizedPnl, unrealizedPnl, tradingState } = account.data;
  return (
    <dl className="facts stat-strip" data-testid="risk-account">
      <div>
        <dt>Equity</dt>
        <dd>{money(equity)}</dd>
      </div>
      <div>
        <dt>Cash</dt>
        <dd>{money(cash)}</dd>
      </div>
      <div>
        <dt>Realised P&amp;L</dt>
        <dd className={realizedPnl < 0 ? 'neg' : realizedPnl > 0 ? 'pos' : ''}>{money(realizedPnl)}</dd>
      </div>
      <div>
        <dt>Unrealised P&amp;L</dt>
        <dd className={unrealizedPnl < 0 ? 'neg' : unrealizedPnl > 0 ? 'pos' : ''}>{money(unrealizedPnl)}</dd>
      </div>
      <div>
        <dt>Trading state</dt>
        <dd>
          <span className={`state tone-${tradingState.toUpperCase() === 'ACTIVE' ? 'good' : 'bad'}`} data-testid="trading-state">
            {tradingState.toLowerCase().replace(/_/g, ' ')}
          </span>
        </dd>
      </div>
    </dl>
  );
}

export function RiskPage() {
  return (
    <section className="page wide" data-testid="risk-page">
      <header className="page-header">
        <h1>Risk</h1>
        <p className="muted">Pre-trade limits of the paper account, the kill switch, breaches, and the desk&rsquo;s VaR, exposures and stress results.</p>
      </header>
      <AccountStrip />
      <div className="page-columns">
        <div className="page-column main">
          <LimitsPanel />
          <div className="card flush heatmap-card">
            <div className="card-header">
              <h2>Utilisation by instrument</h2>
              <span className="muted">Each instrument&rsquo;s share of each limit</span>
            </div>
            <div className="heatmap-frame">
              <RiskHeatmapWidget fit />
            </div>
          </div>
        </div>
        <div className="page-column side">
          <KillSwitchPanel />
          <BreachesPanel />
        </div>
      </div>
      <RiskReportPanel />
    </section>
  );
}
