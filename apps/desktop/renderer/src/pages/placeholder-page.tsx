/** An honest placeholder: what the page will hold, clearly marked as not built yet. */
export function PlaceholderPage({ title, coming }: { title: string; coming: readonly string[] }) {
  return (
    <section className="page" data-testid="placeholder-page">
      <header className="page-header">
        <h1>
          {title} <span className="badge tone-neutral">Not built yet</span>
        </h1>
        <p className="muted">This page is planned; nothing on it works yet. It will hold:</p>
      </header>
      <ul className="coming-list">
        {coming.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </section>
  );
}

export const PLACEHOLDER_CONTENT = {
  backtest: ['Choose data, strategy and parameters, then run with live progress', 'Compare runs side by side', 'Parameter sweeps with sortable results', 'Tear sheets: equity, drawdown, trades'],
  strategies: ['Strategy registry with versions', 'Staged deployment: backtest → paper → live', 'Rollback to a previous version'],
  risk: ['Limit utilisation heatmap by instrument × limit', 'Breach feed and VaR', 'Kill switch'],
  settings: ['Data providers and their API keys', 'Interactive Brokers connection', 'Theme and keyboard preferences'],
} as const;
