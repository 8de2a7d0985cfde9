import { useRef, useState, type DragEvent, type PointerEvent as ReactPointerEvent } from 'react';
import { useDashboardStore } from './dashboard-store.js';
import { GRID_COLUMNS, GRID_ROW_PX, GRID_ROWS, WIDGET_KINDS, type Layout, type Widget, type WidgetKind } from './layout-schema.js';
import { WidgetFrame } from './widget-frame.js';

/** The drag payload type of a palette item. */
export const WIDGET_DRAG_TYPE = 'application/x-nws-widget';

interface Gesture {
  id: string;
  mode: 'move' | 'resize';
  startX: number;
  startY: number;
  dx: number;
  dy: number;
}

/** Converts a pixel offset to whole grid cells. */
function cellsOf(pixels: number, cellPixels: number): number {
  return Math.round(pixels / cellPixels);
}

export function DashboardGrid({ layout }: { layout: Layout }) {
  const gridRef = useRef<HTMLDivElement>(null);
  const [gesture, setGesture] = useState<Gesture | null>(null);
  const [dropHint, setDropHint] = useState<{ x: number; y: number } | null>(null);
  const { addWidget, moveWidget, resizeWidget } = useDashboardStore.getState();

  const columnPixels = () => (gridRef.current?.clientWidth ?? GRID_COLUMNS * 80) / GRID_COLUMNS;

  function cellAt(clientX: number, clientY: number): { x: number; y: number } {
    const rect = gridRef.current!.getBoundingClientRect();
    return {
      x: Math.max(0, Math.min(GRID_COLUMNS - 1, Math.floor((clientX - rect.left) / columnPixels()))),
      y: Math.max(0, Math.min(GRID_ROWS - 1, Math.floor((clientY - rect.top + gridRef.current!.scrollTop) / GRID_ROW_PX))),
    };
  }

  function onDragOver(event: DragEvent<HTMLDivElement>) {
    if (!event.dataTransfer.types.includes(WIDGET_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDropHint(cellAt(event.clientX, event.clientY));
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    const kind = event.dataTransfer.getData(WIDGET_DRAG_TYPE) as WidgetKind;
    setDropHint(null);
    if (!WIDGET_KINDS.includes(kind)) return;
    event.preventDefault();
    const cell = cellAt(event.clientX, event.clientY);
    addWidget(kind, cell.x, cell.y);
  }

  function startGesture(widget: Widget, mode: Gesture['mode'], event: ReactPointerEvent<HTMLElement>) {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    setGesture({ id: widget.id, mode, startX: event.clientX, startY: event.clientY, dx: 0, dy: 0 });
  }

  function trackGesture(event: ReactPointerEvent<HTMLElement>) {
    if (gesture === null) return;
    setGesture({ ...gesture, dx: event.clientX - gesture.startX, dy: event.clientY - gesture.startY });
  }

  function endGesture(widget: Widget) {
    if (gesture === null) return;
    const columns = cellsOf(gesture.dx, columnPixels());
    const rows = cellsOf(gesture.dy, GRID_ROW_PX);
    setGesture(null);
    if (gesture.mode === 'move') moveWidget(widget.id, widget.x + columns, widget.y + rows);
    else resizeWidget(widget.id, widget.w + columns, widget.h + rows);
  }

  const rows = Math.max(GRID_ROWS, ...layout.widgets.map((widget) => widget.y + widget.h));
  return (
    <div
      className={`dashboard-grid${dropHint ? ' drop-active' : ''}`}
      ref={gridRef}
      data-testid="dashboard-grid"
      onDragOver={onDragOver}
      onDragLeave={(event) => {
        // Moving between the grid's own children fires dragleave too: only leaving the grid clears the hint.
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropHint(null);
      }}
      onDrop={onDrop}
    >
      <div className="grid-canvas" style={{ height: rows * GRID_ROW_PX }}>
        {layout.widgets.length === 0 ? <p className="grid-empty">Drag widgets here from the palette</p> : null}
        {dropHint ? (
          <div className="drop-hint" style={{ left: `${(dropHint.x / GRID_COLUMNS) * 100}%`, top: dropHint.y * GRID_ROW_PX, width: `${100 / GRID_COLUMNS}%`, height: GRID_ROW_PX }} />
        ) : null}
        {layout.widgets.map((widget) => {
          const active = gesture?.id === widget.id ? gesture : null;
          const style = {
            left: `${(widget.x / GRID_COLUMNS) * 100}%`,
            top: widget.y * GRID_ROW_PX,
            width: `calc(${(widget.w / GRID_COLUMNS) * 100}% + ${active?.mode === 'resize' ? active.dx : 0}px)`,
            height: widget.h * GRID_ROW_PX + (active?.mode === 'resize' ? active.dy : 0),
            transform: active?.mode === 'move' ? `translate(${active.dx}px, ${active.dy}px)` : undefined,
          };
          return (
            <WidgetFrame
              key={widget.id}
              layout={layout}
              widget={widget}
              style={style}
              dragging={active !== null}
              onMoveStart={(event) => startGesture(widget, 'move', event)}
              onResizeStart={(event) => startGesture(widget, 'resize', event)}
              onGestureMove={trackGesture}
              onGestureEnd={() => endGesture(widget)}
            />
          );
        })}
      </div>
    </div>
  );
}
