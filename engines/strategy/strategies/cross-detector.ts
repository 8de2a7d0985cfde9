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
    return this.updateSign(a > b ? 1 : a < b ? -1 : 0);
  }

  /**
   * The same rule given only the sign of (a - b): 1, -1, or 0 when they are equal or either is
   * NaN. A small integer rather than two numbers: a number passed to a call the compiler does not
   * inline is boxed, and a strategy asks this on every bar.
   */
  updateSign(sign: -1 | 0 | 1): Crossing {
    if (sign === 0) return 'none';
    const previous = this.lastSign;
    this.lastSign = sign;
    if (previous === -1 && sign === 1) return 'up';
    if (previous === 1 && sign === -1) return 'down';
    return 'none';
  }
}
