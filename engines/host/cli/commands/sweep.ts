// `nws sweep --data FILE[,FILE...] | --symbol S[,S...] --strategy NAME --range k=min:max:step|k=v1|v2 ... [--random N]
// [--threads N] [--sort METRIC] [--top N] [--walk-forward IN:OUT] [--json]`: many backtests of one
// strategy across worker threads, sorted by a metric. Logic in @nws/backtest (runSweepCommand).
import type { Command } from 'commander';
import type { CliOutput } from '../index.js';
import { HOME_OPTION_FLAGS, HOME_OPTION_HELP } from '../options.js';
import { addRunOptions, asUsage, collect, parseNumberOption, storedSeriesOf } from './backtest.js';

export function register(program: Command, output: CliOutput): void {
  const command = program.command('sweep').description('sweep strategy parameters (grid, random or walk-forward) across worker threads');
  addRunOptions(command)
    .option('--range <key=range>', 'parameter to vary, repeatable: fast=5:30:5 (min:max:step) or mode=a|b (values)', collect, [])
    .option('--random <count>', 'random search: run this many sets drawn from the ranges', parseNumberOption('--random'))
    .option('--seed <n>', 'seed of the random search (default 1)', parseNumberOption('--seed'))
    .option('--threads <n>', 'worker threads (default: all cores; 0 runs in this thread)', parseNumberOption('--threads'))
    .option('--sort <metric>', 'sort by totalReturn, maxDrawdown, finalValue, netPnl, winRate, profitFactor, closedTrades...', 'totalReturn')
    .option('--ascending', 'sort ascending (e.g. for maxDrawdown)')
    .option('--top <n>', 'print only the best n rows', parseNumberOption('--top'))
    .option('--walk-forward <in:out>', 'walk-forward analysis with in-sample and out-of-sample windows in days, e.g. 365:90')
    .option(HOME_OPTION_FLAGS, HOME_OPTION_HELP)
    .action(async (options: Record<string, unknown>, self: Command) => {
      await asUsage(self, 'nws.sweep.invalidArgument', async () => {
        const { runSweepCommand, tuneV8ForBacktests } = await import('@nws/backtest');
        tuneV8ForBacktests();
        const loaded = await storedSeriesOf(options, 'nws sweep');
        output.out(await runSweepCommand(options as unknown as Parameters<typeof runSweepCommand>[0], loaded));
      });
    });
}
