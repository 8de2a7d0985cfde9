// Test helper: runs the real `nws serve` as a child process and waits for its URL line.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const NWS_BIN = join(REPO_ROOT, 'engines/host/bin/nws.mjs');
const DESKTOP_DIR = join(REPO_ROOT, 'apps/desktop');
export const URL_LINE = /^http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{64})$/;

/** Debian's Chromium (`apt-get install chromium`), never a downloaded browser build. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless Chromium with the flags this machine needs: root (no sandbox) and no background network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page that records what went wrong in it (console errors, CSP violations, exceptions) in `problems`. */
export async function watchedPage(browser: Browser, viewport = { width: 1440, height: 900 }): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  page.setDefaultTimeout(10_000); // a step that hangs fails with its own message
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return { page, problems };
}

/** The built renderer, `nws serve` on a fresh data directory and Chromium: what every UI test starts from. */
export interface BrowserSession {
  readonly home: string;
  readonly serve: ServeProcess;
  readonly browser: Browser;
  /** Closes the browser, stops serve (SIGTERM) and removes the data directory; resolves with serve's exit code. */
  close(): Promise<number | null>;
}

export async function startBrowserSession(homePrefix: string): Promise<BrowserSession> {
  ensureRendererBuilt();
  const home = mkdtempSync(join(tmpdir(), homePrefix));
  const serve = await startServe(home);
  const browser = await launchChromium();
  return {
    home,
    serve,
    browser,
    async close() {
      await browser.close();
      const exitCode = await serve.stop();
      rmSync(home, { recursive: true, force: true });
      return exitCode;
    },
  };
}

export interface ServeProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Builds the renderer once if a fresh checkout has no dist yet (`npm test` builds it first anyway). */
export function ensureRendererBuilt(): void {
  if (existsSync(join(DESKTOP_DIR, 'renderer/dist/index.html'))) return;
  const build = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts'], {
    cwd: DESKTOP_DIR,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`renderer build failed:\n${build.stdout}\n${build.stderr}`);
}

export function startServe(home: string, timeoutMs = 30_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [NWS_BIN, 'serve', '--port', '0', '--home', home], { cwd: REPO_ROOT });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise<ServeProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`nws serve printed no URL within ${timeoutMs} ms; stderr:\n${stderr}`));
    }, timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`nws serve exited with ${code} before printing a URL; stderr:\n${stderr}`));
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n').find((candidate) => URL_LINE.test(candidate));
      if (line === undefined) return;
      clearTimeout(timer);
      const [, port, token] = URL_LINE.exec(line)!;
      resolve({
        child,
        url: line,
        port: Number(port),
        token: token!,
        stderr: () => stderr,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}
