// Our share-class symbols and IB's: IB writes a class with a space (`BRK B`, `BF B`), instrument
// ids cannot hold a space and the rest of the app writes a dot (`BRK.B`). Every symbol crossing
// the IB boundary for stocks goes through these two functions, in both directions.

/** `BRK.B` → `BRK B` (what IB's contract `symbol` expects). */
export function toIbSymbol(symbol: string): string {
  return symbol.trim().replace(/\./g, ' ');
}

/** `BRK B` → `BRK.B` (IB's contract symbol as our instrument symbol); runs of spaces count once. */
export function fromIbSymbol(symbol: string): string {
  return symbol.trim().replace(/\s+/g, '.');
}
