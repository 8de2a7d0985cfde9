// `npm start`: the desktop app when Electron is installed, else browser mode (`nws serve`).
// Offline installs cannot download Electron's binary, so browser mode is the normal fallback.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, type CliOutput } from './cli/index.js';
import { ExitCode } from './cli/exit-codes.js';
import { isRendererBuilt } from './renderer-location.js';

const DESKTOP_APP_DIR = fileURLToPath(new URL('../../apps/desktop', import.meta.url));
const require = createRequire(import.meta.url);

/**
 * Path of the Electron binary if the electron package is installed and its download completed,
 * else null. Reads the package's path.txt as electron's own index.js does, without loading it.
 */
export function findElectronBinary(): string | null {
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve('electron/package.json', { paths: [DESKTOP_APP_DIR] }));
  } catch {
    return null;
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  try {
    const relative = readFileSync(join(packageDir, 'path.txt'), 'utf8').trim();
    const binary = override ? join(override, relative) : join(packageDir, 'dist', relative);
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** Runs a package's bin script with this Node, from apps/desktop; returns its exit status. */
function runPackageBin(packageName: string, binName: string, args: string[], quiet: boolean): number {
  const manifestPath = require.resolve(`${packageName}/package.json`, { paths: [DESKTOP_APP_DIR] });
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[binName]!;
  const result = spawnSync(process.execPath, [join(dirname(manifestPath), bin), ...args], {
    cwd: DESKTOP_APP_DIR,
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
  });
  if (result.status !== 0 && quiet) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
  return result.status ?? 1;
}

/** Builds apps/desktop/renderer/dist with Vite if it is missing (first start of a fresh checkout). */
export function ensureRendererBuilt(output: CliOutput): boolean {
  if (isRendererBuilt()) return true;
  output.err('nws: building the renderer (first start only)...\n');
  return runPackageBin('vite', 'vite', ['build', '--config', 'renderer/vite.config.ts'], true) === 0 && isRendererBuilt();
}

export async function launch(args: readonly string[], output: CliOutput): Promise<number> {
  const electron = findElectronBinary();
  if (electron !== null) return launchDesktopApp(electron, output);
  output.out("Electron isn't installed (an offline install can't download its binary): starting browser mode instead.\n");
  if (!ensureRendererBuilt(output)) {
    output.err('nws: the renderer build failed (see above); run `npm run build` to retry\n');
    return ExitCode.Failed;
  }
  return runCli(['serve', ...args], output);
}

async function launchDesktopApp(electronBinary: string, output: CliOutput): Promise<number> {
  if (!existsSync(join(DESKTOP_APP_DIR, 'out', 'main', 'index.js'))) {
    output.err('nws: building the desktop app (first start only)...\n');
    if (runPackageBin('electron-vite', 'electron-vite', ['build'], true) !== 0) {
      output.err('nws: `electron-vite build` failed; is electron-vite installed? (npm i -D electron-vite -w apps/desktop)\n');
      return ExitCode.Failed;
    }
  }
  const child = spawn(electronBinary, [DESKTOP_APP_DIR], { stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? ExitCode.Failed)));
}
