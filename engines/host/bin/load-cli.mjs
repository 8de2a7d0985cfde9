// Loads the TypeScript CLI fast. Node cannot run TypeScript itself, and compiling it on the fly
// (tsx) costs about a second per start, mostly loader round trips for each of a few hundred files.
// So the CLI and every @nws/* module it reaches are bundled once with esbuild into a few ESM
// files, cached in node_modules/.cache/nws-cli and rebuilt when any of their sources changes.
// If bundling is impossible (no esbuild, read-only install, a build error) or NWS_NO_BUNDLE=1,
// the sources are loaded through tsx as before: same behaviour, slower start.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HOST_DIR = fileURLToPath(new URL('..', import.meta.url));
const REPO_ROOT = join(HOST_DIR, '..', '..');
const CACHE_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'nws-cli');
const MANIFEST = join(CACHE_DIR, 'manifest.json');
/** Entry points, by the name callers ask for. */
const ENTRIES = { cli: join(HOST_DIR, 'cli', 'index.ts'), launch: join(HOST_DIR, 'launch.ts') };
/** Old builds are kept a while: a running Host may still load a lazily imported chunk from one. */
const OLD_BUILD_TTL_MS = 60 * 60 * 1000;

/** Imports one entry (`cli` or `launch`) of the TypeScript CLI, bundled when possible. */
export async function loadCli(entry) {
  if (process.env.NWS_NO_BUNDLE !== '1') {
    try {
      const built = freshBuild() ?? (await build());
      return await import(pathToFileURL(join(CACHE_DIR, built.dir, built.outputs[entry])).href);
    } catch (error) {
      if (process.env.NWS_DEBUG_BUNDLE === '1') console.error('nws: bundling the CLI failed, using tsx:', error);
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(ENTRIES[entry]).href);
}

/** The cached build if every source it was made from is unchanged, else null. */
function freshBuild() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  } catch {
    return null;
  }
  for (const [file, [size, mtimeMs]] of Object.entries(manifest.inputs)) {
    try {
      const stats = statSync(file);
      if (stats.size !== size || stats.mtimeMs !== mtimeMs) return null;
    } catch {
      return null;
    }
  }
  return manifest;
}

async function build() {
  const require = createRequire(import.meta.url);
  const esbuild = await import(pathToFileURL(require.resolve('esbuild')).href);
  const dir = `build-${Date.now()}-${randomBytes(4).toString('hex')}`;
  const outdir = join(CACHE_DIR, dir);
  const result = await esbuild.build({
    entryPoints: ENTRIES,
    outdir,
    bundle: true,
    splitting: true, // commands import their engines lazily: keep those in separate chunks
    format: 'esm',
    platform: 'node',
    target: 'node20',
    metafile: true,
    logLevel: 'silent',
    plugins: [workspaceOnly()],
  });
  const inputs = {};
  // This file too: a change to how the CLI is bundled makes a new build.
  for (const file of [...Object.keys(result.metafile.inputs).map((input) => join(REPO_ROOT, input)), fileURLToPath(import.meta.url)]) {
    const stats = statSync(file);
    inputs[file] = [stats.size, stats.mtimeMs];
  }
  const outputs = {};
  for (const [output, meta] of Object.entries(result.metafile.outputs)) {
    const name = Object.entries(ENTRIES).find(([, path]) => meta.entryPoint && join(REPO_ROOT, meta.entryPoint) === path)?.[0];
    if (name) outputs[name] = relative(outdir, join(REPO_ROOT, output));
  }
  const manifest = { dir, outputs, inputs };
  const temp = `${MANIFEST}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(manifest));
  renameSync(temp, MANIFEST); // atomic: concurrent starts see the old build or the new one
  removeOldBuilds(dir);
  return manifest;
}

/**
 * Bundles our workspace code only: npm packages (native DuckDB/SQLite bindings, zod, ws...) stay
 * imports, resolved from node_modules as usual. `import.meta.url` is replaced by each source
 * file's own URL so paths built from it (worker entry, renderer folder) still point at the sources.
 */
function workspaceOnly() {
  return {
    name: 'nws-workspace-only',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@nws/') ? undefined : { path: args.path, external: true }));
      build.onLoad({ filter: /\.[cm]?tsx?$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const url = pathToFileURL(args.path).href;
        const contents = source
          .replaceAll('import.meta.url', JSON.stringify(url))
          .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
          .replaceAll('import.meta.filename', JSON.stringify(args.path));
        return { contents, loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
      });
    },
  };
}

function removeOldBuilds(current) {
  for (const entry of readdirSync(CACHE_DIR)) {
    if (!entry.startsWith('build-') || entry === current) continue;
    const builtAt = Number(entry.split('-')[1]);
    if (Date.now() - builtAt > OLD_BUILD_TTL_MS) rmSync(join(CACHE_DIR, entry), { recursive: true, force: true });
  }
}

mkdirSync(CACHE_DIR, { recursive: true });
