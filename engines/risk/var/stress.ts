// Stress tests: what the book loses under a scenario of shocks, and under a replay of a past window.
import { z } from 'zod';
import { ErrorCode, NwsError, describeIssues } from '@nws/core';

export interface StressPosition {
  instrumentId: string;
  /** Signed value of the position (quantity x price x multiplier). */
  exposure: number;
  sector?: string;
  /** Sensitivity of the instrument's return to each factor's return (betas). */
  factorLoadings?: Readonly<Record<string, number>>;
}

const shocks = z.record(z.string().min(1), z.number().gt(-1, 'a return shock must be above -1 (-100 %)'));
export const stressScenarioSchema = z.strictObject({
  name: z.string().min(1),
  /** Returns applied to named instruments (-0.2 = down 20 %); they override sector and factor shocks. */
  instrumentShocks: shocks.default({}),
  /** Returns applied to every instrument of a sector. */
  sectorShocks: shocks.default({}),
  /** Factor returns, passed through each instrument's loadings and added to its sector shock. */
  factorShocks: z.record(z.string().min(1), z.number()).default({}),
});
export type StressScenarioInput = z.input<typeof stressScenarioSchema>;
export type StressScenario = z.output<typeof stressScenarioSchema>;

export interface StressLine {
  instrumentId: string;
  shock: number;
  pnl: number;
}

export interface StressResult {
  scenario: string;
  pnl: number;
  byInstrument: StressLine[];
  bySector: Record<string, number>;
}

export function parseStressScenario(input: unknown): StressScenario {
  const result = stressScenarioSchema.safeParse(input);
  if (!result.success) throw new NwsError(ErrorCode.InvalidArgument, `invalid stress scenario: ${describeIssues(result.error.issues)}`, result.error.issues);
  return result.data;
}

/** The return a scenario gives one position: its own shock, else sector shock + sum of beta x factor shock. */
export function scenarioShock(position: StressPosition, scenario: StressScenario): number {
  const own = scenario.instrumentShocks[position.instrumentId];
  if (own !== undefined) return own;
  let shock = position.sector === undefined ? 0 : (scenario.sectorShocks[position.sector] ?? 0);
  for (const [factor, loading] of Object.entries(position.factorLoadings ?? {})) shock += loading * (scenario.factorShocks[factor] ?? 0);
  return shock;
}

export function runStressScenario(positions: ReadonlyArray<StressPosition>, scenarioInput: unknown): StressResult {
  const scenario = parseStressScenario(scenarioInput);
  const byInstrument: StressLine[] = [];
  const bySector: Record<string, number> = {};
  let total = 0;
  for (const position of positions) {
    const shock = scenarioShock(position, scenario);
    const pnl = position.exposure * shock;
    byInstrument.push({ instrumentId: position.instrumentId, shock, pnl });
    const sector = position.sector ?? '(none)';
    bySector[sector] = (bySector[sector] ?? 0) + pnl;
    total += pnl;
  }
  return { scenario: scenario.name, pnl: total, byInstrument, bySector };
}

export interface ReplayResult {
  /** P&L of today's book at the end of each day of the window, relative to its first day. */
  path: Float64Array;
  final: number;
  /** The lowest point of the path (the worst loss inside the window), and its day index. */
  worst: number;
  worstDay: number;
}

/**
 * Replays a historical window: each position's value follows its instrument's price path
 * (P_t / P_0 - 1) with today's exposure. `prices` holds one close series per position, same order.
 */
export function replayHistoricalWindow(positions: ReadonlyArray<StressPosition>, prices: ReadonlyArray<ArrayLike<number>>): ReplayResult {
  if (prices.length !== positions.length) throw new NwsError(ErrorCode.InvalidArgument, `prices has ${prices.length} series but there are ${positions.length} positions`);
  const days = prices[0]?.length ?? 0;
  if (days < 2) throw new NwsError(ErrorCode.InvalidArgument, `the window needs at least 2 days of prices, got ${days}`);
  const path = new Float64Array(days);
  prices.forEach((series, index) => {
    if (series.length !== days) throw new NwsError(ErrorCode.InvalidArgument, `prices[${index}] has ${series.length} days, prices[0] has ${days}`);
    const start = series[0]!;
    if (!(start > 0)) throw new NwsError(ErrorCode.InvalidArgument, `prices[${index}] starts at ${start}; a replay needs a positive first price`);
    const exposure = positions[index]!.exposure;
    for (let day = 0; day < days; day++) path[day]! += exposure * (series[day]! / start - 1);
  });
  let worstDay = 0;
  for (let day = 1; day < days; day++) if (path[day]! < path[worstDay]!) worstDay = day;
  return { path, final: path[days - 1]!, worst: path[worstDay]!, worstDay };
}
