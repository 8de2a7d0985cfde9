// Public API of @nws/risk: pre-trade limits, the risk engine and its state, the kill switch,
// the breach monitor, VaR/CVaR, backtesting and stress tests, the daily-loss breach forecast and
// the risk report.
export type { LimitAction, LimitCheck, LimitReading, LimitScope, LimitScopeKind, ProposedOrder, Refusal, RiskApproved, RiskDecision, RiskRefused } from './types.js';
export { LIMIT_ACTIONS } from './types.js';
export { LIMIT_TYPES, LIMIT_TYPE_NAMES } from './checks/index.js';
export type { LimitConfig, LimitConfigInput, LimitType } from './checks/index.js';
export { DEFAULT_FUTURES_ORDER_NOTIONAL, DEFAULT_RISK_LIMITS } from './defaults.js';
export { limitConfigSchema, loadRiskEngineConfig, parseLimitConfig, riskEngineConfigSchema } from './config.js';
export type { RiskEngineConfig, RiskEngineConfigInput } from './config.js';
export { RiskState } from './risk-state.js';
export type { InstrumentEntry, RiskStateOptions, SectorTotals, StateChangeListener } from './risk-state.js';
export { RiskEngine, TRADING_STATES } from './risk-engine.js';
export type { RiskCheckContext, RiskEngineOptions, TradingState } from './risk-engine.js';
export { InMemoryRiskStore, RiskAuditAction, RiskSettingKey } from './audit.js';
export type { RiskAuditEntry, RiskStore } from './audit.js';
export { KillSwitch, KILL_SWITCH_RULE, engageStoredKillSwitch, readStoredKillSwitch, rearmStoredKillSwitch } from './kill-switch.js';
export type { KillSwitchOptions, KillSwitchReport, KillSwitchStatus, KillSwitchTarget } from './kill-switch.js';
export { RiskMonitor } from './monitor.js';
export type { BreachEvent, LimitUtilisation, RiskMonitorOptions, UtilisationLevel } from './monitor.js';
export * from './var/index.js';
export { killSwitchHandlers, killSwitchMethodSchemas, killSwitchStatusSchema } from './kill-switch-protocol.js';
export type { KillSwitchHandlers } from './kill-switch-protocol.js';
export * from './forecast/index.js';
export * from './report/index.js';
