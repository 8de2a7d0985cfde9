// Protocol handlers the desktop UI needs beyond the system methods; the Workstation registers them.
export { readBarsForProtocol } from './marketdata-bars.js';
export { LayoutRepository, LAYOUTS_SETTING_KEY } from './layouts.js';
export { MarketDataService, MarketDataServiceFiles, type MarketDataServiceOptions } from './marketdata-service.js';
export { registerMarketDataHandlers } from './marketdata-handlers.js';
export { importForProtocol, MAX_REPORTED_ISSUES, UPLOADS_FOLDER, type ImportHandlerContext } from './marketdata-import.js';
export { FeatureHandlers } from './features.js';
export { BacktestService, registerBacktestHandlers, type BacktestServiceOptions } from './backtest-service.js';
export { buildPaperRiskReport, registerRiskHandlers, type RiskHandlerContext } from './risk-handlers.js';
export { buildStoredRiskReport } from './risk-stored-report.js';
