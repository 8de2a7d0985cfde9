// `nws backtest --data FILE[,FILE...] --strategy NAME [--param k=v]... [--cash N]
// [--commission-pct P] [--fill next-open|close] [--json]`: one backtest over CSV files, or with
// `--symbol S[,S...] [--bar B | --ticks quotes,trades] [--from T] [--to T]` over the data
// directory's stored bars or ticks (../stored-series.ts). The logic lives in @nws/backtest
// (runBacktestCommand); this file parses flags and maps mistakes to a usage error (exit 2). The
// engine is imported when the command runs, not at CLI start-up.
import { Command, InvalidArgumentError, Option } from 'commander';
import type { LoadedSeries } from '@nws/backtest';
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
    .option('--data <files>', 'OHLCV or tick CSV file(s), comma-separated, one instrument each (Yahoo or backtrader layout)')
    .option('--symbol <symbols>', 'instead of --data: stored instrument(s), comma-separated: SYMBOL (when one venue has it) or SYMBOL.VENUE')
    .option('--ticks <kinds>', 'with --symbol: stored ticks instead of bars (quotes, trades or quotes,trades)')
    .option('--from <time>', 'with --symbol: first bar time (YYYY-MM-DD, ISO 8601 or epoch ms)')
    .option('--to <time>', 'with --symbol: last bar time, inclusive')
    .requiredOption('--strategy <name>', 'strategy name: sma-cross, rsi-reversion, bollinger-breakout, donchian-trend, buy-and-hold, pairs')
    .option('--param <key=value>', 'strategy parameter, repeatable, e.g. --param fast=10 --param slow=30', collect, [])
    .option('--cash <amount>', 'starting cash (default 100000)', parseNumberOption('--cash'))
    .option('--commission-pct <percent>', 'commission as a percent of each fill value: 0.1 charges 0.1%', parseNumberOption('--commission-pct'))
    .addOption(new Option('--fill <mode>', 'market orders fill at the next bar open or this bar close').choices(['next-open', 'close']))
    .addOption(new Option('--account <type>', 'cash (no shorting) or margin (needed by pairs)').choices(['cash', 'margin']))
    .option('--bar <spec>', 'bar size of the files (or of the stored bars to read; a coarser one is resampled), e.g. 1d or 1m', '1d')
    .option('--json', 'print JSON instead of a report');
}

/**
 * The stored series `--symbol` names, or undefined for `--data` files; a usage error for both,
 * neither, or `--ticks`/`--from`/`--to` without `--symbol`.
 */
export async function storedSeriesOf(options: Record<string, unknown>, owner: string): Promise<LoadedSeries | undefined> {
  const symbol = options.symbol as string | undefined;
  if ((options.data === undefined) === (symbol === undefined)) throw new InvalidArgumentError('give --data FILE[,FILE...] (CSV files) or --symbol S[,S...] (stored bars or ticks), not both or neither.');
  if (symbol === undefined) {
    const stray = (['ticks', 'from', 'to'] as const).find((name) => options[name] !== undefined);
    if (stray !== undefined) throw new InvalidArgumentError(`--${stray} goes with --symbol (stored data); files are read whole.`);
    return undefined;
  }
  const { loadStoredSeries } = await import('../stored-series.js');
  return loadStoredSeries(options as unknown as Parameters<typeof loadStoredSeries>[0], owner);
}

export function register(program: Command, output: CliOutput): void {
  const command = program.command('backtest').description('backtest a strategy over OHLCV bar or quote/trade tick CSV files, or over stored bars or ticks');
  addRunOptions(command)
    .option('--save', 'store the run in the data directory (the Backtest Lab lists it); refused while a Host holds the directory')
    .option(HOME_OPTION_FLAGS, HOME_OPTION_HELP)
    .action(async (options: Record<string, unknown>, self: Command) => {
      await asUsage(self, 'nws.backtest.invalidArgument', async () => {
        const { runBacktestCommand, tuneV8ForBacktests } = await import('@nws/backtest');
        tuneV8ForBacktests();
        if (options.save === true) {
          const { runAndSaveBacktest } = await import('../../handlers/backtest-save.js');
          output.out(await runAndSaveBacktest(options as unknown as Parameters<typeof runAndSaveBacktest>[0], () => storedSeriesOf(options, 'nws backtest')));
          return;
        }
        const loaded = await storedSeriesOf(options, 'nws backtest');
        output.out(await runBacktestCommand(options as unknown as Parameters<typeof runBacktestCommand>[0], loaded));
      });
    });
}
