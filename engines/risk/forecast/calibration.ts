// Reliability check of probability forecasts: group forecasts into probability buckets and compare
// each bucket's mean forecast with the frequency of what happened. A calibrated forecaster's
// realised frequency lies within the binomial band of its mean forecast in every bucket.
import { ErrorCode, NwsError } from '@nws/core';

export interface ReliabilityBucket {
  /** [from, to) of forecast probability (the last bucket includes 1). */
  from: number;
  to: number;
  count: number;
  meanForecast: number;
  /** Share of the bucket's cases in which the event happened. */
  realised: number;
  /** Half-width of the band: z sqrt(meanForecast (1 - meanForecast) / count). */
  band: number;
  /** |realised - meanForecast| <= band. */
  withinBand: boolean;
}

export interface ReliabilityOptions {
  /** Bucket edges, ascending from 0 to 1; default 0, 0.1, 0.3, 0.5, 0.7, 1. */
  edges?: readonly number[];
  /** Normal quantile of the band; default 3.29 (two-sided 99.9 %). */
  z?: number;
  /** Buckets with fewer cases are left out (too few to judge); default 50. */
  minCount?: number;
}

export function reliabilityTable(forecasts: ArrayLike<number>, outcomes: ArrayLike<boolean>, options: ReliabilityOptions = {}): ReliabilityBucket[] {
  if (forecasts.length !== outcomes.length) throw new NwsError(ErrorCode.InvalidArgument, `${forecasts.length} forecasts but ${outcomes.length} outcomes`);
  const edges = options.edges ?? [0, 0.1, 0.3, 0.5, 0.7, 1];
  const z = options.z ?? 3.29;
  const minCount = options.minCount ?? 50;
  const sums = edges.slice(1).map(() => ({ count: 0, forecast: 0, events: 0 }));
  for (let index = 0; index < forecasts.length; index++) {
    const forecast = forecasts[index]!;
    if (!(forecast >= 0 && forecast <= 1)) throw new NwsError(ErrorCode.InvalidArgument, `forecasts[${index}] = ${forecast} is not a probability`);
    let bucket = 0;
    while (bucket < sums.length - 1 && forecast >= edges[bucket + 1]!) bucket++;
    const sum = sums[bucket]!;
    sum.count++;
    sum.forecast += forecast;
    if (outcomes[index]) sum.events++;
  }
  const table: ReliabilityBucket[] = [];
  sums.forEach((sum, bucket) => {
    if (sum.count < minCount) return;
    const meanForecast = sum.forecast / sum.count;
    const realised = sum.events / sum.count;
    const band = z * Math.sqrt((meanForecast * (1 - meanForecast)) / sum.count);
    table.push({ from: edges[bucket]!, to: edges[bucket + 1]!, count: sum.count, meanForecast, realised, band, withinBand: Math.abs(realised - meanForecast) <= band });
  });
  return table;
}
