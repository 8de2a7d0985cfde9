// Public door of the IBKR connectivity in @nws/marketdata: the one shared connection manager,
// contract resolution, streaming quotes/trades and paced history. The IBKR venue in
// @nws/execution reaches the connection only through this file.
export { defineIbkrConnectionConfig, ibkrConnectionConfigSchema } from './ibkr-config.js';
export type { IbkrConnectionConfig, IbkrConnectionConfigInput } from './ibkr-config.js';
export { IB_SYSTEM_CODES, IbkrConnection } from './ibkr-connection.js';
export type { IbkrConnectionOptions, IbkrConnectionState, IbkrMarketDataType, IbkrMessage, IbkrStatus, StatusPublisher } from './ibkr-connection.js';
export { IbkrContracts, toContract, toResolved } from './ibkr-contracts.js';
export { fromIbSymbol, toIbSymbol } from './ibkr-symbols.js';
export type { IbkrContractSpec, ResolvedContract } from './ibkr-contracts.js';
export { IbkrAccountFeed } from './ibkr-account.js';
export type { IbkrAccountPosition, IbkrAccountSnapshot, IbkrPnl } from './ibkr-account.js';
export { IbkrMarketData } from './ibkr-market-data.js';
export type { QuoteHandlers } from './ibkr-market-data.js';
export { HistoryPacer, IbkrHistoryClientImpl, PACING_VIOLATION_WAIT_MS, formatEnd, wallPacingClock } from './ibkr-history-client.js';
export type { PacingClock } from './ibkr-history-client.js';
// Test kit: the protocol-level IB Gateway simulator, for tests of code that sits on the connection
// (the IBKR venue in @nws/execution, the Host's wiring); never started by production code.
export { IbGatewaySimulator, SIMULATOR_SERVER_VERSION, defaultSimContracts } from './test-fixtures/ib-gateway-simulator.js';
export type { IbGatewaySimulatorOptions, SimContract, SimExecution, SimOrder } from './test-fixtures/ib-gateway-simulator.js';
