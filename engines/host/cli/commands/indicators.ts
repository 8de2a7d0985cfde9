// `nws indicators --input FILE --indicator NAME [--param key=value]... [--format json|csv]`:
// computes one indicator over an OHLCV CSV file. The logic lives in @nws/features
// (runIndicatorsCommand); this file reads the file and maps mistakes to a usage error (exit 2).
import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { ErrorCode, NwsError } from '@nws/core';
import { runIndicatorsCommand, type IndicatorsFormat } from '@nws/features';
import type { CliOutput } from '../index.js';

interface IndicatorsOptions {
  input: string;
  indicator: string;
  param: string[];
  format: IndicatorsFormat;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function readInput(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') throw new NwsError(ErrorCode.InvalidArgument, `--input ${path}: no such file`);
    throw new NwsError(ErrorCode.Internal, `--input ${path}: ${(error as Error).message}`);
  }
}

export function register(program: Command, output: CliOutput): void {
  program
    .command('indicators')
    .description('compute a technical indicator over an OHLCV CSV file (JSON or CSV to stdout)')
    .requiredOption('--input <file>', 'CSV with a date column and open, high, low, close, volume columns (any header case)')
    .requiredOption('--indicator <name>', 'indicator name, e.g. sma, macd, bbands (TA-Lib names, any case)')
    .option('--param <key=value>', 'indicator parameter, repeatable, e.g. --param timeperiod=20 --param matype=EMA', collect, [])
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'csv']).default('json'))
    .action(async (options: IndicatorsOptions, command: Command) => {
      try {
        const csvText = await readInput(options.input);
        output.out(runIndicatorsCommand({ csvText, indicator: options.indicator, params: options.param, format: options.format }));
      } catch (error) {
        // Wrong name, parameter, value or input file: a usage error, exit code 2.
        if (NwsError.is(error, ErrorCode.InvalidArgument)) command.error(error.message, { exitCode: 2, code: 'nws.indicators.invalidArgument' });
        throw error;
      }
    });
}
