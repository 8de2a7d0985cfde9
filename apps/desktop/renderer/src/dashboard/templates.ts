// Starting points offered when a user creates a layout. Each is a plain Layout.
import { DEFAULT_SYMBOL, LAYOUT_VERSION, type Layout, type Widget, type WidgetKind } from './layout-schema.js';

export const TEMPLATE_NAMES = ['Day trading', 'Swing', 'Risk desk', 'Research', 'Empty'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

type Placement = [kind: WidgetKind, x: number, y: number, w: number, h: number];

const placements: Readonly<Record<TemplateName, readonly Placement[]>> = {
  'Day trading': [
    ['watchlist', 0, 0, 3, 11],
    ['chart', 3, 0, 6, 11],
    ['depth', 9, 0, 3, 11],
    ['account', 0, 11, 3, 6],
    ['positions', 3, 11, 6, 6],
    ['order-ticket', 9, 11, 3, 13],
    ['blotter', 0, 17, 9, 7],
  ],
  Swing: [
    ['chart', 0, 0, 8, 14],
    ['watchlist', 8, 0, 4, 14],
  ],
  'Risk desk': [
    ['engine-health', 0, 0, 4, 8],
    ['watchlist', 4, 0, 8, 8],
    ['depth', 0, 8, 4, 10],
    ['risk-heatmap', 4, 8, 8, 10],
    ['pnl-waterfall', 0, 18, 12, 6],
  ],
  Research: [
    ['chart', 0, 0, 12, 12],
    ['watchlist', 0, 12, 6, 8],
    ['correlation', 6, 12, 6, 10],
  ],
  Empty: [],
};

export function layoutFromTemplate(template: TemplateName, name: string): Layout {
  const widgets: Widget[] = placements[template].map(([kind, x, y, w, h], index) => ({
    id: `${kind}-${index + 1}`,
    kind,
    x,
    y,
    w,
    h,
    symbol: DEFAULT_SYMBOL,
    linked: true,
  }));
  return { version: LAYOUT_VERSION, name, linkedSymbol: DEFAULT_SYMBOL, widgets };
}
