import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, serveRendererFile } from './renderer-files.js';

let root: string;
let rendererDir: string;
let server: Server;
let port: number;

async function listen(dir: string | null): Promise<void> {
  server = createServer((req, res) => serveRendererFile(dir, req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
}

/** Raw request, so paths reach the server exactly as written (fetch would normalise them). */
function get(path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A request with headers; the body comes back as raw bytes (it may be compressed). */
function getBytes(path: string, headers: Record<string, string>): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'nws-renderer-'));
  rendererDir = join(root, 'dist');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>nws</title>');
  writeFileSync(join(rendererDir, 'assets', 'index-abc123.js'), 'console.log(1);');
  writeFileSync(join(rendererDir, 'assets', 'index-abc123.css'), 'body{}');
  writeFileSync(join(rendererDir, 'favicon.svg'), '<svg/>');
  writeFileSync(join(root, 'secret.txt'), 'do not serve');
  await listen(rendererDir);
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

describe('serveRendererFile', () => {
  it('serves index.html at / with the strict CSP and security headers, never cached', async () => {
    const response = await get('/?token=abc');
    expect(response.status).toBe(200);
    expect(response.body).toBe('<!doctype html><title>nws</title>');
    expect(response.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'cache-control': 'no-cache',
    });
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });

  it('serves assets with their content types, hashed ones cached for good', async () => {
    const script = await get('/assets/index-abc123.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/assets/index-abc123.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get('/favicon.svg')).headers['content-type']).toBe('image/svg+xml');
  });

  it('answers client-side routes with index.html but a missing file with 404', async () => {
    expect((await get('/dashboards/main')).body).toContain('<title>nws</title>');
    const missing = await get('/assets/nope.js');
    expect(missing.status).toBe(404);
    expect(missing.body).toBe('not found\n');
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of ['/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt', '/../secret.txt']) {
      const response = await get(path);
      expect(response.body, path).not.toContain('do not serve');
      expect([400, 404], path).toContain(response.status);
    }
    expect((await get('/a%00b')).status).toBe(400);
  });

  it('allows only GET and HEAD', async () => {
    const post = await get('/', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const head = await get('/assets/index-abc123.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('15');
    expect(head.body).toBe('');
  });

  it('serves the build\'s Brotli or gzip copy to a browser that accepts it, never a stale one', async () => {
    const script = join(rendererDir, 'assets', 'app-def456.js');
    const source = Buffer.from('export const quotes = ' + JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ bid: i, ask: i + 1 }))) + ';\n');
    writeFileSync(script, source);
    writeFileSync(`${script}.br`, brotliCompressSync(source));
    writeFileSync(`${script}.gz`, gzipSync(source));

    const brotli = await getBytes('/assets/app-def456.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers.vary).toBe('Accept-Encoding');
    expect(brotli.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(Number(brotli.headers['content-length'])).toBe(brotli.body.length);
    expect(brotli.body.length).toBeLessThan(source.length / 4);
    expect(brotliDecompressSync(brotli.body).equals(source)).toBe(true);

    const gzip = await getBytes('/assets/app-def456.js', { 'accept-encoding': 'br;q=0, gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(source)).toBe(true);

    const plain = await getBytes('/assets/app-def456.js', {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(source)).toBe(true);

    // A rebuilt file with copies from an older build: the copies are not served.
    const older = new Date(Date.now() - 60_000);
    utimesSync(`${script}.br`, older, older);
    utimesSync(`${script}.gz`, older, older);
    const fresh = await getBytes('/assets/app-def456.js', { 'accept-encoding': 'gzip, br' });
    expect(fresh.headers['content-encoding']).toBeUndefined();
    expect(fresh.body.equals(source)).toBe(true);
  });

  it('says so when the renderer is not built or not served', async () => {
    rmSync(join(rendererDir, 'index.html'));
    const unbuilt = await get('/');
    expect(unbuilt.status).toBe(404);
    expect(unbuilt.body).toContain('renderer is not built: run `npm run build`');
    await new Promise((resolve) => server.close(resolve));
    await listen(null);
    expect((await get('/')).body).toBe('this Host does not serve the renderer\n');
  });
});
