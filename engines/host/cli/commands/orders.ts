// `nws orders`: the paper account's open and recent orders, from the running Host; `--cancel ID`
// cancels one. Paper orders live in the Host (it rebuilds them from the journal on start), so
// these commands need one running on the data directory.
import type { Command } from 'commander';
import type { ProtocolClient } from '@nws/core';
import type { CliOutput } from '../index.js';
import { HOME_OPTION_FLAGS, HOME_OPTION_HELP } from '../options.js';
import { resolveDataDir } from '../../data-dir.js';

interface OrdersOptions {
  home?: string;
  json?: boolean;
  cancel?: string;
  recent?: string;
}

interface OrderRow {
  clientOrderId: string;
  instrumentId: string;
  side: string;
  type: string;
  quantity: number;
  filledQty: number;
  status: string;
  price?: unknown;
  avgFillPrice?: number | undefined;
}

export function register(program: Command, output: CliOutput): void {
  program
    .command('orders')
    .description('list the paper account\'s open and recent orders (needs a running Host), or cancel one')
    .option(HOME_OPTION_FLAGS, HOME_OPTION_HELP)
    .option('--cancel <clientOrderId>', 'cancel this working order')
    .option('--recent <count>', 'how many finished orders to show', '20')
    .option('--json', 'print machine-readable JSON instead of a table')
    .action(async (options: OrdersOptions) => {
      const { InvalidArgumentError } = await import('commander');
      const recent = Number(options.recent);
      if (!Number.isInteger(recent) || recent < 0 || recent > 1_000) throw new InvalidArgumentError(`--recent must be a whole number from 0 to 1000, got '${options.recent}'.`);
      await withPaperHost(resolveDataDir({ home: options.home }), async (client) => {
        if (options.cancel !== undefined) {
          const order = await client.call('orders.cancel', { clientOrderId: options.cancel });
          output.out(options.json ? `${JSON.stringify(order, null, 2)}\n` : `${order.clientOrderId}: ${order.status}\n`);
          return;
        }
        const orders = await client.call('orders.list', { recent });
        output.out(options.json ? `${JSON.stringify(orders, null, 2)}\n` : `OPEN\n${orderTable(orders.open)}RECENT\n${orderTable(orders.recent)}`);
      });
    });
}

/** Runs `body` with a protocol client to the Host on `dataDir`; UNAVAILABLE when none runs. */
export async function withPaperHost<T>(dataDir: string, body: (client: ProtocolClient) => Promise<T>): Promise<T> {
  const [{ connectToRunningHost, runningHost }, { ErrorCode, NwsError }] = await Promise.all([import('../../host-access.js'), import('@nws/core')]);
  const host = runningHost(dataDir);
  if (host === null) throw new NwsError(ErrorCode.Unavailable, `no Host is running on ${dataDir}: paper trading lives in the Host; start it with \`nws serve\``);
  const client = await connectToRunningHost(host);
  try {
    return await body(client);
  } finally {
    client.close();
  }
}

export function orderTable(orders: readonly OrderRow[]): string {
  if (orders.length === 0) return '  (none)\n';
  const rows = orders.map((order) => [
    order.clientOrderId,
    order.instrumentId,
    order.side,
    order.type,
    `${order.filledQty}/${order.quantity}`,
    typeof order.price === 'number' ? String(order.price) : '',
    order.avgFillPrice === undefined ? '' : order.avgFillPrice.toFixed(4),
    order.status,
  ]);
  const header = ['ID', 'INSTRUMENT', 'SIDE', 'TYPE', 'FILLED', 'PRICE', 'AVG FILL', 'STATUS'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `  ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()}`;
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
