import { beforeEach, describe, expect, it } from 'vitest';
import { NwsError } from '@nws/core';
import { DASHBOARD_PERSISTENCE, setLayoutSaver, useDashboardStore, selectActiveLayout, type LayoutSaver } from './dashboard-store.js';
import type { Layout } from './layout-schema.js';
import { layoutFromTemplate } from './templates.js';

/** Records what the store hands over for keeping, like the Host would receive it. */
class RecordingSaver implements LayoutSaver {
  saved: Layout[] = [];
  removed: string[] = [];
  async save(layout: Layout): Promise<void> {
    this.saved.push(layout);
  }
  async remove(name: string): Promise<void> {
    this.removed.push(name);
  }
}

let saver: RecordingSaver;
const store = useDashboardStore;
const active = () => selectActiveLayout(store.getState())!;

beforeEach(() => {
  saver = new RecordingSaver();
  setLayoutSaver(saver);
  store.getState().load([{ name: 'Blank', layout: layoutFromTemplate('Empty', 'Blank') }], 'Blank');
});

describe('dashboard store', () => {
  it('seeds the Day trading template when nothing is stored, and saves it', () => {
    store.getState().load([]);
    expect(store.getState().activeName).toBe('Day trading');
    expect(active().widgets.map((widget) => widget.kind)).toEqual(['watchlist', 'chart', 'depth', 'engine-health']);
    expect(saver.saved.at(-1)?.name).toBe('Day trading');
  });

  it('adds, moves, resizes and removes widgets inside the grid, saving after each change', () => {
    const { addWidget, moveWidget, resizeWidget, removeWidget } = store.getState();
    addWidget('chart', 10, 3); // 8 wide: pushed back to column 4 so it fits in 12
    expect(active().widgets).toEqual([{ id: 'chart-1', kind: 'chart', x: 4, y: 3, w: 8, h: 10, symbol: 'NOVA.SIM', linked: true }]);
    moveWidget('chart-1', -3, 5);
    expect(active().widgets[0]).toMatchObject({ x: 0, y: 5 });
    resizeWidget('chart-1', 20, 4);
    expect(active().widgets[0]).toMatchObject({ w: 12, h: 4 });
    removeWidget('chart-1');
    expect(active().widgets).toEqual([]);
    expect(saver.saved.map((layout) => layout.widgets.length)).toEqual([1, 1, 1, 0]);
  });

  it('undoes and redoes each change; a new change clears the redo list', () => {
    const state = store.getState();
    state.addWidget('watchlist', 0, 0);
    state.moveWidget('watchlist-1', 2, 2);
    state.undo();
    expect(active().widgets[0]).toMatchObject({ x: 0, y: 0 });
    state.undo();
    expect(active().widgets).toEqual([]);
    state.undo(); // nothing left: no change
    expect(active().widgets).toEqual([]);
    state.redo();
    state.redo();
    expect(active().widgets[0]).toMatchObject({ x: 2, y: 2 });
    state.undo();
    state.addWidget('depth', 0, 0);
    expect(store.getState().future).toEqual([]);
    expect(saver.saved.at(-1)).toEqual(active()); // undo/redo are saved too
  });

  it('a no-op edit leaves no undo step', () => {
    store.getState().addWidget('depth', 0, 0);
    const steps = store.getState().past.length;
    store.getState().moveWidget('depth-1', 0, 0);
    expect(store.getState().past.length).toBe(steps);
  });

  it('retargets only linked widgets when a symbol is picked', () => {
    const state = store.getState();
    state.addWidget('chart', 0, 0);
    state.addWidget('depth', 0, 10);
    state.setWidgetSymbol('depth-2', 'HBNK.SIM'); // own symbol: unlinked
    state.pickSymbol('ORCA.SIM');
    expect(active().linkedSymbol).toBe('ORCA.SIM');
    expect(active().widgets.map((widget) => [widget.id, widget.symbol, widget.linked])).toEqual([
      ['chart-1', 'ORCA.SIM', true],
      ['depth-2', 'HBNK.SIM', false],
    ]);
    state.setWidgetLinked('depth-2', true);
    expect(active().widgets[1]).toMatchObject({ symbol: 'ORCA.SIM', linked: true });
  });

  it('keeps several named layouts; creating from a template, switching and deleting', () => {
    const state = store.getState();
    state.createLayout('Swing desk', 'Swing');
    expect(store.getState().activeName).toBe('Swing desk');
    expect(active().widgets.map((widget) => widget.kind)).toEqual(['chart', 'watchlist']);
    expect(() => state.createLayout('Swing desk', 'Research')).toThrow(/already exists/);
    state.switchLayout('Blank');
    expect(active().name).toBe('Blank');
    state.deleteLayout('Swing desk');
    expect(Object.keys(store.getState().layouts)).toEqual(['Blank']);
    expect(saver.removed).toEqual(['Swing desk']);
    expect(() => state.deleteLayout('Blank')).toThrow(/last layout/);
  });

  it('exports JSON that imports back as a copy; a bad file gets an error naming each problem and changes nothing', () => {
    const state = store.getState();
    state.addWidget('chart', 0, 0);
    const exported = state.exportLayout();
    state.importLayout(exported);
    expect(store.getState().activeName).toBe('Blank (2)');
    expect(active().widgets).toEqual(JSON.parse(exported).widgets);

    const before = store.getState().layouts;
    expect(() => state.importLayout('{ nope')).toThrow(/not JSON/);
    const bad = JSON.stringify({ version: 1, name: 'X', linkedSymbol: 'NOVA.SIM', widgets: [{ id: 'a', kind: 'teapot', x: 0, y: 0, w: 1, h: 1, symbol: 'NOVA.SIM', linked: true }] });
    const error = (() => {
      try {
        state.importLayout(bad);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(NwsError);
    expect((error as NwsError).message).toContain('widgets.0.kind');
    expect(store.getState().layouts).toBe(before);
  });

  it('says where every state key persists', () => {
    expect(DASHBOARD_PERSISTENCE.layouts).toBe('host');
    expect(DASHBOARD_PERSISTENCE.past).toBe('session');
    expect(Object.keys(DASHBOARD_PERSISTENCE).sort()).toEqual(['activeName', 'future', 'layouts', 'loaded', 'past', 'problem']);
  });
});
