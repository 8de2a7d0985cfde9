// `nws replay --symbol S[,S…] --bar B|--ticks quotes,trades [--from T] [--to T] [--speed 10|max]
// [--wait]`: replays stored bars (or quote and trade ticks) on a running Host's bus; its paper
// account fills those instruments on the replayed bars (or quotes and trades) meanwhile. `--status`, `--pause`, `--resume`, `--stop` control the latest replay. Paper trading
// lives in the Host, so these need one running on the data directory.
import { InvalidArgumentError, type Command } from 'commander';
import type { ProtocolClient } from '@nws/core';
import type { CliOutput } from '../index.js';
import { HOME_OPTION_FLAGS, HOME_OPTION_HELP } from '../options.js';
import { resolveDataDir } from '../../data-dir.js';
import { withPaperHost } from './orders.js';

interface ReplayOptions {
  home?: string;
  symbol?: string;
  bar?: string;
  ticks?: string;
  from?: string;
  to?: string;
  speed: string;
  wait?: boolean;
  status?: boolean;
  pause?: boolean;
  resume?: boolean;
  stop?: boolean;
  json?: boolean;
}

interface ReplayView {
  replayId: string;
  state: string;
  instrumentIds: string[];
  barType: string;
  ticks?: Array<'quotes' | 'trades'> | undefined;
  speed: number | 'max';
  published: number;
  total: number;
  currentTs: number;
  error?: string | undefined;
}

export function register(program: Command, output: CliOutput): void {
  program
    .command('replay')
    .description('replay stored bars or ticks on the running Host at 1-1000x (or max); its paper account fills on them meanwhile')
    .option(HOME_OPTION_FLAGS, HOME_OPTION_HELP)
    .option('--symbol <symbols>', 'instrument(s): SYMBOL (on the paper venue SIM) or SYMBOL.VENUE, comma-separated')
    .option('--bar <spec>', 'bar spec of the stored series, e.g. 1m')
    .option('--ticks <kinds>', 'replay stored ticks instead of bars: quotes, trades or quotes,trades')
    .option('--from <time>', 'first bar (or tick) time: YYYY-MM-DD, ISO 8601 or epoch ms (default the first stored)')
    .option('--to <time>', 'last bar (or tick) time, inclusive (default the last stored)')
    .option('--speed <times>', "1 to 1000 times the data's own time, or max", '1')
    .option('--wait', 'print progress until the replay ends')
    .option('--status', 'show every replay of the running Host instead')
    .option('--pause', 'pause the latest replay')
    .option('--resume', 'resume the latest replay')
    .option('--stop', 'stop the latest replay')
    .option('--json', 'print machine-readable JSON instead of text')
    .action(async (options: ReplayOptions) => {
      const control = controlAction(options);
      await withPaperHost(resolveDataDir({ home: options.home }), async (client) => {
        if (control === 'status') {
          const { replays } = await client.call('replay.status', {});
          output.out(options.json ? `${JSON.stringify(replays, null, 2)}\n` : replays.length === 0 ? 'no replay in this Host session\n' : `${replays.map(describeReplay).join('\n')}\n`);
          return;
        }
        if (control !== undefined) {
          const status = await client.call(`replay.${control}`, {});
          output.out(options.json ? `${JSON.stringify(status, null, 2)}\n` : `${describeReplay(status)}\n`);
          return;
        }
        const request = await replayRequestFrom(options);
        const started = await client.call('replay.start', request);
        if (!options.wait) {
          output.out(options.json ? `${JSON.stringify(started, null, 2)}\n` : `${describeReplay(started)}\n`);
        } else {
          const final = await followReplay(client, started.replayId, (status) => output.err(`${describeReplay(status)}\n`));
          output.out(options.json ? `${JSON.stringify(final, null, 2)}\n` : `${describeReplay(final)}\n`);
        }
      });
    });
}

function controlAction(options: ReplayOptions): 'status' | 'pause' | 'resume' | 'stop' | undefined {
  const chosen = (['status', 'pause', 'resume', 'stop'] as const).filter((name) => options[name]);
  if (chosen.length > 1) throw new InvalidArgumentError(`--${chosen.join(' and --')} cannot be combined.`);
  return chosen[0];
}

