/**
 * V8's inlining budget, raised for the backtest's bar loop. TurboFan inlines at most 920 bytes of
 * bytecode into one optimised function (`--max-inlined-bytecode-size-cumulative`); the bar loop
 * (session step, venue mark, equity sample, strategy, two SMA updates) needs about 1,300 to inline
 * whole. Under the default, which calls stay outside (and box their numbers) depends on when each
 * function happened to be optimised, so the same run swings by 10-25 % from process to process and
 * from worker thread to worker thread: a sweep's two workers used up to 1.24x the CPU time of one
 * worker for the same cells. With 1,300 a run is steady and about 12 % faster (docs/backtest.md).
 *
 * V8 flags belong to the process and apply to code compiled after they are set, in every thread:
 * what runs backtests calls this first (`Workstation.start`, which the desktop app and `nws serve`
 * use; `nws backtest` and `nws sweep`; each bench suite's process).
 */
import { setFlagsFromString } from 'node:v8';

/** The inlining budget the bar loop needs, in bytes of bytecode. */
export const BACKTEST_INLINING_BUDGET = 1_300;

let tuned = false;

export function tuneV8ForBacktests(): void {
  if (tuned) return;
  tuned = true;
  setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${BACKTEST_INLINING_BUDGET}`);
}
