import { describe, expect, it } from 'vitest';
import { describeKeyPress, resolveShortcut, type KeyPress } from './shortcuts.js';

const press = (key: string, modifiers: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...modifiers });

describe('shortcuts', () => {
  it('navigates with a g-chord', () => {
    const first = resolveShortcut(null, press('g'));
    expect(first).toEqual({ shortcut: null, prefix: 'g' });
    expect(resolveShortcut('g', press('e')).shortcut?.label).toBe('Go to Engines');
    expect(resolveShortcut('g', press('d')).shortcut?.label).toBe('Go to Dashboard');
    expect(resolveShortcut('g', press('x'))).toEqual({ shortcut: null, prefix: null });
  });

  it('reads Ctrl/Cmd+Z as undo and with Shift as redo', () => {
    expect(describeKeyPress(press('z', { ctrlKey: true }))).toBe('Ctrl+Z');
    expect(resolveShortcut(null, press('z', { ctrlKey: true })).shortcut?.label).toMatch(/^Undo/);
    expect(resolveShortcut(null, press('Z', { metaKey: true, shiftKey: true })).shortcut?.label).toBe('Redo');
  });

  it('opens help with ? and ignores keys that mean nothing', () => {
    expect(resolveShortcut(null, press('?')).shortcut?.label).toBe('Show these shortcuts');
    expect(resolveShortcut(null, press('q'))).toEqual({ shortcut: null, prefix: null });
  });
});
