// The slice of Electron's API this app uses, declared locally: the electron package (and its
// binary) cannot be installed in offline builds, yet main/ and preload/ must type-check. Keep
// these signatures identical to Electron's own typings so swapping in the real package changes
// nothing. Add an API here before using it.
declare module 'electron' {
  import type { EventEmitter } from 'node:events';

  interface WebPreferences {
    preload?: string;
    contextIsolation?: boolean;
    sandbox?: boolean;
    nodeIntegration?: boolean;
    nodeIntegrationInWorker?: boolean;
    nodeIntegrationInSubFrames?: boolean;
    webSecurity?: boolean;
    allowRunningInsecureContent?: boolean;
    webviewTag?: boolean;
    experimentalFeatures?: boolean;
    navigateOnDragDrop?: boolean;
    spellcheck?: boolean;
    safeDialogs?: boolean;
    devTools?: boolean;
  }

  interface BrowserWindowConstructorOptions {
    width?: number;
    height?: number;
    minWidth?: number;
    minHeight?: number;
    show?: boolean;
    title?: string;
    backgroundColor?: string;
    autoHideMenuBar?: boolean;
    webPreferences?: WebPreferences;
  }

  interface WebFrameMain {
    readonly url: string;
    readonly processId: number;
    readonly routingId: number;
  }

  interface HandlerDetails {
    readonly url: string;
  }

  interface WebContents extends EventEmitter {
    readonly id: number;
    readonly mainFrame: WebFrameMain;
    postMessage(channel: string, message: unknown, transfer?: MessagePortMain[]): void;
    setWindowOpenHandler(handler: (details: HandlerDetails) => { action: 'deny' } | { action: 'allow' }): void;
    on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): this;
    on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): this;
    on(event: 'destroyed', listener: () => void): this;
  }

  type PermissionRequestHandler = (
    webContents: WebContents,
    permission: string,
    callback: (permissionGranted: boolean) => void,
  ) => void;

  interface Session {
    setPermissionRequestHandler(handler: PermissionRequestHandler | null): void;
    setPermissionCheckHandler(handler: ((webContents: WebContents | null, permission: string) => boolean) | null): void;
  }

  class BrowserWindow extends EventEmitter {
    constructor(options?: BrowserWindowConstructorOptions);
    readonly webContents: WebContents;
    loadFile(filePath: string): Promise<void>;
    show(): void;
    focus(): void;
    restore(): void;
    isMinimized(): boolean;
    isDestroyed(): boolean;
    once(event: 'ready-to-show', listener: () => void): this;
    on(event: 'closed', listener: () => void): this;
    static getAllWindows(): BrowserWindow[];
  }

  interface MessageEventMain {
    readonly data: unknown;
    readonly ports: MessagePortMain[];
  }

  class MessagePortMain extends EventEmitter {
    postMessage(message: unknown): void;
    start(): void;
    close(): void;
    on(event: 'message', listener: (event: MessageEventMain) => void): this;
    on(event: 'close', listener: () => void): this;
    off(event: 'message', listener: (event: MessageEventMain) => void): this;
    off(event: 'close', listener: () => void): this;
  }

  class MessageChannelMain {
    readonly port1: MessagePortMain;
    readonly port2: MessagePortMain;
  }

  interface IpcMainEvent {
    readonly sender: WebContents;
    readonly senderFrame: WebFrameMain | null;
  }

  interface IpcMain extends EventEmitter {
    on(channel: string, listener: (event: IpcMainEvent, ...args: unknown[]) => void): this;
    removeAllListeners(channel?: string): this;
  }

  interface App extends EventEmitter {
    whenReady(): Promise<void>;
    quit(): void;
    exit(exitCode?: number): void;
    getPath(name: 'userData' | 'appData' | 'home' | 'temp'): string;
    requestSingleInstanceLock(): boolean;
    on(event: 'window-all-closed' | 'activate' | 'second-instance', listener: () => void): this;
    on(event: 'before-quit' | 'will-quit', listener: (event: { preventDefault(): void }) => void): this;
  }

  interface Dialog {
    showErrorBox(title: string, content: string): void;
  }

  interface IpcRendererEvent {
    readonly ports: MessagePort[];
  }

  interface IpcRenderer {
    send(channel: string, ...args: unknown[]): void;
    once(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): this;
  }

  interface ContextBridge {
    exposeInMainWorld(apiKey: string, api: unknown): void;
  }

  export const app: App;
  export const ipcMain: IpcMain;
  export const dialog: Dialog;
  export const ipcRenderer: IpcRenderer;
  export const contextBridge: ContextBridge;
  export const session: { readonly defaultSession: Session };
  export { BrowserWindow, MessageChannelMain, MessagePortMain };
  export type {
    BrowserWindowConstructorOptions,
    WebPreferences,
    WebContents,
    WebFrameMain,
    IpcMainEvent,
    IpcRendererEvent,
    MessageEventMain,
    Session,
  };
}
