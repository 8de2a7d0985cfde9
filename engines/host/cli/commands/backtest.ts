// `nws backtest --data FILE[,FILE...] --strategy NAME [--param k=v]... [--cash N]
// [--commission-pct P] [--fill next-open|close] [--json]`: one backtest over CSV files. The logic
// lives in @nws/backtest (runBacktestCommand); this file parses flags and maps mistakes to a
// usage error (exit 2). The engine is imported when the command runs, not at CLI start-up.
import { Command, InvalidArgumentError, Option } from 'commander';
import type { CliOutput } from '../index.js';
import { HOME_OPTION_FLAGS, HOME_OPTION_HELP } from '../options.js';

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function parseNumberOption(name: string): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed)) throw new InvalidArgumentError(`${name} must be a number, got '${value}'`);
    return parsed;
  };
}

/** Runs an action; an INVALID_ARGUMENT / NOT_FOUND from the engine becomes a usage error (exit 2). */
export async function asUsage(command: Command, code: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    const { NwsError, ErrorCode } = await import('@nws/core');
    if (NwsError.is(error, ErrorCode.InvalidArgument) || NwsError.is(error, ErrorCode.NotFound)) command.error(error.message, { exitCode: 2, code });
    throw error;
  }
}

/** The flags `nws backtest` and `nws sweep` share. */
export function addRunOptions(command: Command): Command {
  return command
    .requiredOption('--data <files>', 'OHLCV CSV file(s), comma-separated, one instrument each (Yahoo or backtrader layout)')
    .requiredOption('--strategy <name>', 'strategy name: sma-cross, rsi-reversion, bollinger-breakout, donchian-trend, buy-and-hold, pairs')
    .option('--param <key=value>', 'strategy parameter, repeatable, e.g. --param fast=10 --param slow=30', collect, [])
    .option('--cash <amount>', 'starting cash (default 100000)', parseNumberOption('--cash'))
    .option('--commission-pct <percent>', 'commission as a percent of each fill value: 0.1 charges 0.1%', parseNumberOption('--commission-pct'))
    .addOption(new Option('--fill <mode>', 'market orders fill at the next bar open or this bar close').choices(['next-open', 'close']))
    .addOption(new Option('--account <type>', 'cash (no shorting) or margin (needed by pairs)').choices(['cash', 'margin']))
    .option('--bar <spec>', 'bar size of the files, e.g. 1d or 1m', '1d')
    .option('--json', 'print JSON instead of a report');
}

export function register(program: Command, output: CliOutput): void {
  const command = program.command('backtest').description('backtest a strategy over OHLCV bar files or quote/trade tick CSV files');
  addRunOptions(command)
    .option('--save', 'store the run in the data directory (the Backtest Lab lists it); refused while a Host holds the directory')
    .option(HOME_OPTION_FLAGS, HOME_OPTION_HELP)
    .action(async (options: Record<string, unknown>, self: Command) => {
      await asUsage(self, 'nws.backtest.invalidArgument', async () => {
        if (options.save === true) {
          const { runAndSaveBacktest } = await import('../../handlers/backtest-save.js');
          output.out(await runAndSaveBacktest(options as unknown as Parameters<typeof runAndSaveBacktest>[0]));
          return;
        }
        const { runBacktestCommand } = await import('@nws/backtest');
        output.out(await runBacktestCommand(options as unknown as Parameters<typeof runBacktestCommand>[0]));
      });
    });
}
