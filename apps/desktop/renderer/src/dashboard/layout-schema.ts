// The dashboard layout document: what is saved through `layouts.save`, exported and imported.
// Positions are grid cells (GRID_COLUMNS wide, rows of GRID_ROW_PX); `linked` widgets follow the
// layout's `linkedSymbol`, which a watchlist sets when the user picks a row.
import { z } from 'zod';

export const LAYOUT_VERSION = 1;
export const GRID_COLUMNS = 12;
export const GRID_ROWS = 24;
export const GRID_ROW_PX = 36;
export const DEFAULT_SYMBOL = 'NOVA.SIM';

export const WIDGET_KINDS = ['watchlist', 'chart', 'depth', 'engine-health', 'pnl-waterfall', 'risk-heatmap', 'correlation', 'order-ticket', 'positions', 'blotter', 'account', 'equity-curve', 'alerts'] as const;
export type WidgetKind = (typeof WIDGET_KINDS)[number];

const symbolSchema = z.string().regex(/^[^\s.]+(\.[^\s.]+)*\.[^\s.]+$/, 'symbol must be an instrument id like NOVA.SIM');

/** Indicators the chart widget can draw: overlays on price, or a pane below it. */
export const CHART_INDICATORS = ['sma20', 'sma50', 'ema20', 'bbands20', 'rsi14', 'macd'] as const;
export type ChartIndicator = (typeof CHART_INDICATORS)[number];
export const CHART_BAR_TYPES = ['1d', '1m'] as const;
export const ACCOUNT_SOURCES = ['paper', 'ibkr'] as const;
export type AccountSource = (typeof ACCOUNT_SOURCES)[number];

export const widgetSettingsSchema = z.strictObject({
  barType: z.enum(CHART_BAR_TYPES).optional(),
  indicators: z.array(z.enum(CHART_INDICATORS)).max(CHART_INDICATORS.length).optional(),
  /** Whether the chart draws working orders (price lines) and fills (markers); default on. */
  showOrders: z.boolean().optional(),
  columns: z.array(z.string().min(1).max(40)).max(20).optional(),
  /** Which account the account, positions and blotter widgets show: the paper account (default) or Interactive Brokers. */
  accountSource: z.enum(ACCOUNT_SOURCES).optional(),
});
export type WidgetSettings = z.infer<typeof widgetSettingsSchema>;

export const widgetSchema = z.strictObject({
  id: z.string().min(1).max(64),
  kind: z.enum(WIDGET_KINDS),
  x: z.int().min(0).max(GRID_COLUMNS - 1),
  y: z.int().min(0).max(GRID_ROWS - 1),
  w: z.int().min(1).max(GRID_COLUMNS),
  h: z.int().min(1).max(GRID_ROWS),
  symbol: symbolSchema,
  linked: z.boolean(),
  /** Optional per-widget choices (chart indicators and bar type, visible columns); older layouts have none. */
  settings: widgetSettingsSchema.optional(),
});
export type Widget = z.infer<typeof widgetSchema>;

export const layoutSchema = z.strictObject({
  version: z.literal(LAYOUT_VERSION),
  name: z.string().trim().min(1).max(80),
  linkedSymbol: symbolSchema,
  widgets: z.array(widgetSchema).max(48),
});
export type Layout = z.infer<typeof layoutSchema>;

/** Size a widget gets when dropped from the palette. */
export const DEFAULT_WIDGET_SIZE: Readonly<Record<WidgetKind, { w: number; h: number }>> = Object.freeze({
  watchlist: { w: 4, h: 10 },
  chart: { w: 8, h: 10 },
  depth: { w: 3, h: 10 },
  'engine-health': { w: 4, h: 6 },
  'pnl-waterfall': { w: 6, h: 8 },
  'risk-heatmap': { w: 6, h: 8 },
  correlation: { w: 6, h: 10 },
  'order-ticket': { w: 3, h: 12 },
  positions: { w: 6, h: 6 },
  blotter: { w: 8, h: 7 },
  account: { w: 3, h: 6 },
  'equity-curve': { w: 6, h: 7 },
  alerts: { w: 4, h: 7 },
});

export const WIDGET_TITLES: Readonly<Record<WidgetKind, string>> = Object.freeze({
  watchlist: 'Watchlist',
  chart: 'Chart',
  depth: 'Order book',
  'engine-health': 'Engine health',
  'pnl-waterfall': 'P&L waterfall',
  'risk-heatmap': 'Risk heatmap',
  correlation: 'Correlation',
  'order-ticket': 'Order ticket',
  positions: 'Positions',
  blotter: 'Orders & fills',
  account: 'Account',
  'equity-curve': 'Equity curve',
  alerts: 'Alerts',
});

/** Lists every problem of an imported document at once, each with its path (`widgets.0.kind: …`). */
export function describeLayoutProblems(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(document)'}: ${issue.message}`).join('; ');
}
