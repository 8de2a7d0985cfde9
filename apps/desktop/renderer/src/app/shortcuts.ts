// Keyboard commands: one table, shown by `?` and run by the key handler. Navigation is a
// two-key sequence (`g` then a page key, within CHORD_TIMEOUT_MS), edits use the usual modifiers.
import { useDashboardStore } from '../dashboard/dashboard-store.js';
import { PAGES, useNavigationStore } from './pages.js';
import { useThemeStore } from './theme-store.js';
import { useTicketStore } from '../trading/ticket-store.js';

export const CHORD_TIMEOUT_MS = 1_200;

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export interface Shortcut {
  /** As shown to the user: `g d`, `Ctrl+Z`. */
  keys: string;
  label: string;
  run(): void;
}

export const SHORTCUTS: readonly Shortcut[] = [
  ...PAGES.map((page) => ({ keys: `g ${page.key}`, label: `Go to ${page.label}`, run: () => useNavigationStore.getState().navigate(page.id) })),
  { keys: 'Ctrl+Z', label: 'Undo the last dashboard change', run: () => useDashboardStore.getState().undo() },
  { keys: 'Ctrl+Shift+Z', label: 'Redo', run: () => useDashboardStore.getState().redo() },
  { keys: 't', label: 'Switch dark / light theme', run: () => useThemeStore.getState().toggleTheme() },
  { keys: 'b', label: 'Order ticket: buy (focus quantity; Enter sends, Enter again confirms, Escape backs out)', run: () => useTicketStore.getState().requestFocus('BUY') },
  { keys: 's', label: 'Order ticket: sell (focus quantity)', run: () => useTicketStore.getState().requestFocus('SELL') },
  { keys: '?', label: 'Show these shortcuts', run: () => useNavigationStore.getState().toggleHelp() },
  { keys: 'Escape', label: 'Close dialogs', run: () => useNavigationStore.getState().toggleHelp(false) },
];

/** The text a key press is written as in the table, modifiers first. */
export function describeKeyPress(press: KeyPress): string {
  const key = press.key.length === 1 ? press.key.toUpperCase() : press.key;
  if (press.ctrlKey || press.metaKey) return `Ctrl+${press.shiftKey ? 'Shift+' : ''}${key}`;
  return press.key;
}

/**
 * Which shortcut a key press completes, given the pending chord prefix (`g` or null).
 * Returns the match and the new prefix.
 */
export function resolveShortcut(prefix: string | null, press: KeyPress): { shortcut: Shortcut | null; prefix: string | null } {
  const written = describeKeyPress(press);
  const keys = prefix === null ? written : `${prefix} ${written}`;
  const exact = SHORTCUTS.find((shortcut) => shortcut.keys === keys);
  if (exact) return { shortcut: exact, prefix: null };
  if (prefix === null && SHORTCUTS.some((shortcut) => shortcut.keys.startsWith(`${written} `))) return { shortcut: null, prefix: written };
  return { shortcut: null, prefix: null };
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** Installs the global key handler; returns its removal. */
export function installShortcuts(target: Window): () => void {
  let prefix: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onKeyDown = (event: KeyboardEvent) => {
    if (isTyping(event.target) || event.altKey) return;
    const resolved = resolveShortcut(prefix, event);
    prefix = resolved.prefix;
    clearTimeout(timer);
    if (prefix !== null) timer = setTimeout(() => (prefix = null), CHORD_TIMEOUT_MS);
    if (resolved.shortcut !== null) {
      event.preventDefault();
      resolved.shortcut.run();
    }
  };
  target.addEventListener('keydown', onKeyDown);
  return () => target.removeEventListener('keydown', onKeyDown);
}
