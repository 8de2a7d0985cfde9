/**
 * Win/loss statistics over periods (quantstats' definitions): a period with a zero or NaN return
 * is neither a win nor a loss and is left out.
 */
import type { Numbers } from './stats.js';

export interface WinLossStats {
  /** wins / (wins + losses); NaN when every period is flat. */
  winRate: number;
  /** Mean of the positive returns; NaN without one. */
  averageWin: number;
  /** Mean of the negative returns (a negative number); NaN without one. */
  averageLoss: number;
  /** Sum of gains / |sum of losses|; Infinity with gains and no loss, NaN with neither. */
  profitFactor: number;
  /** winRate × averageWin + (1 - winRate) × averageLoss: the mean non-flat period. */
  expectancy: number;
  /** averageWin / |averageLoss|; NaN without both a win and a loss. */
  payoffRatio: number;
}

export function winLossStats(returns: Numbers): WinLossStats {
  let wins = 0;
  let losses = 0;
  let gainSum = 0;
  let lossSum = 0;
  for (let i = 0; i < returns.length; i++) {
    const value = returns[i]!;
    if (value > 0) {
      wins++;
      gainSum += value;
    } else if (value < 0) {
      losses++;
      lossSum += value;
    }
  }
  const decided = wins + losses;
  const winRate = decided === 0 ? NaN : wins / decided;
  const averageWin = wins === 0 ? NaN : gainSum / wins;
  const averageLoss = losses === 0 ? NaN : lossSum / losses;
  const profitFactor = lossSum < 0 ? gainSum / -lossSum : gainSum > 0 ? Infinity : NaN;
  // A side with no periods contributes nothing, not NaN: all-wins has expectancy = averageWin.
  const expectancy = decided === 0 ? NaN : (gainSum + lossSum) / decided;
  const payoffRatio = averageLoss < 0 && wins > 0 ? averageWin / -averageLoss : NaN;
  return { winRate, averageWin, averageLoss, profitFactor, expectancy, payoffRatio };
}
