// The dashboard builder's state: named layouts, the active one, undo/redo history. Changed only
// through the named actions below (shared by palette, menus and shortcuts); every layout change
// is handed to the saver, which writes it through `layouts.save`.
import { create } from 'zustand';
import { ErrorCode, NwsError } from '@nws/core';
import * as edit from './layout-actions.js';
import { describeLayoutProblems, layoutSchema, type Layout, type WidgetKind } from './layout-schema.js';
import { restoreLayout } from './restore-layout.js';
import { layoutFromTemplate, type TemplateName } from './templates.js';

/** Undo steps kept per session. */
export const HISTORY_LIMIT = 100;
export const DEFAULT_LAYOUT_NAME = 'Day trading';

/** Where a layout change goes to be kept (the Host in the app; a recorder in tests). */
export interface LayoutSaver {
  save(layout: Layout): Promise<void>;
  remove(name: string): Promise<void>;
}

export interface DashboardData {
  layouts: Record<string, Layout>;
  activeName: string;
  past: Layout[];
  future: Layout[];
  /** The last failed save or import, shown to the user until the next success. */
  problem: string | null;
  loaded: boolean;
}

/**
 * Which state keys outlive the session and where. A new key of DashboardData does not compile
 * until it is given a place here.
 */
export const DASHBOARD_PERSISTENCE: Readonly<Record<keyof DashboardData, 'host' | 'local' | 'session'>> = Object.freeze({
  layouts: 'host', // SQLite through layouts.save
  activeName: 'local', // per browser/window: localStorage
  past: 'session',
  future: 'session',
  problem: 'session',
  loaded: 'session',
});

export const ACTIVE_LAYOUT_STORAGE_KEY = 'nws.dashboard.active';

export interface DashboardActions {
  /** Loads stored layouts (repairing each); seeds the default template when there are none. */
  load(stored: ReadonlyArray<{ name: string; layout: unknown }>, preferredActive?: string | null): void;
  addWidget(kind: WidgetKind, x: number, y: number): void;
  moveWidget(id: string, x: number, y: number): void;
  resizeWidget(id: string, w: number, h: number): void;
  removeWidget(id: string): void;
  setWidgetSymbol(id: string, symbol: string): void;
  setWidgetLinked(id: string, linked: boolean): void;
  pickSymbol(symbol: string): void;
  undo(): void;
  redo(): void;
  switchLayout(name: string): void;
  createLayout(name: string, template: TemplateName): void;
  /** Copies a layout under a new name and opens the copy. */
  duplicateLayout(name: string, newName: string): void;
  /** Gives a layout a new name (saved under the new name, removed under the old). */
  renameLayout(name: string, newName: string): void;
  deleteLayout(name: string): void;
  exportLayout(): string;
  /** Parses and validates a JSON document; throws NwsError(INVALID_ARGUMENT) listing every problem. */
  importLayout(json: string): void;
  clearProblem(): void;
}

export type DashboardState = DashboardData & DashboardActions;

let saver: LayoutSaver | null = null;

/** Connects the store to where layouts are kept; null disconnects. */
export function setLayoutSaver(next: LayoutSaver | null): void {
  saver = next;
}

