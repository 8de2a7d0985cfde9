// Public API of @nws/execution: the order manager, the risk gate it enforces, the order journal
// interface, and the simulated venue shared by backtests and paper trading.
export { OrderManager, orderReason } from './order-manager.js';
export type { BracketOrders, BracketRequest, FillListener, OrderManagerOptions, OrderModification, OrderUpdateListener } from './order-manager.js';
export { approveAll } from './risk-gate.js';
export type { ExecutionView, RiskApproved, RiskCheck, RiskContext, RiskDecision, VenueOrderRequest } from './risk-gate.js';
export { InMemoryOrderJournal, NullOrderJournal, ORDER_EVENT_KINDS } from './journal.js';
export type { OrderEventKind, OrderJournal, OrderJournalEvent } from './journal.js';
export type { ExecutionVenue, VenueEvent, VenueEventHandler } from './venue.js';
export { BAR_FILL_MODES, commissionSchema, defineSimulatedVenueConfig, simulatedVenueConfigSchema, slippageSchema } from './config.js';
export type { BarFillMode, CommissionConfig, SimulatedVenueConfig, SimulatedVenueConfigInput, SlippageConfig } from './config.js';
export { SimulatedVenue } from './simulated-venue.js';
export type { SimulatedVenueOptions } from './simulated-venue.js';
export { commissionFor } from './commission.js';
export { EquityCurve, emptyDrawdown, foldDrawdown } from './equity-curve.js';
export type { DrawdownState, EquitySummary } from './equity-curve.js';
export * from './venues/ibkr/index.js';
