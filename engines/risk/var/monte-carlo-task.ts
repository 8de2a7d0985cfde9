// Worker-pool entry for Monte Carlo VaR: the Host registers this module (MONTE_CARLO_TASK_MODULE)
// as a task; each call simulates a range of path blocks and returns their P&L.
import { simulatePnlBlocks } from './monte-carlo.js';
import type { MonteCarloBlocks } from './monte-carlo.js';

export default function simulatePnlBlocksTask(input: MonteCarloBlocks): Float64Array {
  return simulatePnlBlocks(input);
}
