// Dark or light, kept in localStorage so the choice survives a reload; applied as
// `data-theme` on <html> where the CSS variables switch.
import { create } from 'zustand';

export type Theme = 'dark' | 'light';
export const THEME_STORAGE_KEY = 'nws.theme';

function storedTheme(): Theme {
  if (typeof localStorage === 'undefined') return 'dark';
  return localStorage.getItem(THEME_STORAGE_KEY) === 'light' ? 'light' : 'dark';
}

function applyTheme(theme: Theme): void {
  if (typeof document === 'undefined') return;
  document.documentElement.dataset['theme'] = theme;
  document.documentElement.style.colorScheme = theme;
}

export interface ThemeState {
  theme: Theme;
  toggleTheme(): void;
}

export const useThemeStore = create<ThemeState>()((set, get) => {
  const initial = storedTheme();
  applyTheme(initial);
  return {
    theme: initial,
    toggleTheme() {
      const theme: Theme = get().theme === 'dark' ? 'light' : 'dark';
      if (typeof localStorage !== 'undefined') localStorage.setItem(THEME_STORAGE_KEY, theme);
      applyTheme(theme);
      set({ theme });
    },
  };
});
