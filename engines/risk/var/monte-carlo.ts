// Monte Carlo VaR: correlated normal daily returns r = L z (L the Cholesky factor of the
// covariance), portfolio P&L e . r, VaR and CVaR from the simulated tail, scaled by sqrt(h).
// For linear exposures e . (L z) = (L^T e) . z, so each path costs n multiply-adds on n fresh
// normals instead of n^2 / 2. Paths come in blocks, each with its own RNG stream from the seed:
// any split of blocks across workers gives exactly the single-thread answer.
import { ErrorCode, NwsError } from '@nws/core';
import { Xoshiro128 } from './rng.js';
import { checkVarOptions, tailOfPnl } from './var-inputs.js';
import type { VarOptions, VarResult } from './var-inputs.js';

export const MONTE_CARLO_BLOCK = 4096;

/** Lower-triangular L with L L^T = covariance (row-major). Throws when not positive definite. */
export function cholesky(covariance: Float64Array, n: number): Float64Array {
  if (covariance.length !== n * n) throw new NwsError(ErrorCode.InvalidArgument, `covariance has ${covariance.length} cells, expected ${n} x ${n}`);
  const lower = new Float64Array(n * n);
  for (let row = 0; row < n; row++) {
    for (let column = 0; column <= row; column++) {
      let sum = covariance[row * n + column]!;
      for (let k = 0; k < column; k++) sum -= lower[row * n + k]! * lower[column * n + k]!;
      if (row === column) {
        if (!(sum > 0)) throw new NwsError(ErrorCode.InvalidArgument, `covariance is not positive definite (pivot ${row} is ${sum})`);
        lower[row * n + row] = Math.sqrt(sum);
      } else {
        lower[row * n + column] = sum / lower[column * n + column]!;
      }
    }
  }
  return lower;
}

/** w = L^T e: the loading of portfolio P&L on each independent normal. */
export function monteCarloWeights(covariance: Float64Array, exposures: ArrayLike<number>): Float64Array {
  const n = exposures.length;
  const lower = cholesky(covariance, n);
  const weights = new Float64Array(n);
  for (let row = 0; row < n; row++) {
    const exposure = exposures[row]!;
    for (let column = 0; column <= row; column++) weights[column]! += lower[row * n + column]! * exposure;
  }
  return weights;
}

export interface MonteCarloBlocks {
  weights: Float64Array;
  seed: number;
  /** Total paths of the whole run. */
  paths: number;
  firstBlock: number;
  blockCount: number;
}

/** One-day P&L of the paths in blocks [firstBlock, firstBlock + blockCount): a pure function for a worker. */
export function simulatePnlBlocks(input: MonteCarloBlocks): Float64Array {
  const start = input.firstBlock * MONTE_CARLO_BLOCK;
  const end = Math.min(input.paths, (input.firstBlock + input.blockCount) * MONTE_CARLO_BLOCK);
  const pnl = new Float64Array(Math.max(0, end - start));
  const weights = input.weights;
  const n = weights.length;
  for (let block = input.firstBlock; block * MONTE_CARLO_BLOCK < end; block++) {
    const rng = new Xoshiro128(input.seed, block);
    const blockEnd = Math.min(end, (block + 1) * MONTE_CARLO_BLOCK);
    for (let path = block * MONTE_CARLO_BLOCK; path < blockEnd; path++) {
      let sum = 0;
      for (let index = 0; index < n; index++) sum += weights[index]! * rng.nextNormal();
      pnl[path - start] = sum;
    }
  }
  return pnl;
}

export function blockCountFor(paths: number): number {
  return Math.ceil(paths / MONTE_CARLO_BLOCK);
}

/** VaR and CVaR from the P&L of all paths (e.g. concatenated worker results). */
export function monteCarloVarFromPnl(pnl: Float64Array, options: VarOptions): VarResult {
  const { confidence, horizonDays } = checkVarOptions(options);
  const tail = tailOfPnl(pnl, confidence);
  const scale = Math.sqrt(horizonDays);
  return { var: tail.var * scale, cvar: tail.cvar * scale, confidence, horizonDays, method: 'monte-carlo' };
}

export interface MonteCarloInput extends VarOptions {
  covariance: Float64Array;
  exposures: ArrayLike<number>;
  paths: number;
  seed: number;
}

/** The whole run on this thread. */
export function monteCarloVar(input: MonteCarloInput): VarResult {
  checkVarOptions(input);
  if (!Number.isInteger(input.paths) || input.paths < 100) throw new NwsError(ErrorCode.InvalidArgument, `paths must be an integer of at least 100, got ${input.paths}`);
  if (!Number.isInteger(input.seed)) throw new NwsError(ErrorCode.InvalidArgument, `seed must be an integer, got ${input.seed}`);
  const weights = monteCarloWeights(input.covariance, input.exposures);
  const pnl = simulatePnlBlocks({ weights, seed: input.seed, paths: input.paths, firstBlock: 0, blockCount: blockCountFor(input.paths) });
  return monteCarloVarFromPnl(pnl, input);
}

/** The module the Host's worker pool loads for `simulatePnlBlocks` (default export). */
export const MONTE_CARLO_TASK_MODULE = new URL('./monte-carlo-task.ts', import.meta.url);

/**
 * The run split into `parts` ranges of blocks, each handed to `runBlocks` (e.g. the Host's worker
 * pool); the joined P&L gives exactly the single-thread answer for the same seed.
 */
export async function monteCarloVarParallel(
  input: MonteCarloInput,
  runBlocks: (blocks: MonteCarloBlocks) => Promise<Float64Array>,
  parts: number,
): Promise<VarResult> {
  checkVarOptions(input);
  if (!Number.isInteger(parts) || parts < 1) throw new NwsError(ErrorCode.InvalidArgument, `parts must be a positive integer, got ${parts}`);
  if (!Number.isInteger(input.paths) || input.paths < 100) throw new NwsError(ErrorCode.InvalidArgument, `paths must be an integer of at least 100, got ${input.paths}`);
  const weights = monteCarloWeights(input.covariance, input.exposures);
  const blocks = blockCountFor(input.paths);
  const perPart = Math.ceil(blocks / parts);
  const ranges: MonteCarloBlocks[] = [];
  for (let first = 0; first < blocks; first += perPart) {
    ranges.push({ weights, seed: input.seed, paths: input.paths, firstBlock: first, blockCount: Math.min(perPart, blocks - first) });
  }
  const results = await Promise.all(ranges.map((range) => runBlocks(range)));
  const pnl = new Float64Array(input.paths);
  let offset = 0;
  for (const part of results) {
    pnl.set(part, offset);
    offset += part.length;
  }
  if (offset !== input.paths) throw new NwsError(ErrorCode.WorkerFailed, `Monte Carlo workers returned ${offset} paths, expected ${input.paths}`);
  return monteCarloVarFromPnl(pnl, input);
}
