// `nws instruments`: what the data directory holds, per instrument: each stored bar series and
// tick series (quotes, trades) with its row count and time span (and instruments known without data).
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { listStoredInstruments, type StoredInstrument } from '@nws/marketdata';
import { resolveDataDir } from '../../data-dir.js';
import { connectToRunningHost, runningHost } from '../../host-access.js';
import type { CliOutput } from '../index.js';
import { HOME_OPTION_FLAGS, HOME_OPTION_HELP } from '../options.js';
import { withMarketDataStores } from './import.js';

interface InstrumentsOptions {
  json?: boolean;
  home?: string;
}

export function register(program: Command, output: CliOutput): void {
  program
    .command('instruments')
    .description('list stored instruments with their bar and tick series, row counts and time spans')
    .option('--json', 'print machine-readable JSON instead of a table')
    .option(HOME_OPTION_FLAGS, HOME_OPTION_HELP)
    .action(async (options: InstrumentsOptions) => {
      const dataDir = resolveDataDir({ home: options.home });
      let instruments: StoredInstrument[] = [];
      const host = runningHost(dataDir);
      if (host !== null) {
        const client = await connectToRunningHost(host);
        try {
          instruments = (await client.call('marketdata.instruments', {})).instruments as StoredInstrument[];
        } finally {
          client.close();
        }
      } else if (existsSync(dataDir)) {
        instruments = await withMarketDataStores(dataDir, 'nws instruments', listStoredInstruments);
      }
      output.out(options.json ? `${JSON.stringify(instruments, null, 2)}\n` : formatTable(instruments, dataDir));
    });
}

export function formatTable(instruments: readonly StoredInstrument[], dataDir: string): string {
  if (instruments.length === 0) return `nothing stored in ${dataDir}\n`;
  const rows = instruments.flatMap((instrument) => {
    const entries = [
      ...instrument.series.map((entry) => ({ what: entry.barType, rows: entry.rows, firstTs: entry.firstTs, lastTs: entry.lastTs })),
      ...instrument.ticks.map((entry) => ({ what: entry.kind, rows: entry.rows, firstTs: entry.firstTs, lastTs: entry.lastTs })),
    ];
    const listed = entries.length > 0 ? entries : [undefined];
    return listed.map((entry, index) => [
      index === 0 ? instrument.instrumentId : '',
      index === 0 ? (instrument.name ?? '') : '',
      entry?.what ?? '-',
      entry === undefined ? '0' : entry.rows.toLocaleString('en-US'),
      entry === undefined ? '' : `${day(entry.firstTs)} → ${day(entry.lastTs)}`,
    ]);
  });
  const header = ['INSTRUMENT', 'NAME', 'BAR', 'ROWS', 'SPAN'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 3 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  const total = instruments.reduce((sum, instrument) => sum + instrument.totalRows, 0);
  const ticks = instruments.reduce((sum, instrument) => sum + instrument.ticks.reduce((rows, entry) => rows + entry.rows, 0), 0);
  const tickTotal = ticks > 0 ? `, ${ticks.toLocaleString('en-US')} ticks` : '';
  return `${[line(header), ...rows.map(line)].join('\n')}\n${instruments.length} instruments, ${total.toLocaleString('en-US')} bars${tickTotal}\n`;
}

function day(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 16).replace('T', ' ')}Z`;
}
