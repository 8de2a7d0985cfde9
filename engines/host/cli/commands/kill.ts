// `nws kill`: the kill switch from the command line. With a Host running it goes through the
// protocol (the Host cancels every open order, optionally flattens, and halts the risk engine);
// without one it records the switch as engaged in the data directory's state store, so the next
// Host starts halted. `--rearm --by NAME` lets orders through again; `--status` shows the state.
import type { Command } from 'commander';
import type { CliOutput } from '../index.js';
import { HOME_OPTION_FLAGS, HOME_OPTION_HELP } from '../options.js';
import { DataDirFiles, resolveDataDir } from '../../data-dir.js';

interface KillOptions {
  home?: string;
  json?: boolean;
  flatten?: boolean;
  reason?: string;
  rearm?: boolean;
  by?: string;
  status?: boolean;
}

/** Protocol methods the Host serves for the kill switch (core's method table). */
export const KillMethods = {
  engage: 'risk.kill',
  rearm: 'risk.rearm',
  status: 'risk.killStatus',
} as const;

export function register(program: Command, output: CliOutput): void {
  program
    .command('kill')
    .description('engage the kill switch: cancel all open orders, optionally flatten all positions, and block new orders until re-armed')
    .option(HOME_OPTION_FLAGS, HOME_OPTION_HELP)
    .option('--flatten', 'also close every position with market orders')
    .option('--reason <text>', 'why, for the audit log', 'manual (nws kill)')
    .option('--rearm', 're-arm instead: let orders through again (needs --by)')
    .option('--by <name>', 'who re-arms, for the audit log')
    .option('--status', 'only show whether the kill switch is engaged')
    .option('--json', 'print machine-readable JSON instead of text')
    .action(async (options: KillOptions) => {
      const { InvalidArgumentError } = await import('commander');
      if (options.rearm && !options.by) throw new InvalidArgumentError('--rearm needs --by <name>: re-arming is recorded with who did it.');
      if (options.rearm && (options.flatten || options.status)) throw new InvalidArgumentError('--rearm cannot be combined with --flatten or --status.');
      const result = await runKill(resolveDataDir({ home: options.home }), options);
      output.out(options.json ? `${JSON.stringify(result, null, 2)}\n` : `${describe(result)}\n`);
    });
}

export interface KillResult {
  via: 'host' | 'state-store';
  action: 'engage' | 'rearm' | 'status';
  engaged: boolean;
  reason?: string;
  canceledOrders?: number;
  flattened?: string[];
}

async function runKill(dataDir: string, options: KillOptions): Promise<KillResult> {
  const action = options.rearm ? 'rearm' : options.status ? 'status' : 'engage';
  const { runningHost } = await import('../../host-access.js');
  const host = runningHost(dataDir);
  if (host !== null) return throughHost(host, action, options);
  return throughStateStore(dataDir, action, options);
}

async function throughHost(host: NonNullable<ReturnType<typeof import('../../host-access.js').runningHost>>, action: KillResult['action'], options: KillOptions): Promise<KillResult> {
  const { connectToRunningHost } = await import('../../host-access.js');
  const client = await connectToRunningHost(host);
  try {
    if (action === 'status') {
      const status = await client.call(KillMethods.status, {}, { timeoutMs: 10_000 });
      return { via: 'host', action, engaged: status.engaged, ...(status.reason ? { reason: status.reason } : {}) };
    }
    if (action === 'rearm') {
      const status = await client.call(KillMethods.rearm, { by: options.by ?? '' }, { timeoutMs: 10_000 });
      return { via: 'host', action, engaged: status.engaged };
    }
    const report = await client.call(
      KillMethods.engage,
      { ...(options.reason === undefined ? {} : { reason: options.reason }), flatten: options.flatten ?? false },
      { timeoutMs: 30_000 },
    );
    return { via: 'host', action, engaged: report.status.engaged, reason: report.status.reason ?? '', canceledOrders: report.canceledOrders, flattened: report.flattened };
  } finally {
    client.close();
  }
}

async function throughStateStore(dataDir: string, action: KillResult['action'], options: KillOptions): Promise<KillResult> {
  const [{ join }, { withDataDirLock }, { StateStore }, risk] = await Promise.all([
    import('node:path'),
    import('../../host-access.js'),
    import('@nws/storage'),
    import('@nws/risk'),
  ]);
  return withDataDirLock(dataDir, 'nws kill', async () => {
    const store = StateStore.open(join(dataDir, DataDirFiles.state));
    try {
      if (action === 'status') {
        const status = risk.readStoredKillSwitch(store);
        return { via: 'state-store', action, engaged: status.engaged, ...(status.reason ? { reason: status.reason } : {}) };
      }
      if (action === 'rearm') return { via: 'state-store', action, engaged: risk.rearmStoredKillSwitch(store, options.by ?? '').engaged };
      const status = risk.engageStoredKillSwitch(store, { reason: options.reason ?? 'manual (nws kill)', flatten: options.flatten ?? false, actor: 'nws kill' });
      return { via: 'state-store', action, engaged: status.engaged, reason: status.reason ?? '', canceledOrders: 0, flattened: [] };
    } finally {
      store.close();
    }
  });
}

function describe(result: KillResult): string {
  if (result.action === 'status') return `kill switch: ${result.engaged ? `ENGAGED (${result.reason ?? 'no reason given'})` : 'armed (orders allowed)'}`;
  if (result.action === 'rearm') return 'kill switch re-armed: new orders are allowed again';
  if (result.via === 'state-store') return `kill switch ENGAGED in the data directory (no Host running): the next Host starts with new orders blocked. Reason: ${result.reason}`;
  const flattened = result.flattened?.length ? `, closing ${result.flattened.length} positions (${result.flattened.join(', ')})` : '';
  return `kill switch ENGAGED: ${result.canceledOrders ?? 0} open orders canceled${flattened}; new orders blocked until \`nws kill --rearm --by NAME\``;
}
