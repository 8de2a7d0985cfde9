import { lazy, useState, type ComponentType } from 'react';
import type { WidgetKind } from './layout-schema.js';

// The d3 widgets are not in the default (Day trading) layout: their chunks (with d3) load when a
// layout shows one, when a palette drag of one starts, or when the dashboard is idle — so a widget
// dropped on the grid is normally drawn at once instead of showing "Loading…" and then swapping
// its body (a swap under the pointer mid-drag loses the drop in Chromium).
const LOADERS = {
  correlation: () => import('../widgets/correlation-widget.js').then((module) => module.CorrelationWidget),
  'pnl-waterfall': () => import('../widgets/pnl-waterfall-widget.js').then((module) => module.PnlWaterfallWidget),
  'risk-heatmap': () => import('../widgets/risk-heatmap-widget.js').then((module) => module.RiskHeatmapWidget),
} satisfies Partial<Record<WidgetKind, () => Promise<ComponentType>>>;

export type LazyWidgetKind = keyof typeof LOADERS;

const pending = new Map<LazyWidgetKind, Promise<ComponentType>>();
const loaded = new Map<LazyWidgetKind, ComponentType>();

export function isLazyWidget(kind: WidgetKind): kind is LazyWidgetKind {
  return Object.hasOwn(LOADERS, kind);
}

/** Starts loading a widget's chunk (once); eager widgets need nothing. */
export function preloadWidget(kind: WidgetKind): Promise<unknown> {
  if (!isLazyWidget(kind)) return Promise.resolve();
  let promise = pending.get(kind);
  if (promise === undefined) {
    promise = LOADERS[kind]().then((component) => {
      loaded.set(kind, component);
      return component;
    });
    // A failed chunk load may be retried by the next render or drag.
    promise.catch(() => pending.delete(kind));
    pending.set(kind, promise);
  }
  return promise;
}

/**
 * Loads every lazy widget's chunk when the page has nothing else to do. No deadline: a dashboard
 * busy with a live feed is never made to parse d3 in the middle of it (a palette drag still
 * starts the load of the one dragged).
 */
export function preloadLazyWidgetsWhenIdle(): () => void {
  const start = () => {
    for (const kind of Object.keys(LOADERS) as LazyWidgetKind[]) void preloadWidget(kind).catch(() => undefined);
  };
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(start);
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(start, 2_000);
  return () => clearTimeout(timer);
}

const suspending = new Map<LazyWidgetKind, ComponentType>();

/** The component for a lazy widget: the loaded one itself when its chunk is in, else a suspending one. */
function lazyWidgetComponent(kind: LazyWidgetKind): ComponentType {
  const component = loaded.get(kind);
  if (component !== undefined) return component;
  let fallback = suspending.get(kind);
  if (fallback === undefined) {
    fallback = lazy(() => preloadWidget(kind).then(() => ({ default: loaded.get(kind)! })));
    suspending.set(kind, fallback);
  }
  return fallback;
}

/** A lazy widget's body; the component is chosen once per mount so loading never remounts it. */
export function LazyWidgetBody({ kind }: { kind: LazyWidgetKind }) {
  const [Component] = useState(() => lazyWidgetComponent(kind));
  return <Component />;
}
