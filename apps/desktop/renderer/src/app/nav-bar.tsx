import { PAGES, useNavigationStore, type PageId } from './pages.js';

/** Small line icons, one per page (inline SVG: no icon font, nothing outside our CSP). */
const ICONS: Record<PageId, string> = {
  dashboard: 'M3 3h7v9H3zM14 3h7v5h-7zM14 12h7v9h-7zM3 16h7v5H3z',
  backtest: 'M3 20h18M5 16l4-5 4 3 6-8',
  strategies: 'M6 3v12M6 15a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM18 3a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM18 9c0 6-12 3-12 9',
  risk: 'M12 3l9 4v5c0 5-4 8-9 9-5-1-9-4-9-9V7z',
  data: 'M4 6c0-2 16-2 16 0v12c0 2-16 2-16 0zM4 6c0 2 16 2 16 0M4 12c0 2 16 2 16 0',
  engines: 'M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zM12 2v3M12 19v3M2 12h3M19 12h3M5 5l2 2M17 17l2 2M5 19l2-2M17 7l2-2',
  settings: 'M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M20 18h0M14 4v4M8 10v4M16 16v4',
};

export function NavBar() {
  const page = useNavigationStore((state) => state.page);
  const navigate = useNavigationStore((state) => state.navigate);
  return (
    <nav className="nav" aria-label="Pages">
      {PAGES.map((entry) => (
        <button
          key={entry.id}
          type="button"
          className={`nav-item${entry.id === page ? ' active' : ''}`}
          aria-current={entry.id === page ? 'page' : undefined}
          data-page={entry.id}
          title={`${entry.label} (g ${entry.key})`}
          onClick={() => navigate(entry.id)}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true" className="nav-icon">
            <path d={ICONS[entry.id]} />
          </svg>
          <span>{entry.label}</span>
        </button>
      ))}
    </nav>
  );
}
