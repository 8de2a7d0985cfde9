// Where the built renderer lives in a source checkout: apps/desktop/renderer/dist. (The packaged
// Electron app loads its own copy and never asks the Host for it.)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RENDERER_DIST_DIR = fileURLToPath(new URL('../../apps/desktop/renderer/dist', import.meta.url));

export function isRendererBuilt(dir: string = RENDERER_DIST_DIR): boolean {
  return existsSync(join(dir, 'index.html'));
}
