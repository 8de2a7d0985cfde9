// `nws strategies`: strategy runs on a running Host's paper account. `nws strategies [list]` lists
// the runs; `catalogue` the strategies and their parameters; `start NAME --symbol S[,S…] --bar B
// [--param k=v]… [--replay [--from T] [--to T] [--speed N|max]]` starts one on the live bars or on
// a replay of stored bars (`--replay --ticks quotes,trades`: of stored ticks); `stop ID` stops one.
import { InvalidArgumentError, type Command } from 'commander';
import type { CliOutput } from '../index.js';
import { HOME_OPTION_FLAGS, HOME_OPTION_HELP } from '../options.js';
import { resolveDataDir } from '../../data-dir.js';
import { withPaperHost } from './orders.js';
import { instrumentIdsFrom, parseSpeed, rangeMs, replayDataFrom } from './replay.js';

interface CommonOptions {
  home?: string;
  json?: boolean;
}

interface StartOptions extends CommonOptions {
  symbol: string;
  bar?: string;
  ticks?: string;
  param: string[];
  replay?: boolean;
  from?: string;
  to?: string;
  speed: string;
}

interface RunRow {
  strategyRunId: string;
  strategy: string;
  instrumentIds: string[];
  barType: string;
  ticks?: string[] | undefined;
  source: string;
  status: string;
  bars: number;
  ticksSeen?: number | undefined;
  orders: number;
  fills: number;
  totalPnl: number;
  error?: string | undefined;
  resumedAt?: number | undefined;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function register(program: Command, output: CliOutput): void {
  const print = (options: CommonOptions, value: unknown, text: string) => output.out(options.json ? `${JSON.stringify(value, null, 2)}\n` : text);
  const strategies = program.command('strategies').description('strategy runs on the running Host\'s paper account: list (default), catalogue, start, stop');
  strategies
    .command('list', { isDefault: true })
    .description('every strategy run of the running Host session, newest first')
    .option(HOME_OPTION_FLAGS, HOME_OPTION_HELP)
    .option('--json', 'print machine-readable JSON instead of a table')
    .action(async (options: CommonOptions) => {
      await withPaperHost(resolveDataDir({ home: options.home }), async (client) => {
        const { runs } = await client.call('strategies.list', {});
        print(options, runs, runTable(runs));
      });
    });
  strategies
    .command('catalogue')
    .description('the strategies that can run and their parameters')
    .option(HOME_OPTION_FLAGS, HOME_OPTION_HELP)
    .option('--json', 'print machine-readable JSON')
    .action(async (options: CommonOptions) => {
      await withPaperHost(resolveDataDir({ home: options.home }), async (client) => {
        const { strategies: catalogue } = await client.call('strategies.catalogue', {});
        const text = catalogue
          .map((entry) => `${entry.name}: ${entry.description}\n${entry.params.map((param) => `  --param ${param.name}=${String(param.default)}  (${param.type}${param.min === undefined ? '' : ` ${param.min}..${param.max}`}) ${param.description}`).join('\n')}`)
          .join('\n');
        print(options, catalogue, `${text}\n`);
      });
    });
  strategies
    .command('start <strategy>')
    .description('start a strategy on the live bars, or with --replay on a replay of stored bars (or --ticks)')
    .option(HOME_OPTION_FLAGS, HOME_OPTION_HELP)
    .requiredOption('--symbol <symbols>', 'instrument(s): SYMBOL (on the paper venue SIM) or SYMBOL.VENUE, comma-separated')
    .option('--bar <spec>', 'bar spec, e.g. 1m (live runs: the Host\'s live bar step)')
    .option('--ticks <kinds>', 'replay: trade stored ticks instead of bars (quotes, trades or quotes,trades)')
    .option('--param <key=value>', 'strategy parameter, repeatable, e.g. --param fast=10', collect, [])
    .option('--replay', 'trade a replay of stored bars (or ticks) instead of the live bars')
    .option('--from <time>', 'replay: first bar (or tick) time (YYYY-MM-DD, ISO 8601 or epoch ms)')
    .option('--to <time>', 'replay: last bar (or tick) time, inclusive')
    .option('--speed <times>', "replay: 1 to 1000 times the data's own time, or max", '1')
    .option('--json', 'print machine-readable JSON')
    .action(async (name: string, options: StartOptions) => {
      const { parseParamAssignments } = await import('@nws/strategy');
      const params = parseParamAssignments(options.param);
      if (options.ticks !== undefined && !options.replay) throw new InvalidArgumentError('--ticks trades a replay of stored ticks: add --replay (live runs trade the live bars).');
      const data = replayDataFrom(options);
      const replay = options.replay ? { ...(await rangeMs(options.from, options.to)), speed: parseSpeed(options.speed) } : undefined;
      await withPaperHost(resolveDataDir({ home: options.home }), async (client) => {
        const started = await client.call('strategies.start', {
          strategy: name,
          params,
          instrumentIds: instrumentIdsFrom(options.symbol),
          ...data,
          source: replay === undefined ? 'live' : 'replay',
          ...(replay === undefined ? {} : { replay }),
        });
        print(options, started, `started ${started.strategyRunId}${started.run.replayId === undefined ? '' : ` on replay ${started.run.replayId}`}\n`);
      });
    });
  strategies
    .command('stop <strategyRunId>')
    .description('stop a strategy run (its working orders stay on the account)')
    .option(HOME_OPTION_FLAGS, HOME_OPTION_HELP)
    .option('--json', 'print machine-readable JSON')
    .action(async (strategyRunId: string, options: CommonOptions) => {
      await withPaperHost(resolveDataDir({ home: options.home }), async (client) => {
        const run = await client.call('strategies.stop', { strategyRunId });
        print(options, run, `${run.strategyRunId}: ${run.status}\n`);
      });
    });
}

/** `running (resumed 09:12:03 UTC)` for a run a Host start resumed; `failed: why` with an error. */
function statusText(run: RunRow): string {
  if (run.error !== undefined) return `${run.status}: ${run.error}`;
  if (run.resumedAt === undefined) return run.status;
  return `${run.status} (resumed ${new Date(run.resumedAt).toISOString().slice(11, 19)} UTC)`;
}

function runTable(runs: readonly RunRow[]): string {
  if (runs.length === 0) return 'no strategy runs\n';
  const header = ['RUN', 'STRATEGY', 'INSTRUMENTS', 'DATA', 'SOURCE', 'STATUS', 'BARS/TICKS', 'ORDERS', 'FILLS', 'P&L'];
  const rows = runs.map((run) => [
    run.strategyRunId,
    run.strategy,
    run.instrumentIds.join(','),
    run.ticks === undefined ? run.barType : run.ticks.join('+'),
    run.source,
    statusText(run),
    String(run.ticksSeen ?? run.bars),
    String(run.orders),
    String(run.fills),
    run.totalPnl.toFixed(2),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
