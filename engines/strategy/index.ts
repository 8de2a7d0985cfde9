// Public API of @nws/strategy: the Strategy base class and the context a runner gives it,
// parameter declarations (validation, CLI parsing, sweep ranges), the registry and the built-ins.
export { Strategy, defaultTimeInForce } from './strategy.js';
export type {
  BracketOrderIds,
  LogLevel,
  OrderModification,
  StrategyBracketRequest,
  StrategyContext,
  StrategyLogger,
  StrategyOrderRequest,
} from './strategy.js';
export { declaredRange, describeParam, paramsSchema, parseParamAssignments, resolveStrategyParams } from './params.js';
export type { BooleanParam, EnumParam, IntParam, NumberParam, ParamDeclaration, ParamDeclarations, ParamValue, ParamValues, RawParams } from './params.js';
export { StrategyRegistry, defineStrategy } from './registry.js';
export type { StrategyDefinition } from './registry.js';
export { BUILTIN_STRATEGIES, createStrategyRegistry, strategyRegistry } from './builtin-strategies.js';
export { CrossDetector } from './strategies/cross-detector.js';
export type { Crossing } from './strategies/cross-detector.js';
export { SmaCross, smaCross } from './strategies/sma-cross.js';
export type { SmaCrossParams } from './strategies/sma-cross.js';
export { RsiReversion, rsiReversion } from './strategies/rsi-reversion.js';
export type { RsiReversionParams } from './strategies/rsi-reversion.js';
export { BollingerBreakout, bollingerBreakout } from './strategies/bollinger-breakout.js';
export type { BollingerBreakoutParams } from './strategies/bollinger-breakout.js';
export { DonchianTrend, donchianTrend } from './strategies/donchian-trend.js';
export type { DonchianTrendParams } from './strategies/donchian-trend.js';
export { BuyAndHold, buyAndHold } from './strategies/buy-and-hold.js';
export type { BuyAndHoldParams } from './strategies/buy-and-hold.js';
export { Pairs, pairs } from './strategies/pairs.js';
export type { PairsParams } from './strategies/pairs.js';
