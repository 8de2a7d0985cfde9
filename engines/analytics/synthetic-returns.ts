/**
 * Deterministic daily returns on weekdays (mulberry32 + Box-Muller) for demos, tests and benches:
 * the same seed gives the same series on every machine.
 */
export interface SyntheticReturns {
  timestamps: Float64Array;
  returns: Float64Array;
}

export function syntheticDailyReturns(options: { days: number; seed?: number; drift?: number; volatility?: number; startTs?: number }): SyntheticReturns {
  let state = options.seed ?? 42;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const timestamps = new Float64Array(options.days);
  const returns = new Float64Array(options.days);
  let ts = options.startTs ?? Date.UTC(2015, 0, 2);
  for (let i = 0; i < options.days; i++) {
    while ([0, 6].includes(new Date(ts).getUTCDay())) ts += 86_400_000;
    timestamps[i] = ts;
    returns[i] = (options.drift ?? 0.0004) + (options.volatility ?? 0.01) * normal();
    ts += 86_400_000;
  }
  return { timestamps, returns };
}
