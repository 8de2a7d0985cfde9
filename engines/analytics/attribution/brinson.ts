/**
 * Brinson-Fachler attribution by sector. Per sector i, with portfolio/benchmark weights wp, wb and
 * returns rp, rb, and the benchmark's total return Rb = Σ wb·rb:
 *   allocation  = (wp − wb)(rb − Rb)
 *   selection   = wb(rp − rb)
 *   interaction = (wp − wb)(rp − rb)
 * Summed over sectors the three equal the active return Rp − Rb (weights each sum to 1).
 */
import { ErrorCode, NwsError } from '@nws/core';

export interface SectorReturns {
  sector: string;
  portfolioWeight: number;
  portfolioReturn: number;
  benchmarkWeight: number;
  benchmarkReturn: number;
}

export interface SectorAttribution {
  sector: string;
  allocation: number;
  selection: number;
  interaction: number;
  total: number;
}

export interface BrinsonResult {
  sectors: SectorAttribution[];
  allocation: number;
  selection: number;
  interaction: number;
  portfolioReturn: number;
  benchmarkReturn: number;
  /** portfolioReturn − benchmarkReturn = allocation + selection + interaction. */
  activeReturn: number;
}

const WEIGHT_TOLERANCE = 1e-6;

export function brinsonFachler(rows: ReadonlyArray<SectorReturns>): BrinsonResult {
  checkRows(rows);
  const benchmarkReturn = rows.reduce((sum, row) => sum + row.benchmarkWeight * row.benchmarkReturn, 0);
  const portfolioReturn = rows.reduce((sum, row) => sum + row.portfolioWeight * row.portfolioReturn, 0);
  const sectors = rows.map((row): SectorAttribution => {
    const activeWeight = row.portfolioWeight - row.benchmarkWeight;
    const allocation = activeWeight * (row.benchmarkReturn - benchmarkReturn);
    const selection = row.benchmarkWeight * (row.portfolioReturn - row.benchmarkReturn);
    const interaction = activeWeight * (row.portfolioReturn - row.benchmarkReturn);
    return { sector: row.sector, allocation, selection, interaction, total: allocation + selection + interaction };
  });
  const sum = (pick: (row: SectorAttribution) => number) => sectors.reduce((total, row) => total + pick(row), 0);
  return {
    sectors,
    allocation: sum((row) => row.allocation),
    selection: sum((row) => row.selection),
    interaction: sum((row) => row.interaction),
    portfolioReturn,
    benchmarkReturn,
    activeReturn: portfolioReturn - benchmarkReturn,
  };
}

function checkRows(rows: ReadonlyArray<SectorReturns>): void {
  if (rows.length === 0) throw new NwsError(ErrorCode.InvalidArgument, 'brinson attribution needs at least one sector');
  const problems: string[] = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    if (seen.has(row.sector)) problems.push(`sector ${JSON.stringify(row.sector)} appears twice`);
    seen.add(row.sector);
    for (const field of ['portfolioWeight', 'portfolioReturn', 'benchmarkWeight', 'benchmarkReturn'] as const) {
      if (!Number.isFinite(row[field])) problems.push(`row ${index} (${row.sector}).${field} is ${row[field]}`);
    }
  });
  for (const side of ['portfolioWeight', 'benchmarkWeight'] as const) {
    const total = rows.reduce((sum, row) => sum + row[side], 0);
    if (Math.abs(total - 1) > WEIGHT_TOLERANCE) problems.push(`${side}s sum to ${total}, not 1`);
  }
  if (problems.length > 0) throw new NwsError(ErrorCode.InvalidArgument, `brinson attribution: ${problems.join('; ')}`);
}
