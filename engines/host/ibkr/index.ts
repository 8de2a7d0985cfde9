// The Host's IBKR component: connection settings from Settings → IBKR, the shared connection's
// session (history, symbol search, the IBKR account with journal and risk, market data onto the
// bus, IB's account values), alerts, handlers.
export { IbkrService } from './ibkr-service.js';
export type { IbkrMarketDataResult, IbkrServiceOptions, IbkrStatusResult } from './ibkr-service.js';
export { IbkrTrading, listIbkrFills, listIbkrOrders } from './ibkr-trading.js';
export type { IbkrTradingOptions } from './ibkr-trading.js';
export { IBKR_SETTINGS_KEY, ibkrSettingsSchema, loadIbkrSettings, mayConnect, nextIbkrSettings, riskEngineOn } from './ibkr-settings.js';
export type { IbkrSettings } from './ibkr-settings.js';
export { IBKR_ORDER_INDEX_KEY } from './ibkr-order-index.js';
export { IBKR_CONTRACTS_KEY, IbkrContractBook } from './ibkr-contract-book.js';
export type { StoredIbkrContract } from './ibkr-contract-book.js';
export { IBKR_ALERT_SOURCE, alertForIbMessage, alertForVenue } from './ibkr-alerts.js';
export { registerIbkrHandlers } from './ibkr-handlers.js';
export { IbkrMarketFeed } from './ibkr-market-feed.js';
export type { IbkrFeedSubscription, IbkrMarketFeedOptions } from './ibkr-market-feed.js';
export { IbkrInstrumentMap, specForInstrument } from './ibkr-instruments.js';
export { IbkrAccount } from './ibkr-account-view.js';
export type { IbkrAccountView, IbkrAccountViewOptions } from './ibkr-account-view.js';
