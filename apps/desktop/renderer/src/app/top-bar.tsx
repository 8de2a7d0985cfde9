import { useHealthStore, type ConnectionPhase } from '../health/health-store.js';
import { useQuoteStore } from '../market/quote-store.js';
import { TopBarTrading } from '../trading/top-bar-trading.js';
import { useNavigationStore } from './pages.js';
import { useThemeStore } from './theme-store.js';

const phaseLabel: Record<ConnectionPhase, string> = {
  connecting: 'Connecting',
  connected: 'Connected',
  failed: 'Disconnected',
};

const phaseTone: Record<ConnectionPhase, string> = {
  connecting: 'warn',
  connected: 'good',
  failed: 'bad',
};

export function TopBar() {
  const phase = useHealthStore((state) => state.phase);
  const theme = useThemeStore((state) => state.theme);
  const toggleTheme = useThemeStore((state) => state.toggleTheme);
  const toggleHelp = useNavigationStore((state) => state.toggleHelp);
  const quoteCount = useQuoteStore((state) => state.quoteCount);
  return (
    <header className="top-bar">
      <div className="brand">
        <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
          <path d="M16 5a11 11 0 1 0 11 11h-4.2A6.8 6.8 0 1 1 16 9.2z" />
          <circle cx="16" cy="16" r="3" />
        </svg>
        <span className="brand-name">Nautilus Workstation</span>
      </div>
      <div className="top-bar-right">
        <TopBarTrading />
        <span className="muted feed-count" title="Quotes received this session">{quoteCount.toLocaleString('en-US')} quotes</span>
        <button type="button" className="button icon" title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts" onClick={() => toggleHelp()}>
          ?
        </button>
        <button type="button" className="button" data-testid="theme-toggle" title="Switch theme (t)" onClick={toggleTheme}>
          {theme === 'dark' ? 'Light theme' : 'Dark theme'}
        </button>
        <span className={`badge tone-${phaseTone[phase]}`} data-testid="connection-phase">
          <span className="dot" />
          {phaseLabel[phase]}
        </span>
      </div>
    </header>
  );
}
