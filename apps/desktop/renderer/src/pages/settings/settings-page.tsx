// Settings: theme, data providers and their keys (the Data page's panel), the Interactive
// Brokers connection, and general facts about this Host (version, data directory, transport).
import { useThemeStore, type Theme } from '../../app/theme-store.js';
import { useNavigationStore } from '../../app/pages.js';
import { formatUtcTimestamp } from '../../health/format.js';
import { useHealthStore } from '../../health/health-store.js';
import { ProvidersPanel } from '../data/providers-panel.js';
import { IbConnectionPanel } from './ib-connection-panel.js';

const THEMES: ReadonlyArray<{ id: Theme; label: string; hint: string }> = [
  { id: 'dark', label: 'Dark', hint: 'Low glare for long sessions' },
  { id: 'light', label: 'Light', hint: 'High contrast in bright rooms' },
];

function ThemeSwatch({ theme }: { theme: Theme }) {
  return (
    <svg className="theme-swatch" viewBox="0 0 96 56" aria-hidden="true" data-swatch={theme}>
      <clipPath id={`swatch-clip-${theme}`}>
        <rect width="96" height="56" rx="5" />
      </clipPath>
      <g clipPath={`url(#swatch-clip-${theme})`}>
        <rect width="96" height="56" rx="5" className="swatch-bg" />
        <rect x="0" y="0" width="96" height="9" className="swatch-chrome" />
        <rect x="0" y="9" width="20" height="47" className="swatch-chrome" />
        <rect x="25" y="14" width="40" height="18" rx="2" className="swatch-panel" />
        <rect x="68" y="14" width="23" height="18" rx="2" className="swatch-panel" />
        <rect x="25" y="35" width="66" height="16" rx="2" className="swatch-panel" />
        <polyline points="28,28 36,22 44,25 52,18 62,20" className="swatch-line" />
      </g>
      <rect width="96" height="56" rx="5" className="swatch-outline" />
    </svg>
  );
}

function ThemeCard() {
  const theme = useThemeStore((state) => state.theme);
  const toggleTheme = useThemeStore((state) => state.toggleTheme);
  return (
    <div className="card" data-testid="theme-card">
      <div className="card-header">
        <h2>Appearance</h2>
        <span className="muted">
          Press <kbd>t</kbd> anywhere to switch
        </span>
      </div>
      <div className="theme-options" role="radiogroup" aria-label="Theme">
        {THEMES.map((option) => (
          <button
            key={option.id}
            type="button"
            role="radio"
            aria-checked={theme === option.id}
            className={`theme-option${theme === option.id ? ' on' : ''}`}
            data-theme-option={option.id}
            onClick={() => theme !== option.id && toggleTheme()}
          >
            <ThemeSwatch theme={option.id} />
            <span className="theme-label">{option.label}</span>
            <span className="muted">{option.hint}</span>
          </button>
        ))}
      </div>
    </div>
  );
}

function GeneralCard() {
  const health = useHealthStore((state) => state.health);
  const toggleHelp = useNavigationStore((state) => state.toggleHelp);
  const dataDir = health?.dataDir;
  return (
    <div className="card" data-testid="general-card">
      <div className="card-header">
        <h2>General</h2>
      </div>
      <dl className="facts two">
        <div>
          <dt>Version</dt>
          <dd data-testid="app-version">{health?.version ?? '—'}</dd>
        </div>
        <div>
          <dt>Connection</dt>
          <dd>{health?.transport ?? '—'}</dd>
        </div>
        <div>
          <dt>Data directory</dt>
          <dd className={dataDir ? 'mono' : undefined} title={dataDir}>
            {dataDir ?? <span className="muted">not reported by this Host</span>}
          </dd>
        </div>
        <div>
          <dt>Host started (UTC)</dt>
          <dd>{health ? formatUtcTimestamp(health.startedAt) : '—'}</dd>
        </div>
      </dl>
      <p className="muted">
        Keyboard shortcuts: press <kbd>?</kbd> anywhere, or{' '}
        <button type="button" className="link-button" onClick={() => toggleHelp(true)}>
          show the list
        </button>
      </p>
    </div>
  );
}

export function SettingsPage() {
  return (
    <section className="page settings-page" data-testid="settings-page">
      <header className="page-header">
        <h1>Settings</h1>
        <p className="muted">Appearance, data providers and their API keys, the Interactive Brokers connection, and this workstation.</p>
      </header>
      <div className="settings-grid">
        <ThemeCard />
        <GeneralCard />
      </div>
      <ProvidersPanel />
      <IbConnectionPanel />
    </section>
  );
}
