// Paper trading inside the Host: the PaperTrading component, its config and protocol handlers.
export { PaperTrading } from './paper-trading.js';
export type { LimitView, PaperAccountView, PaperTradingOptions } from './paper-trading.js';
export { DEFAULT_PAPER_LIMITS, DEFAULT_PAPER_VENUE, PAPER_VENUE, definePaperTradingConfig, paperTradingConfigSchema } from './config.js';
export type { PaperTradingConfig, PaperTradingConfigInput } from './config.js';
export { PAPER_ORDER_INDEX_KEY } from './order-index.js';
export { registerPaperHandlers } from './paper-handlers.js';
