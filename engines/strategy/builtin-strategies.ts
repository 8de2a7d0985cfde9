import { StrategyRegistry } from './registry.js';
import { bollingerBreakout } from './strategies/bollinger-breakout.js';
import { buyAndHold } from './strategies/buy-and-hold.js';
import { donchianTrend } from './strategies/donchian-trend.js';
import { pairs } from './strategies/pairs.js';
import { rsiReversion } from './strategies/rsi-reversion.js';
import { smaCross } from './strategies/sma-cross.js';

export const BUILTIN_STRATEGIES = [smaCross, rsiReversion, bollingerBreakout, donchianTrend, buyAndHold, pairs] as const;

/** A registry holding the built-in strategies; add your own with `register`. */
export function createStrategyRegistry(): StrategyRegistry {
  const registry = new StrategyRegistry();
  for (const definition of BUILTIN_STRATEGIES) registry.register(definition);
  return registry;
}

/** The shared default registry (the CLI and the backtest worker use it). */
export const strategyRegistry = createStrategyRegistry();
