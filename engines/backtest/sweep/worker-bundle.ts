/**
 * The sweep worker as one prebuilt JavaScript file. A worker thread cannot load TypeScript by
 * itself; through the tsx loader every worker compiles and resolves the whole engine graph again
 * (about 3 s each on a busy 2-core machine, as long as dozens of sweep cells). Bundling it once
 * with esbuild (the compiler tsx itself uses) and caching the file on disk, keyed by the
 * sources' sizes and times, lets each worker start in well under a second. Where esbuild is not
 * available the sweep falls back to the tsx bootstrap (sweep-worker.mjs).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ENTRY = fileURLToPath(new URL('./sweep-worker.ts', import.meta.url));
const FALLBACK_URL = new URL('./sweep-worker.mjs', import.meta.url);
/** One cache per checkout: two clones on one machine must never load each other's bundle. */
export const SWEEP_WORKER_CACHE_DIR = join(tmpdir(), 'nws-sweep-worker', createHash('sha256').update(ENTRY).digest('hex').slice(0, 12));
const CACHE_DIR = SWEEP_WORKER_CACHE_DIR;
const MANIFEST = join(CACHE_DIR, 'manifest.json');

/**
 * CommonJS dependencies inside an ES module bundle still call `require` for Node built-ins.
 * `import.meta` is spelled in two pieces: the CLI's own bundler (engines/host/bin/load-cli.mjs)
 * rewrites that expression's full text in every source file, strings included.
 */
const REQUIRE_SHIM = `import { createRequire as __nwsCreateRequire } from 'node:module'; const require = __nwsCreateRequire(${'import.meta'}.url);`;

interface Manifest {
  bundle: string;
  /** Every source file in the bundle with its size and mtime when it was built. */
  inputs: Record<string, string>;
}

function fingerprint(path: string): string | undefined {
  try {
    const stats = statSync(path);
    return `${stats.size}:${stats.mtimeMs}`;
  } catch {
    return undefined;
  }
}

/** The cached bundle if no source in it changed since it was built. */
function cachedBundle(): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
    if (!existsSync(manifest.bundle)) return undefined;
    for (const [path, print] of Object.entries(manifest.inputs)) if (fingerprint(path) !== print) return undefined;
    return manifest.bundle;
  } catch {
    return undefined;
  }
}

async function buildBundle(): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'silent',
    banner: { js: REQUIRE_SHIM },
  });
  const code = result.outputFiles[0]!.contents;
  const cwd = process.cwd();
  const inputs: Record<string, string> = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const path = input.startsWith('/') ? input : join(cwd, input);
    inputs[path] = fingerprint(path) ?? 'missing';
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  const bundle = join(CACHE_DIR, `sweep-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  // Write then rename, so a concurrent sweep never loads half a file.
  const temporary = `${bundle}.${process.pid}.tmp`;
  writeFileSync(temporary, code);
  renameSync(temporary, bundle);
  const manifestTemporary = `${MANIFEST}.${process.pid}.tmp`;
  writeFileSync(manifestTemporary, JSON.stringify({ bundle, inputs } satisfies Manifest));
  renameSync(manifestTemporary, MANIFEST);
  return bundle;
}

let pending: Promise<URL> | undefined;

/** Where sweep workers load from: the bundle (built on first use), else the tsx bootstrap. */
export function sweepWorkerUrl(): Promise<URL> {
  pending ??= (async () => {
    try {
      const bundle = cachedBundle() ?? (await buildBundle());
      return pathToFileURL(bundle);
    } catch {
      return FALLBACK_URL;
    }
  })();
  return pending;
}
