// VaR, CVaR, backtesting and stress: pure functions on columns, safe to run in a worker.
export type { VarOptions, VarResult } from './var-inputs.js';
export { tailOfPnl } from './var-inputs.js';
export { historicalPnl, historicalVar } from './historical.js';
export { DEFAULT_EWMA_LAMBDA, ewmaCovariance, ewmaPortfolioSigma, parametricVar, parametricVarFromCovariance, portfolioVariance } from './parametric.js';
export { MONTE_CARLO_BLOCK, MONTE_CARLO_TASK_MODULE, blockCountFor, cholesky, monteCarloVar, monteCarloVarFromPnl, monteCarloVarParallel, monteCarloWeights, simulatePnlBlocks } from './monte-carlo.js';
export type { MonteCarloBlocks, MonteCarloInput } from './monte-carlo.js';
export { backtestVar, kupiecPof } from './kupiec.js';
export type { KupiecResult } from './kupiec.js';
export { parseStressScenario, replayHistoricalWindow, runStressScenario, scenarioShock, stressScenarioSchema } from './stress.js';
export type { ReplayResult, StressLine, StressPosition, StressResult, StressScenario, StressScenarioInput } from './stress.js';
export { Xoshiro128 } from './rng.js';
export { chiSquare1Survival, normalCdf, normalPdf, normalQuantile } from './normal.js';
