// Builds the renderer into renderer/dist. `base: './'` keeps asset URLs relative so the same
// build loads from the Host's HTTP server (browser mode) and from the app bundle (Electron).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { contentSecurityPolicyMeta } from './csp-meta-plugin.js';
// Runs in Node at build time, so it lives outside renderer/ (which must stay free of Node built-ins).
import { precompressAssets } from '../vite-precompress-plugin.js';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react(), contentSecurityPolicyMeta(), precompressAssets()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Vite would inline small assets as data: URLs; keep every asset a file under our CSP.
    assetsInlineLimit: 0,
  },
});
