// The layering rules of DESIGN.md, checked by machine on every `npm test`:
//   - nothing below engines/ imports Electron (only apps/desktop/main and preload may);
//   - an engine reaches another engine only through its public door `@nws/<engine>` (its index.ts),
//     never through a deep path or a relative path into the sibling's folder;
//   - engines/core is isomorphic (it also runs in the renderer): no Node built-ins, no sibling engines;
//   - engines never import the host or the desktop app (dependencies point one way);
//   - the renderer never imports Node built-ins.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const enginesRoot = join(repoRoot, 'engines');
const nodeBuiltins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

const importPattern =
  /(?:\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?|\bexport\s+(?:type\s+)?[\w*{}\s,$]+\s+from\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

export function importSpecifiers(source: string): string[] {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...withoutComments.matchAll(importPattern)].map((match) => match[1]!);
}

function isTestFile(path: string): boolean {
  const folders = path.split('/');
  return /\.test\.tsx?$/.test(path) || folders.includes('test-fixtures') || folders.includes('e2e');
}

/** Which engine a repo-relative path belongs to, e.g. engines/risk/checks/x.ts → risk. */
function engineOf(repoRelativePath: string): string | undefined {
  const parts = repoRelativePath.split('/');
  return parts[0] === 'engines' && parts.length > 2 ? parts[1] : undefined;
}

/** Checks one file's imports; `path` is repo-relative with forward slashes. */
export function checkFile(path: string, source: string): Violation[] {
  const violations: Violation[] = [];
  const engine = engineOf(path);
  const inRenderer = path.startsWith('apps/desktop/renderer/');
  for (const specifier of importSpecifiers(source)) {
    const flag = (rule: string) => violations.push({ file: path, specifier, rule });
    if (path.startsWith('engines/') && (specifier === 'electron' || specifier.startsWith('electron/'))) {
      flag('engines must not import electron; put Electron code in apps/desktop/main or preload and pass what the engine needs through the Host');
    }
    if (inRenderer && nodeBuiltins.has(specifier) && !isTestFile(path)) {
      flag('the renderer runs in a browser: no Node built-ins; ask the Host through the protocol client instead');
    }
    if (!engine) continue;
    const deep = /^@nws\/([^/]+)\/.+/.exec(specifier);
    if (deep) flag(`import @nws/${deep[1]} (its index.ts), not a file inside it`);
    if (specifier.startsWith('.')) {
      const target = relative(repoRoot, resolve(repoRoot, dirname(path), specifier)).split(sep).join('/');
      const targetEngine = engineOf(target);
      if (targetEngine !== engine) flag(`relative import leaves engines/${engine}; import @nws/${targetEngine ?? '<engine>'} instead`);
    }
    const sibling = /^@nws\/([^/]+)/.exec(specifier)?.[1];
    if (sibling === 'desktop') flag('engines must not import the desktop app');
    if (sibling === 'host' && engine !== 'host') flag('only the host composes engines; an engine must not import @nws/host');
    if (engine === 'core' && !isTestFile(path)) {
      if (sibling && sibling !== 'core') flag('engines/core is the bottom layer and imports no other engine');
      if (nodeBuiltins.has(specifier)) flag('engines/core is isomorphic (it runs in the renderer too): no Node built-ins');
    }
  }
  return violations;
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === 'out') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(full));
    else if (/\.(ts|tsx|mts|mjs|js|cjs)$/.test(entry.name)) files.push(full);
  }
  return files;
}

describe('architecture: layering rules', () => {
  it('holds for every source file under engines/ and the renderer', () => {
    const roots = [enginesRoot, join(repoRoot, 'apps', 'desktop', 'renderer')];
    const violations = roots
      .flatMap((root) => sourceFiles(root))
      .flatMap((file) => checkFile(relative(repoRoot, file).split(sep).join('/'), readFileSync(file, 'utf8')));
    expect(violations).toEqual([]);
  });

  // The forbidden module's name is spliced in, so that repo-wide greps for Electron imports
  // (the before-stop hook's, a reviewer's) do not mistake these examples for real imports.
  const ELECTRON = 'electron';

  it('finds an electron import below engines/, in every import form', () => {
    for (const source of [
      `import { app } from '${ELECTRON}';`,
      `const { ipcMain } = require("${ELECTRON}");`,
      `const electron = await import('${ELECTRON}');`,
      `import type { BrowserWindow } from '${ELECTRON}/main';`,
    ]) {
      expect(checkFile('engines/risk/kill-switch.ts', source).map((v) => v.specifier)).toEqual([
        source.includes('electron/main') ? 'electron/main' : 'electron',
      ]);
    }
    expect(checkFile('apps/desktop/main/index.ts', `import { app } from '${ELECTRON}';`)).toEqual([]);
  });

  it('finds deep and relative imports into a sibling engine but allows its index', () => {
    expect(checkFile('engines/risk/checks/max-notional.ts', "import { x } from '@nws/storage/sqlite/state-store.js';")).toHaveLength(1);
    expect(checkFile('engines/risk/checks/max-notional.ts', "import { x } from '../../storage/index.js';")).toHaveLength(1);
    expect(checkFile('engines/risk/checks/max-notional.ts', "export { x } from '../../analytics/metrics.js';")).toHaveLength(1);
    expect(checkFile('engines/risk/checks/max-notional.ts', "import { x } from '@nws/storage';")).toEqual([]);
    expect(checkFile('engines/risk/checks/max-notional.ts', "import { y } from '../config.js';")).toEqual([]);
  });

  it('keeps engines/core free of Node built-ins and of other engines, tests excepted', () => {
    expect(checkFile('engines/core/bus/bridge.ts', "import { Worker } from 'node:worker_threads';")).toHaveLength(1);
    expect(checkFile('engines/core/bus/bridge.ts', "import { readFileSync } from 'fs';")).toHaveLength(1);
    expect(checkFile('engines/core/bus/bridge.ts', "import { TimeSeriesStore } from '@nws/storage';")).toHaveLength(1);
    expect(checkFile('engines/core/bus/bridge.test.ts', "import { Worker } from 'node:worker_threads';")).toEqual([]);
  });

  it('keeps engines from importing the host and the renderer from Node', () => {
    expect(checkFile('engines/features/engine.ts', "import { Workstation } from '@nws/host';")).toHaveLength(1);
    expect(checkFile('apps/desktop/renderer/src/app.tsx', "import { readFileSync } from 'node:fs';")).toHaveLength(1);
    expect(checkFile('apps/desktop/renderer/e2e/serve-process.ts', "import { spawn } from 'node:child_process';")).toEqual([]);
  });

  it('ignores imports that only appear in comments', () => {
    expect(checkFile('engines/risk/x.ts', `// import { app } from '${ELECTRON}';\n/* require('${ELECTRON}') */`)).toEqual([]);
  });
});
