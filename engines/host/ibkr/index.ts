// The Host's IBKR component: connection settings from Settings → IBKR, the shared connection's
// session (history, symbol search, the IBKR account with journal and risk), alerts, handlers.
export { IbkrService } from './ibkr-service.js';
export type { IbkrServiceOptions, IbkrStatusResult } from './ibkr-service.js';
export { IbkrTrading, listIbkrOrders } from './ibkr-trading.js';
export type { IbkrTradingOptions } from './ibkr-trading.js';
export { IBKR_SETTINGS_KEY, ibkrSettingsSchema, loadIbkrSettings, mayConnect, nextIbkrSettings, riskEngineOn } from './ibkr-settings.js';
export type { IbkrSettings } from './ibkr-settings.js';
export { IBKR_ORDER_INDEX_KEY } from './ibkr-order-index.js';
export { IBKR_ALERT_SOURCE, alertForIbMessage, alertForVenue } from './ibkr-alerts.js';
export { registerIbkrHandlers } from './ibkr-handlers.js';
