// `nws risk report --format json|csv|html|pdf|xlsx [--out FILE]`: the paper account's risk report.
// With a Host running it asks the Host (`risk.report`, the live book); without one it takes the
// data directory and rebuilds the book from the stored journal (positions at the last daily close).
// The file goes to --out (`-` prints a text format), else to its own name in the current directory.
import { Option, type Command } from 'commander';
import type { CliOutput } from '../index.js';
import { HOME_OPTION_FLAGS, HOME_OPTION_HELP } from '../options.js';
import { DataDirFiles, resolveDataDir } from '../../data-dir.js';

const FORMATS = ['json', 'csv', 'html', 'pdf', 'xlsx'] as const;
type ReportFormat = (typeof FORMATS)[number];

interface ReportOptions {
  home?: string;
  format: string;
  out?: string;
}

export interface RiskReportFile {
  via: 'host' | 'stored-state';
  format: ReportFormat;
  fileName: string;
  mime: string;
  bytes: Uint8Array;
}

export function register(program: Command, output: CliOutput): void {
  const risk = program.command('risk').description('risk reports of the paper account');
  const report = risk
    .command('report')
    .description('write the risk report (limits, breaches, VaR, exposures, stress) as json, csv, html, pdf or xlsx')
    .option(HOME_OPTION_FLAGS, HOME_OPTION_HELP)
    .addOption(new Option('--format <format>', 'report format').choices(FORMATS).makeOptionMandatory())
    .option('--out <file>', 'where to write it (- for stdout); default: the report\'s own file name in the current directory')
    .action(async (options: ReportOptions) => {
      // Usage errors go through commander (printed, exit 2), like its own option checks.
      if (options.out === '-' && (options.format === 'pdf' || options.format === 'xlsx')) {
        report.error(`error: --out - prints text; ${options.format} is binary: give a file name`, { exitCode: 2, code: 'nws.usage' });
      }
      const file = await fetchRiskReport(resolveDataDir({ home: options.home }), options.format as ReportFormat);
      if (options.out === '-') {
        output.out(new TextDecoder().decode(file.bytes));
        return;
      }
      const [{ writeFileSync }, { resolve }] = await Promise.all([import('node:fs'), import('node:path')]);
      const path = resolve(options.out ?? file.fileName);
      writeFileSync(path, file.bytes);
      output.out(`risk report (${file.format}, ${file.bytes.length} bytes, from the ${file.via === 'host' ? 'running Host' : 'stored state: no Host running'}) written to ${path}\n`);
    });
}

export async function fetchRiskReport(dataDir: string, format: ReportFormat): Promise<RiskReportFile> {
  const { runningHost, connectToRunningHost } = await import('../../host-access.js');
  const host = runningHost(dataDir);
  if (host !== null) {
    const client = await connectToRunningHost(host);
    try {
      const result = await client.call('risk.report', { format }, { timeoutMs: 60_000 });
      return { via: 'host', format: result.format, fileName: result.fileName, mime: result.mime, bytes: new Uint8Array(Buffer.from(result.contentBase64, 'base64')) };
    } finally {
      client.close();
    }
  }
  return fromStoredState(dataDir, format);
}

async function fromStoredState(dataDir: string, format: ReportFormat): Promise<RiskReportFile> {
  const [{ existsSync }, { join }, { withDataDirLock }, { StateStore, TimeSeriesStore }, { renderRiskReport }, { buildStoredRiskReport }, { ErrorCode, NwsError }] = await Promise.all([
    import('node:fs'),
    import('node:path'),
    import('../../host-access.js'),
    import('@nws/storage'),
    import('@nws/risk'),
    import('../../handlers/risk-stored-report.js'),
    import('@nws/core'),
  ]);
  if (!existsSync(join(dataDir, DataDirFiles.state))) {
    throw new NwsError(ErrorCode.NotFound, `no paper account in ${dataDir}: start the workstation once (\`nws serve\`) or pass --home`);
  }
  return withDataDirLock(dataDir, 'nws risk report', async () => {
    const state = StateStore.open(join(dataDir, DataDirFiles.state));
    const timeSeries = await TimeSeriesStore.open(join(dataDir, DataDirFiles.timeSeries));
    try {
      const rendered = await renderRiskReport(await buildStoredRiskReport({ state, timeSeries }, Date.now()), format);
      return { via: 'stored-state', ...rendered };
    } finally {
      await timeSeries.close();
      state.close();
    }
  });
}
