// electron-vite build of the desktop app: main (ESM), preload (one CommonJS file: a sandboxed
// preload cannot load modules) and the renderer (same Vite config as browser mode).
// A plain object rather than electron-vite's defineConfig, so this file type-checks where
// electron-vite is not installed; electron-vite reads it the same way.
import react from '@vitejs/plugin-react';
import type { UserConfig } from 'vite';
import { contentSecurityPolicyMeta } from './renderer/csp-meta-plugin.js';

/** Native modules stay outside the bundle; electron-builder unpacks them from the asar. */
const NATIVE_MODULES = ['better-sqlite3', '@duckdb/node-api', '@duckdb/node-bindings', 'onnxruntime-node', 'piscina'];

interface ElectronViteConfig {
  main: UserConfig;
  preload: UserConfig;
  renderer: UserConfig;
}

const config: ElectronViteConfig = {
  main: {
    build: {
      outDir: 'out/main',
      target: 'node20',
      lib: { entry: 'main/index.ts', formats: ['es'], fileName: () => 'index.js' },
      rollupOptions: { external: ['electron', ...NATIVE_MODULES] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      target: 'chrome120',
      lib: { entry: 'preload/index.ts', formats: ['cjs'], fileName: () => 'index.cjs' },
      rollupOptions: { external: ['electron'] },
    },
  },
  renderer: {
    root: 'renderer',
    base: './',
    plugins: [react(), contentSecurityPolicyMeta()],
    build: {
      outDir: 'out/renderer',
      target: 'chrome120',
      assetsInlineLimit: 0,
      rollupOptions: { input: 'renderer/index.html' },
    },
  },
};

export default config;
