// Electron main process: boots the Host in-process, opens one locked-down window on the built
// renderer and bridges it to the Host over a MessagePort. Kept thin: all logic lives in the Host.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, app, dialog, session } from 'electron';
import { Workstation, resolveDataDir } from '@nws/host';
import { bridgeRendererToHost } from './renderer-bridge.js';
import { createWindowOptions } from './window-options.js';

// electron-vite lays the build out as out/main, out/preload, out/renderer.
const PRELOAD_PATH = join(import.meta.dirname, '../preload/index.cjs');
const RENDERER_INDEX = join(import.meta.dirname, '../renderer/index.html');

let workstation: Workstation | null = null;

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit(); // the running instance gets 'second-instance' and shows its window
    return;
  }
  await app.whenReady();
  lockDownSession();
  try {
    // The Host still listens on 127.0.0.1 so `nws` commands can reach it while the app runs.
    workstation = await Workstation.start({ home: resolveDataDir(), renderer: { dir: null } });
  } catch (error) {
    dialog.showErrorBox('Nautilus Workstation could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
    return;
  }
  const window = openMainWindow(workstation);
  app.on('second-instance', () => {
    if (window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (workstation === null) return;
    event.preventDefault(); // finish stopping the Host (stores flushed, lock released) first
    const stopping = workstation;
    workstation = null;
    void stopping.stop().finally(() => app.quit());
  });
}

function openMainWindow(host: Workstation): BrowserWindow {
  const window = new BrowserWindow(createWindowOptions(PRELOAD_PATH));
  const rendererUrl = pathToFileURL(RENDERER_INDEX).href;
  const unbridge = bridgeRendererToHost(window, host.protocol, rendererUrl);
  const contents = window.webContents;
  // The window shows our renderer and nothing else: no navigation, no new windows, no webviews.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.once('ready-to-show', () => window.show());
  window.on('closed', unbridge);
  void window.loadFile(RENDERER_INDEX);
  return window;
}

/** No camera, microphone, notifications, geolocation...: the renderer asks for none of them. */
function lockDownSession(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

void main();
