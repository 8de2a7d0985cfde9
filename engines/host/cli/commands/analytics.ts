// `nws analytics --returns FILE [--benchmark FILE] [--periods-per-year 252] [--risk-free R] [--json]`:
// performance metrics of a returns series. The logic lives in @nws/analytics (runAnalyticsCommand);
// this file reads the files and maps mistakes to a usage error (exit 2).
import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { ErrorCode, NwsError } from '@nws/core';
import { formatAnalyticsText, runAnalyticsCommand, toJson } from '@nws/analytics';
import type { CliOutput } from '../index.js';

interface AnalyticsOptions {
  returns: string;
  benchmark?: string;
  periodsPerYear: number;
  riskFree: number;
  json?: boolean;
}

function parseNumber(what: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed)) throw new InvalidArgumentError(`expected a number for ${what}.`);
    return parsed;
  };
}

async function readInput(option: string, path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') throw new NwsError(ErrorCode.InvalidArgument, `${option} ${path}: no such file`);
    throw new NwsError(ErrorCode.InvalidArgument, `${option} ${path}: ${(error as Error).message}`);
  }
}

export function register(program: Command, output: CliOutput): void {
  program
    .command('analytics')
    .description('performance metrics of a returns series (Sharpe, Sortino, drawdowns, alpha/beta, VaR...)')
    .requiredOption('--returns <file>', 'CSV with a date column and one return column (fractions: 0.01 = +1%)')
    .option('--benchmark <file>', 'benchmark returns CSV, same format, matched by date')
    .option('--periods-per-year <n>', 'annualisation factor (252 daily, 52 weekly, 12 monthly)', parseNumber('--periods-per-year'), 252)
    .option('--risk-free <rate>', 'annual risk-free rate, e.g. 0.02 for 2%', parseNumber('--risk-free'), 0)
    .option('--json', 'print every metric as JSON')
    .action(async (options: AnalyticsOptions, command: Command) => {
      try {
        const returnsCsv = await readInput('--returns', options.returns);
        const benchmarkCsv = options.benchmark === undefined ? undefined : await readInput('--benchmark', options.benchmark);
        const result = runAnalyticsCommand({
          returnsCsv,
          ...(benchmarkCsv === undefined ? {} : { benchmarkCsv }),
          periodsPerYear: options.periodsPerYear,
          riskFreeAnnual: options.riskFree,
        });
        output.out(options.json === true ? `${toJson(result)}\n` : formatAnalyticsText(result));
      } catch (error) {
        // A missing or malformed file, or a bad option value: a usage error, exit code 2.
        if (NwsError.is(error, ErrorCode.InvalidArgument)) command.error(error.message, { exitCode: 2, code: 'nws.analytics.invalidArgument' });
        throw error;
      }
    });
}