export const useDashboardStore = create<DashboardState>()((set, get) => {
  function persist(layout: Layout): void {
    saver?.save(layout).then(
      () => get().problem !== null && set({ problem: null }),
      (error: unknown) => set({ problem: `could not save layout "${layout.name}": ${(error as Error).message}` }),
    );
  }

  /**
   * Applies an edit to the active layout as one undo step. An edit refused for lack of room
   * (CONFLICT) changes nothing and is shown to the user as the problem.
   */
  function change(editLayout: (layout: Layout) => Layout): void {
    const state = get();
    const current = state.layouts[state.activeName];
    if (current === undefined) return;
    let next: Layout;
    try {
      next = editLayout(current);
    } catch (error) {
      if (error instanceof NwsError && error.code === ErrorCode.Conflict) return void set({ problem: error.message });
      throw error;
    }
    if (next === current) return;
    set({
      layouts: { ...state.layouts, [state.activeName]: next },
      past: [...state.past, current].slice(-HISTORY_LIMIT),
      future: [],
    });
    persist(next);
  }

  function replaceActive(layout: Layout, past: Layout[], future: Layout[]): void {
    set({ layouts: { ...get().layouts, [layout.name]: layout }, past, future });
    persist(layout);
  }

  function activate(name: string): void {
    set({ activeName: name, past: [], future: [] });
    rememberActive(name);
  }

  return {
    layouts: {},
    activeName: DEFAULT_LAYOUT_NAME,
    past: [],
    future: [],
    problem: null,
    loaded: false,

    load(stored, preferredActive) {
      const layouts: Record<string, Layout> = {};
      for (const entry of stored) {
        const layout = restoreLayout(entry.layout, entry.name);
        layouts[entry.name] = { ...layout, name: entry.name };
      }
      if (Object.keys(layouts).length === 0) {
        const seeded = layoutFromTemplate('Day trading', DEFAULT_LAYOUT_NAME);
        layouts[seeded.name] = seeded;
        persist(seeded);
      }
      const names = Object.keys(layouts).sort();
      const activeName = preferredActive != null && layouts[preferredActive] !== undefined ? preferredActive : (layouts[DEFAULT_LAYOUT_NAME] ? DEFAULT_LAYOUT_NAME : names[0]!);
      set({ layouts, activeName, past: [], future: [], loaded: true });
    },

    addWidget: (kind, x, y) => change((layout) => edit.addWidget(layout, kind, x, y)),
    moveWidget: (id, x, y) => change((layout) => edit.moveWidget(layout, id, x, y)),
    resizeWidget: (id, w, h) => change((layout) => edit.resizeWidget(layout, id, w, h)),
    removeWidget: (id) => change((layout) => edit.removeWidget(layout, id)),
    setWidgetSymbol: (id, symbol) => change((layout) => edit.setWidgetSymbol(layout, id, symbol)),
    setWidgetLinked: (id, linked) => change((layout) => edit.setWidgetLinked(layout, id, linked)),
    pickSymbol: (symbol) => change((layout) => edit.pickLinkedSymbol(layout, symbol)),

    undo() {
      const { past, future, layouts, activeName } = get();
      const previous = past.at(-1);
      const current = layouts[activeName];
      if (previous === undefined || current === undefined) return;
      replaceActive(previous, past.slice(0, -1), [current, ...future]);
    },

    redo() {
      const { past, future, layouts, activeName } = get();
      const [next, ...rest] = future;
      const current = layouts[activeName];
      if (next === undefined || current === undefined) return;
      replaceActive(next, [...past, current], rest);
    },

    switchLayout(name) {
      if (get().layouts[name] === undefined) throw new NwsError(ErrorCode.NotFound, `no layout named "${name}"`);
      activate(name);
    },

    createLayout(name, template) {
      const trimmed = checkNewName(name, get().layouts);
      const layout = layoutFromTemplate(template, trimmed);
      set({ layouts: { ...get().layouts, [trimmed]: layout } });
      persist(layout);
      activate(trimmed);
    },

    duplicateLayout(name, newName) {
      const source = get().layouts[name];
      if (source === undefined) throw new NwsError(ErrorCode.NotFound, `no layout named "${name}"`);
      const trimmed = checkNewName(newName, get().layouts);
      const layout = { ...source, name: trimmed };
      set({ layouts: { ...get().layouts, [trimmed]: layout } });
      persist(layout);
      activate(trimmed);
    },

    renameLayout(name, newName) {
      const { layouts, activeName, past, future } = get();
      const source = layouts[name];
      if (source === undefined) throw new NwsError(ErrorCode.NotFound, `no layout named "${name}"`);
      if (newName.trim() === name) return;
      const trimmed = checkNewName(newName, layouts);
      const rest = { ...layouts };
      delete rest[name];
      const layout = { ...source, name: trimmed };
      const renamed = (entry: Layout) => ({ ...entry, name: trimmed });
      // The undo history follows the layout to its new name.
      const history = activeName === name ? { past: past.map(renamed), future: future.map(renamed) } : {};
      set({ layouts: { ...rest, [trimmed]: layout }, ...history });
      persist(layout);
      saver?.remove(name).catch((error: unknown) => set({ problem: `could not remove the old name "${name}": ${(error as Error).message}` }));
      if (activeName === name) {
        set({ activeName: trimmed });
        rememberActive(trimmed);
      }
    },

    deleteLayout(name) {
      const { layouts, activeName } = get();
      if (layouts[name] === undefined) throw new NwsError(ErrorCode.NotFound, `no layout named "${name}"`);
      if (Object.keys(layouts).length === 1) throw new NwsError(ErrorCode.Conflict, 'the last layout cannot be deleted');
      const rest = { ...layouts };
      delete rest[name];
      set({ layouts: rest });
      saver?.remove(name).catch((error: unknown) => set({ problem: `could not delete layout "${name}": ${(error as Error).message}` }));
      if (activeName === name) activate(Object.keys(rest).sort()[0]!);
    },

    exportLayout() {
      const { layouts, activeName } = get();
      return JSON.stringify(layouts[activeName], null, 2);
    },

    importLayout(json) {
      let document: unknown;
      try {
        document = JSON.parse(json);
      } catch (error) {
        throw new NwsError(ErrorCode.InvalidArgument, `the file is not JSON: ${(error as Error).message}`);
      }
      const parsed = layoutSchema.safeParse(document);
      if (!parsed.success) throw new NwsError(ErrorCode.InvalidArgument, `not a valid layout: ${describeLayoutProblems(parsed.error)}`);
      let name = parsed.data.name;
      for (let copy = 2; get().layouts[name] !== undefined; copy++) name = `${parsed.data.name} (${copy})`;
      const layout = { ...parsed.data, name };
      set({ layouts: { ...get().layouts, [name]: layout }, problem: null });
      persist(layout);
      activate(name);
    },

    clearProblem: () => set({ problem: null }),
  };
});

/** A name for a new or renamed layout: trimmed, non-empty, at most 80 characters, not taken. */
function checkNewName(name: string, layouts: Record<string, Layout>): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new NwsError(ErrorCode.InvalidArgument, 'a layout needs a name');
  if (trimmed.length > 80) throw new NwsError(ErrorCode.InvalidArgument, `a layout name is at most 80 characters (got ${trimmed.length})`);
  if (layouts[trimmed] !== undefined) throw new NwsError(ErrorCode.Conflict, `a layout named "${trimmed}" already exists`);
  return trimmed;
}

function rememberActive(name: string): void {
  if (typeof localStorage !== 'undefined') localStorage.setItem(ACTIVE_LAYOUT_STORAGE_KEY, name);
}

/** The active layout, or undefined before load. */
export function selectActiveLayout(state: DashboardState): Layout | undefined {
  return state.layouts[state.activeName];
}
