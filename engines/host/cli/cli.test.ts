// The real CLI as a child process: exit codes, one-line usage errors, serve/status end to end.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNws, startServe, type RunningServe } from '../test-fixtures/cli-process.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'nws-cli-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('nws usage', () => {
  it('prints help for the program and each command, exit 0', async () => {
    const help = await runNws(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: nws/);
    expect(help.stdout).toMatch(/serve \[options\]/);
    expect(help.stdout).toMatch(/status \[options\]/);
    const serveHelp = await runNws(['serve', '--help']);
    expect(serveHelp.code).toBe(0);
    for (const option of ['--port <number>', '--host <address>', '--home <dir>']) expect(serveHelp.stdout).toContain(option);
    const statusHelp = await runNws(['status', '--help']);
    expect(statusHelp.stdout).toContain('--json');
  });

  it.each([
    [['bogus'], "nws: error: unknown command 'bogus'"],
    [['serve', '--bogus'], "nws: error: unknown option '--bogus'"],
    [['serve', '--port', 'abc'], "nws: error: option '--port <number>' argument 'abc' is invalid. expected a port number from 0 to 65535"],
    [['serve', '--port', '70000'], "argument '70000' is invalid"],
    [['serve', '--host', '0.0.0.0'], "option '--host <address>' argument '0.0.0.0' is invalid. expected a loopback address"],
    [['status', 'extra'], "nws: error: too many arguments for 'status'"],
    [['status', '--home'], "nws: error: option '--home <dir>' argument missing"],
    // Found by the command's action after parsing, not by commander: must still be printed.
    [['kill', '--rearm'], 'nws: --rearm needs --by <name>'],
  ])('rejects %j with exit 2 and one line naming the problem', async (args, message) => {
    const result = await runNws(args);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });
});

describe('nws serve and nws status', () => {
  let home: string;
  let serve: RunningServe;

  beforeAll(async () => {
    home = join(root, 'home');
    serve = await startServe(['--port', '0', '--home', home]);
  });

  afterAll(async () => {
    if (serve.child.exitCode === null) await serve.stop();
  });

  it('prints the URL with its token on a line of its own', () => {
    expect(serve.url).toBe(`http://127.0.0.1:${serve.port}/?token=${serve.token}`);
    expect(existsSync(join(home, 'host.lock'))).toBe(true);
  });

  it('refuses a second serve on the same directory (exit 1), naming the holder', async () => {
    const second = await runNws(['serve', '--port', '0', '--home', home]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`is in use by another nws host (pid ${serve.child.pid}, http://127.0.0.1:${serve.port}/)`);
    expect(second.stdout).toBe('');
  });

  it('status talks to the running Host through the protocol', async () => {
    const result = await runNws(['status', '--json', '--home', home]);
    expect(result.code).toBe(0);
    const status = JSON.parse(result.stdout);
    expect(status.host).toMatchObject({ state: 'running', pid: serve.child.pid, url: `http://127.0.0.1:${serve.port}/` });
    expect(status.host.health.status).toBe('ok');
    expect(status.host.health.transport).toBe('websocket');
    expect(status.host.health.engines.map((engine: { name: string }) => engine.name)).toContain('timeseries-store');
    expect(status.timeSeries).toMatchObject({ exists: true, series: null });
    const text = await runNws(['status', '--home', home]);
    expect(text.stdout).toMatch(/Host\s+running \(pid \d+, http:\/\/127\.0\.0\.1:\d+\/\)/);
    expect(text.stdout).not.toContain(serve.token);
  });

  it('stops cleanly on SIGTERM (exit 0) and releases the directory; status then opens the files itself', async () => {
    expect(await serve.stop('SIGTERM')).toBe(0);
    expect(existsSync(join(home, 'host.lock'))).toBe(false);
    const result = await runNws(['status', '--json', '--home', home]);
    expect(result.code).toBe(0);
    const status = JSON.parse(result.stdout);
    expect(status.host).toEqual({ state: 'not-running' });
    // The first start wrote the demo market: 24 instruments, a daily and a 1-minute series each.
    expect(status.timeSeries).toMatchObject({ exists: true, series: 48, tickSeries: 0, ticks: 0, schemaVersion: expect.any(Number) });
    expect(status.timeSeries.bars).toBeGreaterThan(24 * (5 * 250 + 60 * 390));
    expect(status.timeSeries.bytes).toBeGreaterThan(0);
    expect(status.state).toMatchObject({ exists: true, instruments: 24, schemaVersion: expect.any(Number) });
    const text = await runNws(['status', '--home', home]);
    expect(text.stdout).toMatch(/Time series\s+\S+timeseries\.duckdb \(\d+(\.\d)? (B|KiB|MiB)\)\n\s+series\s+48 \([\d,]+ bars\)\n\s+schema version\s+\d+/);
    expect(text.stdout).toMatch(/State\s+\S+state\.sqlite/);
    expect(existsSync(join(home, 'host.lock'))).toBe(false); // status released its hold
  });

  it('stops cleanly on SIGINT too', async () => {
    const again = await startServe(['--port', '0', '--home', home]);
    expect(await again.stop('SIGINT')).toBe(0);
  });
});

describe('nws status without a Host', () => {
  it('starts from the esbuild bundle, not the slow tsx fallback (every source bundles)', async () => {
    const result = await runNws(['--version'], { ...process.env, NWS_DEBUG_BUNDLE: '1' });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('bundling the CLI failed');
  });

  it('runs from the TypeScript sources through tsx too (NWS_NO_BUNDLE=1), with the same answers', async () => {
    const missing = join(root, 'not-there');
    const fromSources = await runNws(['status', '--json', '--home', missing], { ...process.env, NWS_NO_BUNDLE: '1' });
    const bundled = await runNws(['status', '--json', '--home', missing]);
    expect(fromSources.code).toBe(0);
    expect(JSON.parse(fromSources.stdout)).toEqual(JSON.parse(bundled.stdout));
  });

  it('describes a data directory that does not exist yet without creating it', async () => {
    const missing = join(root, 'never-created');
    const result = await runNws(['status', '--home', missing]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${missing} (does not exist yet)`);
    expect(existsSync(missing)).toBe(false);
  });

  it('reports a stale lock and takes $NWS_HOME when --home is absent', async () => {
    const home = mkdtempSync(join(root, 'stale-'));
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(join(home, 'host.lock'), JSON.stringify({ pid: deadPid, host: '127.0.0.1', port: 1, token: 'x', startedAt: 1 }));
    const result = await runNws(['status', '--json'], { ...process.env, NWS_HOME: home });
    expect(JSON.parse(result.stdout)).toMatchObject({
      dataDir: home,
      host: { state: 'stale-lock', pid: deadPid },
      timeSeries: { exists: false },
      state: { exists: false },
    });
    expect(existsSync(join(home, 'state.sqlite'))).toBe(false); // status never creates stores
  });
});
