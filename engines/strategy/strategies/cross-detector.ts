/**
 * The crossing rule of bar backtesters (backtrader's CrossOver): a line crosses above another
 * when it is above now and was below at the last bar where the two differed. Bars where they
 * are equal neither cross nor reset the memory.
 */
export type Crossing = 'up' | 'down' | 'none';

export class CrossDetector {
  /** Sign of (a - b) at the last bar where they differed; 0 before any. */
  private lastSign = 0;

  update(a: number, b: number): Crossing {
    const difference = a - b;
    if (difference === 0 || Number.isNaN(difference)) return 'none';
    const sign = difference > 0 ? 1 : -1;
    const previous = this.lastSign;
    this.lastSign = sign;
    if (previous === -1 && sign === 1) return 'up';
    if (previous === 1 && sign === -1) return 'down';
    return 'none';
  }
}
