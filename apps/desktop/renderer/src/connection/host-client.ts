// What the renderer may ask of the Host. In Electron the preload hands over `window.nws`; in a
// browser we build a client over a WebSocket. Both satisfy this type, and nothing past
// connect-to-host.ts can tell them apart.
import type { ProtocolClient } from '@nws/core';

export type HostClient = Pick<ProtocolClient, 'call' | 'subscribe'>;

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    readonly nws?: HostClient;
  }
}
