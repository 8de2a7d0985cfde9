import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { z } from 'zod';
import { createFrameConnection, describeIssues, ErrorCode, NwsError, type ProtocolServer } from '@nws/core';
import { isLoopbackAddress } from './loopback.js';
import { tokensEqual } from './token.js';

export interface WebSocketTransportOptions {
  /** An http server the caller binds to 127.0.0.1; attaching before or after `listen` both work. */
  readonly server: Server;
  /** Only upgrades on this path are taken. Default `/ws`. */
  readonly path?: string;
  /** Clients must present it as `?token=`; see generateToken. */
  readonly token: string;
  readonly protocolServer: ProtocolServer;
  /** The protocol's frame limit; default the protocol server's. The socket's own limit is above it. */
  readonly maxMessageBytes?: number;
}

export interface WebSocketTransport {
  readonly path: string;
  /** Hard per-frame limit of the socket: frames above it close the socket (1009). */
  readonly socketMaxPayload: number;
  readonly connectionCount: number;
  /** Stops taking upgrades and closes every socket (1001), waiting for them to go. */
  close(): Promise<void>;
}

const TransportOptions = z.object({
  path: z.string().regex(/^\/[^?#\s]*$/, 'must start with / and have no query').default('/ws'),
  token: z.string().min(32, 'must be at least 32 characters (use generateToken)'),
  maxMessageBytes: z.int().min(1).optional(),
});

/**
 * Frames between the protocol limit and this one reach the protocol, which answers
 * MESSAGE_TOO_LARGE and keeps the connection; only frames beyond it (4× the limit) make `ws`
 * close the socket with 1009, so a client cannot make the host buffer unbounded frames.
 */
export function socketPayloadLimit(maxMessageBytes: number): number {
  return maxMessageBytes * 4 + 64 * 1024;
}

/** Close code when the host shuts the transport down ("going away"). */
const GOING_AWAY = 1001;
const CLOSE_GRACE_MS = 2000;

/**
 * Serves the protocol over WebSocket on an existing http server. An upgrade is taken only on
 * `path`, only from and to a loopback address (403 otherwise), and only with the right token
 * (401 otherwise, compared in constant time); a refused request is never upgraded.
 */
export function attachWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  const parsed = TransportOptions.safeParse({ path: options.path, token: options.token, maxMessageBytes: options.maxMessageBytes });
  if (!parsed.success) {
    throw new NwsError(ErrorCode.InvalidConfig, `WebSocket transport: ${describeIssues(parsed.error.issues)}`);
  }
  const { path, token } = parsed.data;
  const { server, protocolServer } = options;
  const protocolLimit = Math.max(parsed.data.maxMessageBytes ?? 0, protocolServer.config.maxMessageBytes);
  const socketMaxPayload = socketPayloadLimit(protocolLimit);
  const sockets = new Set<WebSocket>();
  const webSockets = new WebSocketServer({ noServer: true, maxPayload: socketMaxPayload, perMessageDeflate: false });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== path) {
      // Another upgrade listener (a dev server's HMR) may own this path; if none does, say so.
      if (server.listenerCount('upgrade') === 1) refuse(socket, 404, 'Not Found');
      return;
    }
    if (!isLoopbackAddress(request.socket.remoteAddress) || !isLoopbackAddress(request.socket.localAddress)) {
      refuse(socket, 403, 'Forbidden');
      return;
    }
    const presented = url.searchParams.get('token');
    if (presented === null || !tokensEqual(presented, token)) {
      refuse(socket, 401, 'Unauthorized');
      return;
    }
    webSockets.handleUpgrade(request, socket, head, (webSocket) => serve(webSocket));
  };

  const serve = (webSocket: WebSocket): void => {
    sockets.add(webSocket);
    const control = createFrameConnection('websocket', {
      send: (frame) => webSocket.send(frame),
      close: () => webSocket.close(1000, 'closed by host'),
    });
    // Binary frames are passed on as they are; the protocol refuses them as not JSON text.
    webSocket.on('message', (data, isBinary) => control.receive(isBinary ? data : rawText(data)));
    webSocket.on('close', () => {
      sockets.delete(webSocket);
      control.markClosed();
    });
    webSocket.on('error', () => undefined); // always followed by 'close'; nothing else to do
    protocolServer.accept(control.connection);
  };

  server.on('upgrade', onUpgrade);
  return {
    path,
    socketMaxPayload,
    get connectionCount() {
      return sockets.size;
    },
    async close() {
      server.off('upgrade', onUpgrade);
      await Promise.all([...sockets].map((webSocket) => closeSocket(webSocket)));
      await new Promise<void>((resolve) => webSockets.close(() => resolve()));
    },
  };
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** Answers a plain HTTP status on the raw socket and hangs up: no upgrade happens. */
function refuse(socket: Duplex, status: number, reason: string): void {
  const body = `${status} ${reason}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** Closes politely, then cuts the socket if the peer does not answer the close in time. */
function closeSocket(webSocket: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (webSocket.readyState === webSocket.CLOSED) {
      resolve();
      return;
    }
    const timer = setTimeout(() => webSocket.terminate(), CLOSE_GRACE_MS);
    webSocket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    webSocket.close(GOING_AWAY, 'host shutting down');
  });
}
