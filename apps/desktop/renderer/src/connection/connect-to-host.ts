// Picks the transport, once, at start-up: Electron's preload client if present, else a WebSocket
// to the Host that served this page, authenticated by the token in the page URL.
import { ErrorCode, NwsError, ProtocolClient, connectWebSocket } from '@nws/core';
import type { HostClient } from './host-client.js';

export const PROTOCOL_PATH = '/ws';

export async function connectToHost(): Promise<HostClient> {
  if (window.nws !== undefined) return window.nws;
  const token = new URLSearchParams(window.location.search).get('token');
  if (token === null || token === '') {
    throw new NwsError(
      ErrorCode.Unauthorized,
      'this page was opened without an access token: open the full link printed by `nws serve` (…/?token=…)',
    );
  }
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const connection = await connectWebSocket({ url: `${scheme}//${window.location.host}${PROTOCOL_PATH}`, token });
  return new ProtocolClient(connection);
}
