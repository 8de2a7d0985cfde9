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
    expect(active()).toEqual(layoutFromTemplate('Day trading', 'Day trading'));
    expect(active().widgets.map((widget) => widget.kind)).toContain('watchlist');
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

  it('duplicates a layout under a new name and opens the copy; names are checked', () => {
    const state = store.getState();
    state.addWidget('chart', 0, 0);
    state.duplicateLayout('Blank', '  Blank copy ');
    expect(store.getState().activeName).toBe('Blank copy');
    expect(active().widgets).toEqual(store.getState().layouts['Blank']!.widgets);
    expect(saver.saved.at(-1)?.name).toBe('Blank copy');
    expect(() => state.duplicateLayout('Blank', 'Blank copy')).toThrow(/"Blank copy" already exists/);
    expect(() => state.duplicateLayout('Blank', '   ')).toThrow(/needs a name/);
    expect(() => state.duplicateLayout('Blank', 'x'.repeat(81))).toThrow(/at most 80 characters/);
    expect(() => state.duplicateLayout('Nope', 'Other')).toThrow(/no layout named "Nope"/);
    expect(Object.keys(store.getState().layouts).sort()).toEqual(['Blank', 'Blank copy']);
  });

  it('renames a layout: saved under the new name, removed under the old, undo history kept', () => {
    const state = store.getState();
    state.addWidget('depth', 0, 0);
    state.moveWidget('depth-1', 3, 0);
    state.renameLayout('Blank', 'Scalping');
    expect(store.getState().activeName).toBe('Scalping');
    expect(Object.keys(store.getState().layouts)).toEqual(['Scalping']);
    expect(saver.saved.at(-1)).toMatchObject({ name: 'Scalping', widgets: [{ id: 'depth-1', x: 3 }] });
    expect(saver.removed).toEqual(['Blank']);
    state.undo();
    expect(store.getState().layouts['Scalping']!.widgets[0]).toMatchObject({ x: 0 });
    expect(Object.keys(store.getState().layouts)).toEqual(['Scalping']); // undo did not bring back the old name

    state.createLayout('Other', 'Empty');
    expect(() => state.renameLayout('Scalping', 'Other')).toThrow(/"Other" already exists/);
    expect(() => state.renameLayout('Scalping', '')).toThrow(/needs a name/);
    state.renameLayout('Scalping', 'Scalping'); // same name: nothing to do
    expect(Object.keys(store.getState().layouts).sort()).toEqual(['Other', 'Scalping']);
  });

  it('pushes widgets down out of the way when a drop, move or resize lands on them', () => {
    const state = store.getState();
    state.addWidget('watchlist', 0, 0); // 4×10 at (0,0)
    state.addWidget('depth', 5, 0); // 3×10 at (5,0)
    state.addWidget('chart', 2, 4); // 8×10 at (2,4): lands on both, which go below it (row 14)
    expect(active().widgets.map(({ id, x, y }) => ({ id, x, y }))).toEqual([
      { id: 'watchlist-1', x: 0, y: 14 },
      { id: 'depth-2', x: 5, y: 14 },
      { id: 'chart-3', x: 2, y: 4 },
    ]);
    state.moveWidget('chart-3', 2, 0); // moving up leaves the others where they are: no overlap
    expect(active().widgets.map((widget) => widget.y)).toEqual([14, 14, 0]);
    state.resizeWidget('chart-3', 8, 16); // now reaches row 16: the two below are pushed to 16
    expect(active().widgets.map((widget) => widget.y)).toEqual([16, 16, 0]);
    const cells = new Set<string>();
    for (const widget of active().widgets) {
      for (let x = widget.x; x < widget.x + widget.w; x++) for (let y = widget.y; y < widget.y + widget.h; y++) cells.add(`${x},${y}`);
    }
    expect(cells.size).toBe(active().widgets.reduce((sum, widget) => sum + widget.w * widget.h, 0)); // no cell is shared
  });

  it('refuses a push that would leave the grid, with a problem naming the widget, and changes nothing', () => {
    const state = store.getState();
    state.addWidget('watchlist', 0, 0);
    state.resizeWidget('watchlist-1', 4, 20);
    state.addWidget('depth', 0, 20); // 3×10 under it, rows 20..29
    const before = active();
    const steps = store.getState().past.length;
    state.resizeWidget('watchlist-1', 4, 24); // would push depth to row 24: past the last row (23)
    expect(active()).toBe(before);
    expect(store.getState().past.length).toBe(steps);
    expect(store.getState().problem).toMatch(/no room to push "depth-2" down/);
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
