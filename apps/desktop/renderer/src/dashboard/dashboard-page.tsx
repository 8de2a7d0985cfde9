import { useRef, useState, type ChangeEvent } from 'react';
import { DashboardGrid, WIDGET_DRAG_TYPE } from './dashboard-grid.js';
import { selectActiveLayout, useDashboardStore } from './dashboard-store.js';
import { WIDGET_KINDS, WIDGET_TITLES, type WidgetKind } from './layout-schema.js';
import { TEMPLATE_NAMES, type TemplateName } from './templates.js';

const WIDGET_HINTS: Record<WidgetKind, string> = {
  watchlist: 'Live bid/ask and change',
  chart: 'Candles and volume',
  depth: 'L2 order book ladder',
  'engine-health': 'Host engine states',
};

function Palette() {
  return (
    <aside className="palette" data-testid="widget-palette">
      <h3>Widgets</h3>
      {WIDGET_KINDS.map((kind) => (
        <div
          key={kind}
          className="palette-item"
          draggable
          data-palette-kind={kind}
          onDragStart={(event) => {
            event.dataTransfer.setData(WIDGET_DRAG_TYPE, kind);
            event.dataTransfer.effectAllowed = 'copy';
          }}
        >
          <span className="palette-title">{WIDGET_TITLES[kind]}</span>
          <span className="palette-hint">{WIDGET_HINTS[kind]}</span>
        </div>
      ))}
      <p className="palette-footnote">Drag onto the grid. Drag a title bar to move, the corner to resize.</p>
    </aside>
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function LayoutToolbar() {
  const layouts = useDashboardStore((state) => state.layouts);
  const activeName = useDashboardStore((state) => state.activeName);
  const canUndo = useDashboardStore((state) => state.past.length > 0);
  const canRedo = useDashboardStore((state) => state.future.length > 0);
  const actions = useDashboardStore.getState();
  const [creating, setCreating] = useState(false);
  const [newName, setNewName] = useState('');
  const [template, setTemplate] = useState<TemplateName>('Day trading');
  const fileInput = useRef<HTMLInputElement>(null);
  const report = (error: unknown) => useDashboardStore.setState({ problem: errorText(error) });

  function exportLayout() {
    const blob = new Blob([actions.exportLayout()], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `${activeName}.layout.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  }

  async function importLayout(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file === undefined) return;
    try {
      actions.importLayout(await file.text());
    } catch (error) {
      report(`${file.name}: ${errorText(error)}`);
    }
  }

  function create() {
    try {
      actions.createLayout(newName, template);
      setCreating(false);
      setNewName('');
    } catch (error) {
      report(error);
    }
  }

  return (
    <div className="toolbar" data-testid="layout-toolbar">
      <label className="toolbar-field">
        <span>Layout</span>
        <select aria-label="Layout" value={activeName} onChange={(event) => actions.switchLayout(event.target.value)}>
          {Object.keys(layouts)
            .sort()
            .map((name) => (
              <option key={name}>{name}</option>
            ))}
        </select>
      </label>
      {creating ? (
        <span className="toolbar-group">
          <input aria-label="New layout name" placeholder="Name" value={newName} autoFocus onChange={(event) => setNewName(event.target.value)} onKeyDown={(event) => event.key === 'Enter' && create()} />
          <select aria-label="Template" value={template} onChange={(event) => setTemplate(event.target.value as TemplateName)}>
            {TEMPLATE_NAMES.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
          <button type="button" className="button primary" onClick={create}>Create</button>
          <button type="button" className="button" onClick={() => setCreating(false)}>Cancel</button>
        </span>
      ) : (
        <button type="button" className="button" onClick={() => setCreating(true)}>New…</button>
      )}
      <button type="button" className="button" onClick={() => { try { actions.deleteLayout(activeName); } catch (error) { report(error); } }}>Delete</button>
      <span className="toolbar-separator" />
      <button type="button" className="button icon" title="Undo (Ctrl+Z)" aria-label="Undo" disabled={!canUndo} onClick={actions.undo}>↶</button>
      <button type="button" className="button icon" title="Redo (Ctrl+Shift+Z)" aria-label="Redo" disabled={!canRedo} onClick={actions.redo}>↷</button>
      <span className="toolbar-separator" />
      <button type="button" className="button" onClick={exportLayout}>Export</button>
      <button type="button" className="button" onClick={() => fileInput.current?.click()}>Import</button>
      <input ref={fileInput} type="file" accept="application/json,.json" hidden data-testid="import-layout" onChange={(event) => void importLayout(event)} />
    </div>
  );
}

export function DashboardPage() {
  const layout = useDashboardStore(selectActiveLayout);
  const loaded = useDashboardStore((state) => state.loaded);
  const problem = useDashboardStore((state) => state.problem);
  const clearProblem = useDashboardStore((state) => state.clearProblem);
  if (!loaded || layout === undefined) return <p className="placeholder">Loading layouts…</p>;
  return (
    <div className="dashboard-page">
      <LayoutToolbar />
      {problem !== null ? (
        <div className="banner banner-error" role="alert" data-testid="dashboard-problem">
          <span>{problem}</span>
          <button type="button" className="button icon" aria-label="Dismiss" onClick={clearProblem}>×</button>
        </div>
      ) : null}
      <div className="dashboard-body">
        <Palette />
        <DashboardGrid layout={layout} />
      </div>
    </div>
  );
}
