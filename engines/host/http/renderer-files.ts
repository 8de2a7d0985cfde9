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
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(file.size),
    // Vite names assets by content hash, so they never change; index.html always revalidates.
    'Cache-Control': file.path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (request.method === 'HEAD') return void response.end();
  createReadStream(file.path)
    .on('error', () => response.destroy())
    .pipe(response);
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
function fileOrIndex(rendererDir: string, target: string): { path: string; size: number } | null {
  const direct = regularFile(target) ?? regularFile(join(target, 'index.html'));
  if (direct !== null || isFileRequest(target)) return direct;
  return regularFile(join(resolve(rendererDir), 'index.html'));
}

function isFileRequest(target: string): boolean {
  return extname(target) !== '';
}

function regularFile(path: string): { path: string; size: number } | null {
  try {
    const stats = statSync(path);
    return stats.isFile() ? { path, size: stats.size } : null;
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