/** `--symbol`, `--bar` or `--ticks`, `--from`, `--to`, `--speed` as a `replay.start` request. */
export async function replayRequestFrom(options: Pick<ReplayOptions, 'symbol' | 'bar' | 'ticks' | 'from' | 'to' | 'speed'>): Promise<{ instrumentIds: string[]; barType?: string; ticks?: TickKind[]; from?: number; to?: number; speed: number | 'max' }> {
  if (options.symbol === undefined) throw new InvalidArgumentError('a replay needs --symbol and --bar or --ticks (e.g. --symbol AAPL --bar 1m).');
  return { instrumentIds: instrumentIdsFrom(options.symbol), ...replayDataFrom(options), ...(await rangeMs(options.from, options.to)), speed: parseSpeed(options.speed) };
}

export type TickKind = 'quotes' | 'trades';

/** `--bar B` → `{barType}`, `--ticks quotes,trades` → `{ticks}`: exactly one of them. */
export function replayDataFrom(options: { bar?: string; ticks?: string }): { barType: string } | { ticks: TickKind[] } {
  if ((options.bar === undefined) === (options.ticks === undefined)) throw new InvalidArgumentError('give --bar (stored bars, e.g. --bar 1m) or --ticks (stored ticks: quotes, trades or quotes,trades), not both or neither.');
  if (options.ticks === undefined) return { barType: options.bar! };
  return { ticks: parseTickKinds(options.ticks) };
}

/** `quotes`, `trades` or `quotes,trades` (any case, each once) as tick kinds; a usage error otherwise. */
export function parseTickKinds(text: string): TickKind[] {
  const kinds = text.split(',').map((kind) => kind.trim().toLowerCase());
  const unknown = kinds.filter((kind) => kind !== 'quotes' && kind !== 'trades');
  if (unknown.length > 0) throw new InvalidArgumentError(`--ticks takes quotes, trades or quotes,trades; got ${JSON.stringify(text)}.`);
  return [...new Set(kinds as TickKind[])];
}

/** `AAPL,MSFT.SIM` → `['AAPL.SIM', 'MSFT.SIM']`: a bare symbol is on the paper venue. */
export function instrumentIdsFrom(symbols: string): string[] {
  return symbols
    .split(',')
    .map((symbol) => symbol.trim())
    .filter((symbol) => symbol.length > 0)
    .map((symbol) => (symbol.includes('.') ? symbol : `${symbol}.SIM`));
}

/** `max`, or a number the Host checks against 1–1000. */
export function parseSpeed(text: string): number | 'max' {
  return text.trim().toLowerCase() === 'max' ? 'max' : Number(text);
}

/** `--from`/`--to` as epoch ms; a date-only `--to` includes that whole day. */
export async function rangeMs(from: string | undefined, to: string | undefined): Promise<{ from?: number; to?: number }> {
  const { rangeFromArguments } = await import('@nws/marketdata');
  const range = rangeFromArguments(from, to);
  return {
    ...(range.fromUs === undefined ? {} : { from: Number(range.fromUs / 1000n) }),
    ...(range.toUs === undefined ? {} : { to: Number((range.toUs + 999n) / 1000n) }),
  };
}

async function followReplay(client: ProtocolClient, replayId: string, onProgress: (status: ReplayView) => void): Promise<ReplayView> {
  for (;;) {
    const status = (await client.call('replay.status', {})).replays.find((replay) => replay.replayId === replayId);
    if (status === undefined) throw new Error(`replay ${replayId} is no longer known to the Host`);
    if (status.state !== 'running' && status.state !== 'paused' && status.state !== 'queued') return status;
    onProgress(status);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

function describeReplay(status: ReplayView): string {
  const speed = status.speed === 'max' ? 'max speed' : `${status.speed}x`;
  const at = new Date(status.currentTs).toISOString();
  const data = status.ticks === undefined ? status.barType : status.ticks.join(' and ');
  return `${status.replayId}: ${status.state}, ${status.instrumentIds.join(', ')} ${data} at ${speed}, ${status.published}/${status.total} ${status.ticks === undefined ? 'bars' : 'ticks'}, at ${at}${status.error === undefined ? '' : ` (${status.error})`}`;
}
