// The main window's settings, as pure data so a unit test can check every security switch
// without Electron.
import type { BrowserWindowConstructorOptions } from 'electron';

export function createWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Nautilus Workstation',
    backgroundColor: '#0b1017', // the renderer's background: no white flash before first paint
    show: false, // shown on ready-to-show
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      // The renderer is untrusted web content: no Node, isolated world, OS sandbox.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}
