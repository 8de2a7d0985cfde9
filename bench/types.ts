/** One line of a suite's JSON result file (bench/results/<suite>.json). */
export interface BenchEntry {
  name: string;
  value: number;
  unit: string;
  higherIsBetter: boolean;
  peer?: string;
  peerValue?: number;
  /** value / peerValue when higherIsBetter, peerValue / value otherwise: > 1 means we beat the peer. */
  ratio?: number;
  target?: number;
  note?: string;
}

export interface BenchContext {
  /** Scratch directory for files the suite creates; removed after the suite. */
  tmpDir: string;
  log(message: string): void;
}

export type BenchSuite = (ctx: BenchContext) => Promise<BenchEntry[]>;

export function withPeer(entry: Omit<BenchEntry, 'ratio'> & { peer: string; peerValue: number }): BenchEntry {
  const ratio = entry.higherIsBetter ? entry.value / entry.peerValue : entry.peerValue / entry.value;
  return { ...entry, ratio: Number(ratio.toFixed(3)) };
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMib(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
