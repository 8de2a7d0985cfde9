// Runs the real `nws` CLI (engines/host/bin/nws.mjs) as a child process for tests.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const NWS_BIN = fileURLToPath(new URL('../bin/nws.mjs', import.meta.url));
const URL_LINE = /^http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{64})$/m;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runNws(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NWS_BIN, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface RunningServe {
  child: ChildProcessWithoutNullStreams;
  url: string;
  port: number;
  token: string;
  /** Milliseconds from spawn to the URL line. */
  readyMs: number;
  stderr(): string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Spawns `nws serve` with `args` and resolves once it prints its URL line. */
export function startServe(args: string[], timeoutMs = 30_000): Promise<RunningServe> {
  const started = performance.now();
  const child = spawn(process.execPath, [NWS_BIN, 'serve', ...args]);
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no URL line within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`nws serve exited with ${code} before its URL line; stderr: ${stderr}`));
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = URL_LINE.exec(stdout);
      if (match === null) return;
      clearTimeout(timer);
      resolve({
        child,
        url: match[0],
        port: Number(match[1]),
        token: match[2]!,
        readyMs: performance.now() - started,
        stderr: () => stderr,
        stop: (signal = 'SIGTERM') => {
          child.kill(signal);
          return exited;
        },
      });
    });
  });
}
