import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { DashboardGrid, WIDGET_DRAG_TYPE } from './dashboard-grid.js';
import { selectActiveLayout, useDashboardStore } from './dashboard-store.js';
import { WIDGET_KINDS, WIDGET_TITLES, type WidgetKind } from './layout-schema.js';
import { preloadWidget, preloadLazyWidgetsWhenIdle } from './lazy-widgets.js';
import { TEMPLATE_NAMES, type TemplateName } from './templates.js';

// Partial: a kind added elsewhere shows without a hint until it gets one.
const WIDGET_HINTS: Partial<Record<WidgetKind, string>> = {
  watchlist: 'Live bid/ask and change',
  chart: 'Candles and volume',
  depth: 'L2 order book ladder',
  'engine-health': 'Host engine states',
  'pnl-waterfall': 'P&L by instrument (d3)',
  'risk-heatmap': 'Limit use per instrument',
  correlation: 'Daily-return correlations',
  'order-ticket': 'Orders with a live risk pre-check',
  positions: 'Quantity, average price, P&L',
  blotter: 'Working orders, orders, fills',
  account: 'Equity, cash, P&L, kill switch',
  'equity-curve': 'Live account equity',
  alerts: 'Breaches, fills, rejections, errors',
};

function Palette() {
  useEffect(() => preloadLazyWidgetsWhenIdle(), []);
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
            void preloadWidget(kind).catch(() => undefined); // drawn at once when dropped
            event.dataTransfer.setData(WIDGET_DRAG_TYPE, kind);
            event.dataTransfer.effectAllowed = 'copy';
          }}
        >
          <span className="palette-title">{WIDGET_TITLES[kind]}</span>
          {WIDGET_HINTS[kind] ? <span className="palette-hint">{WIDGET_HINTS[kind]}</span> : null}
        </div>
      ))}
      <p className="palette-footnote">Drag onto the grid. Drag a title bar to move, the corner to resize.</p>
    </aside>
  );
}

type NameMode = 'new' | 'duplicate' | 'rename';

const NAME_LABELS: Record<NameMode, { field: string; submit: string }> = {
  new: { field: 'New layout name', submit: 'Create' },
  duplicate: { field: 'Copy name', submit: 'Duplicate' },
  rename: { field: 'New name', submit: 'Rename' },
};

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function LayoutToolbar() {
  const layouts = useDashboardStore((state) => state.layouts);
  const activeName = useDashboardStore((state) => state.activeName);
  const canUndo = useDashboardStore((state) => state.past.length > 0);
  const canRedo = useDashboardStore((state) => state.future.length > 0);
  const actions = useDashboardStore.getState();
  const [mode, setMode] = useState<NameMode | 'delete' | null>(null);
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

  function open(next: NameMode | 'delete') {
    setMode(next);
    setNewName(next === 'duplicate' ? `${activeName} copy` : next === 'rename' ? activeName : '');
  }

  /** Creates, duplicates or renames; a refused name keeps the form open with the reason shown. */
  function submitName() {
    try {
      if (mode === 'new') actions.createLayout(newName, template);
      else if (mode === 'duplicate') actions.duplicateLayout(activeName, newName);
      else if (mode === 'rename') actions.renameLayout(activeName, newName);
      setMode(null);
      setNewName('');
      actions.clearProblem();
    } catch (error) {
      report(error);
    }
  }

  function confirmDelete() {
    setMode(null);
    try {
      actions.deleteLayout(activeName);
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
      {mode === 'new' || mode === 'duplicate' || mode === 'rename' ? (
        <span className="toolbar-group" data-testid="layout-name-form">
          <input
            aria-label={NAME_LABELS[mode].field}
            placeholder="Name"
            value={newName}
            autoFocus
            onChange={(event) => setNewName(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') submitName();
              if (event.key === 'Escape') setMode(null);
            }}
          />
          {mode === 'new' ? (
            <select aria-label="Template" value={template} onChange={(event) => setTemplate(event.target.value as TemplateName)}>
              {TEMPLATE_NAMES.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          ) : null}
          <button type="button" className="button primary" onClick={submitName}>{NAME_LABELS[mode].submit}</button>
          <button type="button" className="button" onClick={() => setMode(null)}>Cancel</button>
        </span>
      ) : mode === 'delete' ? (
        <span className="toolbar-group confirm-group" role="alertdialog" aria-label="Confirm delete" data-testid="confirm-delete">
          <span>Delete layout “{activeName}”? This cannot be undone.</span>
          <button type="button" className="button danger" onClick={confirmDelete}>Delete</button>
          <button type="button" className="button" onClick={() => setMode(null)}>Cancel</button>
        </span>
      ) : (
        <>
          <button type="button" className="button" onClick={() => open('new')}>New…</button>
          <button type="button" className="button" onClick={() => open('duplicate')}>Duplicate…</button>
          <button type="button" className="button" onClick={() => open('rename')}>Rename…</button>
          <button type="button" className="button" disabled={Object.keys(layouts).length < 2} title={Object.keys(layouts).length < 2 ? 'The last layout cannot be deleted' : undefined} onClick={() => open('delete')}>Delete…</button>
        </>
      )}
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
