// The stress scenarios every risk report runs. Positions carry a market loading of 1 (beta not
// known to the risk state), so a market factor shock moves every position by that much; sector
// shocks add to it for the sector's positions.
import type { StressScenarioInput } from '../var/stress.js';

export const MARKET_FACTOR = 'market';

export const DEFAULT_STRESS_SCENARIOS: ReadonlyArray<StressScenarioInput> = Object.freeze<StressScenarioInput[]>([
  { name: 'Equity market -10%', factorShocks: { [MARKET_FACTOR]: -0.1 } },
  { name: 'Equity crash -20%', factorShocks: { [MARKET_FACTOR]: -0.2 } },
  { name: 'Equity rally +10%', factorShocks: { [MARKET_FACTOR]: 0.1 } },
  { name: 'Technology sell-off', factorShocks: { [MARKET_FACTOR]: -0.03 }, sectorShocks: { Technology: -0.15 } },
  { name: 'Energy price collapse', factorShocks: { [MARKET_FACTOR]: -0.02 }, sectorShocks: { Energy: -0.25 } },
  { name: 'Financials credit shock', factorShocks: { [MARKET_FACTOR]: -0.05 }, sectorShocks: { Financials: -0.2 } },
]);
