// The one object the preload exposes to the renderer as `window.nws`: a protocol client, reduced
// to its call and subscribe methods. Built as a plain frozen object because contextBridge copies
// own properties only (class instances lose their prototype methods).
import type { ProtocolClient } from '@nws/core';

/** Names the preload puts on `window`: exactly one. */
export const PRELOAD_GLOBALS = ['nws'] as const;

/** Methods of `window.nws`: exactly these. */
export const NWS_API_METHODS = ['call', 'subscribe'] as const;

export type NwsApi = Pick<ProtocolClient, (typeof NWS_API_METHODS)[number]>;

/** The api over a client that may still be connecting; calls wait for it. */
export function createNwsApi(client: Promise<Pick<ProtocolClient, 'call' | 'subscribe'>>): NwsApi {
  const api: NwsApi = {
    call: (async (method: string, ...args: unknown[]) => {
      const ready = await client;
      return (ready.call as (method: string, ...rest: unknown[]) => Promise<unknown>)(method, ...args);
    }) as NwsApi['call'],
    subscribe: async (pattern, handler) => (await client).subscribe(pattern, handler),
  };
  return Object.freeze(api);
}
