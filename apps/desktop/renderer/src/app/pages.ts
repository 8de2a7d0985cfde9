// The app's pages, in nav order, with the shortcut key that follows `g`.
import { create } from 'zustand';

export const PAGES = [
  { id: 'dashboard', label: 'Dashboard', key: 'd' },
  { id: 'backtest', label: 'Backtest Lab', key: 'b' },
  { id: 'strategies', label: 'Strategies', key: 's' },
  { id: 'risk', label: 'Risk', key: 'r' },
  { id: 'data', label: 'Data', key: 'a' },
  { id: 'engines', label: 'Engines', key: 'e' },
  { id: 'settings', label: 'Settings', key: ',' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];

function pageFromHash(): PageId {
  const wanted = typeof location === 'undefined' ? '' : location.hash.replace(/^#\/?/, '');
  return PAGES.find((page) => page.id === wanted)?.id ?? 'dashboard';
}

export interface NavigationState {
  page: PageId;
  helpOpen: boolean;
  navigate(page: PageId): void;
  toggleHelp(open?: boolean): void;
}

/** The page lives in the URL hash so a reload stays where the user was (the token stays in the query). */
export const useNavigationStore = create<NavigationState>()((set, get) => ({
  page: pageFromHash(),
  helpOpen: false,
  navigate(page) {
    if (typeof history !== 'undefined') history.replaceState(null, '', `${location.pathname}${location.search}#/${page}`);
    set({ page, helpOpen: false });
  },
  toggleHelp(open) {
    set({ helpOpen: open ?? !get().helpOpen });
  },
}));
