// Serves the built renderer (apps/desktop/renderer/dist) to the browser in browser mode. Static
// files only, GET/HEAD only, never outside the folder, with a strict Content-Security-Policy:
// the page may load its own scripts and styles and talk to its own origin, nothing else.
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  // The page URL carries the access token: never send it to anyone as a referrer.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
});

export const CONTENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
});

/** Handles one request for a renderer file. `rendererDir` null means the renderer is not served. */
export function serveRendererFile(rendererDir: string | null, request: IncomingMessage, response: ServerResponse): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return sendText(response, 405, `method ${request.method ?? '?'} not allowed`, { Allow: 'GET, HEAD' });
  }
  if (rendererDir === null) return sendText(response, 404, 'this Host does not serve the renderer');
  const requested = requestedFile(rendererDir, request.url ?? '/');
  if (requested === null) return sendText(response, 400, 'bad path');
  const file = fileOrIndex(rendererDir, requested);
  if (file === null) {
    return sendText(response, 404, isFileRequest(requested) ? 'not found' : 'renderer is not built: run `npm run build`');
  }
  const encoded = precompressed(file, request.headers['accept-encoding']);
  const body = encoded ?? file;
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(body.size),
    // Vite names assets by content hash, so they never change; index.html always revalidates.
    'Cache-Control': file.path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...(encoded === null ? {} : { 'Content-Encoding': encoded.encoding }),
    ...(compressedVariants(file.path) ? { Vary: 'Accept-Encoding' } : {}),
  });
  if (request.method === 'HEAD') return void response.end();
  createReadStream(body.path)
    .on('error', () => response.destroy())
    .pipe(response);
}

/** Encodings the build writes beside text files (apps/desktop/vite-precompress-plugin.ts), best first. */
const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

/**
 * The build's compressed copy of `file` in the best encoding the browser accepts, or null (none
 * accepted, none built, or one older than the file itself: a stale copy is never served).
 */
function precompressed(file: { path: string; mtimeMs: number }, acceptEncoding: string | string[] | undefined): { path: string; size: number; encoding: string } | null {
  const accepted = acceptedEncodings(acceptEncoding);
  for (const { encoding, suffix } of PRECOMPRESSED) {
    if (!accepted.has(encoding)) continue;
    const copy = regularFile(file.path + suffix);
    if (copy !== null && copy.mtimeMs >= file.mtimeMs) return { ...copy, encoding };
  }
  return null;
}

function compressedVariants(path: string): boolean {
  return PRECOMPRESSED.some(({ suffix }) => regularFile(path + suffix) !== null);
}

/** `gzip, deflate, br;q=0.5, zstd;q=0` → {gzip, deflate, br} (q=0 means refused). */
function acceptedEncodings(header: string | string[] | undefined): Set<string> {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const accepted = new Set<string>();
  for (const part of text.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const refused = params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param));
    if (name && !refused) accepted.add(name);
  }
  return accepted;
}

/** Absolute path the URL names inside rendererDir, or null when it escapes or is malformed. */
function requestedFile(rendererDir: string, url: string): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://host.invalid').pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const root = resolve(rendererDir);
  const target = resolve(root, '.' + pathname);
  return target === root || target.startsWith(root + sep) ? target : null;
}

/** The file itself; for extension-less paths (client-side routes) the app's index.html. */
function fileOrIndex(rendererDir: string, target: string): { path: string; size: number; mtimeMs: number } | null {
  const direct = regularFile(target) ?? regularFile(join(target, 'index.html'));
  if (direct !== null || isFileRequest(target)) return direct;
  return regularFile(join(resolve(rendererDir), 'index.html'));
}

function isFileRequest(target: string): boolean {
  return extname(target) !== '';
}

function regularFile(path: string): { path: string; size: number; mtimeMs: number } | null {
  try {
    const stats = statSync(path);
    return stats.isFile() ? { path, size: stats.size, mtimeMs: stats.mtimeMs } : null;
  } catch {
    return null;
  }
}

function sendText(response: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  const body = text + '\n';
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    ...extra,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  });
  response.end(body);
}
