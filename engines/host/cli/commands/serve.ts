// `nws serve`: start the Host in browser mode and print the URL to open.
import type { Command } from 'commander';
import type { CliOutput } from '../index.js';
import { HOME_OPTION_FLAGS, HOME_OPTION_HELP, parseListenHost, parsePort } from '../options.js';
import { resolveDataDir } from '../../data-dir.js';
import { RENDERER_DIST_DIR, isRendererBuilt } from '../../renderer-location.js';
import { traceStartup } from '../../startup-trace.js';

interface ServeOptions {
  port: number;
  host: string;
  home?: string;
}

export function register(program: Command, output: CliOutput): void {
  program
    .command('serve')
    .description('start the Host in browser mode and print the URL (with its access token) to open')
    .option('--port <number>', 'port to listen on; 0 picks a free one', parsePort, 0)
    .option('--host <address>', 'loopback interface to listen on', parseListenHost, '127.0.0.1')
    .option(HOME_OPTION_FLAGS, HOME_OPTION_HELP)
    .addHelpText('after', '\nThe URL is printed alone on one line of stdout. Ctrl+C (SIGINT) or SIGTERM stops the Host cleanly.')
    .action((options: ServeOptions) => serve(options, output));
}

export async function serve(options: ServeOptions, output: CliOutput): Promise<void> {
  const home = resolveDataDir({ home: options.home });
  if (!isRendererBuilt()) {
    output.err(`nws serve: the renderer is not built (${RENDERER_DIST_DIR}); run \`npm run build\`. Serving the protocol only.\n`);
  }
  // Listen for the stop signal before anything starts: one sent the instant the URL appears (or
  // during start-up) must still stop the Host cleanly, not kill it with the files open.
  const stopSignal = untilStopSignal();
  traceStartup('serve command');
  const { Workstation } = await import('../../workstation.js');
  traceStartup('workstation module loaded');
  const workstation = await Workstation.start({
    home,
    server: { host: options.host, port: options.port },
    renderer: { dir: RENDERER_DIST_DIR },
  });
  output.out(`${workstation.url}\n`);
  traceStartup('URL printed');
  output.err(`nws serve: data directory ${home}; Ctrl+C stops the Host\n`);
  await stopSignal;
  output.err('nws serve: stopping\n');
  await workstation.stop();
}

/** Resolves on the first SIGINT or SIGTERM; a second one while stopping exits at once. */
function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
