// `nws positions`: the paper account's positions and account summary, from the running Host.
import type { Command } from 'commander';
import type { CliOutput } from '../index.js';
import { HOME_OPTION_FLAGS, HOME_OPTION_HELP } from '../options.js';
import { resolveDataDir } from '../../data-dir.js';
import { withPaperHost } from './orders.js';

interface PositionsOptions {
  home?: string;
  json?: boolean;
}

export function register(program: Command, output: CliOutput): void {
  program
    .command('positions')
    .description('list the paper account\'s positions with cash and equity (needs a running Host)')
    .option(HOME_OPTION_FLAGS, HOME_OPTION_HELP)
    .option('--json', 'print machine-readable JSON instead of a table')
    .action(async (options: PositionsOptions) => {
      await withPaperHost(resolveDataDir({ home: options.home }), async (client) => {
        const [{ positions }, account] = await Promise.all([client.call('positions.list', {}), client.call('account.get', {})]);
        if (options.json) {
          output.out(`${JSON.stringify({ positions, account }, null, 2)}\n`);
          return;
        }
        const rows = positions.map((position) => [position.instrumentId, String(position.netQty), position.avgOpenPrice.toFixed(4), position.realizedPnl.toFixed(2)]);
        const header = ['INSTRUMENT', 'NET QTY', 'AVG PRICE', 'REALISED'];
        const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
        const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
        const table = rows.length === 0 ? 'no positions\n' : `${[line(header), ...rows.map(line)].join('\n')}\n`;
        output.out(`${table}cash ${account.cash.toFixed(2)}  equity ${account.equity.toFixed(2)}  trading ${account.tradingState}\n`);
      });
    });
}
