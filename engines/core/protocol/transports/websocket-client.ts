import { ErrorCode, NwsError } from '../../errors.js';
import { createFrameConnection, type FrameConnection } from '../connection.js';

/**
 * The part of a WebSocket the client transport uses: the browser's global WebSocket and the
 * `ws` package's class (passed in from Node) both satisfy it.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { readonly code: number; readonly reason: string }) => void): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
}

export type WebSocketConstructorLike = new (url: string) => WebSocketLike;

const OPEN = 1;

export interface ConnectWebSocketOptions {
  /** `ws://127.0.0.1:<port>/ws`; the token is added as `?token=`. */
  readonly url: string;
  readonly token: string;
  /** Defaults to `globalThis.WebSocket` (browser, Node 22+); pass `ws`'s class on Node 20. */
  readonly WebSocket?: WebSocketConstructorLike;
  /** Gives up opening after this many ms. Default 10 s. */
  readonly openTimeoutMs?: number;
}

/** Opens a WebSocket to the Host and resolves once it is open; rejects with CONNECTION_CLOSED if refused. */
export function connectWebSocket(options: ConnectWebSocketOptions): Promise<FrameConnection> {
  const Constructor = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructorLike }).WebSocket;
  if (Constructor === undefined) {
    return Promise.reject(new NwsError(ErrorCode.InvalidArgument, 'no WebSocket implementation: pass options.WebSocket'));
  }
  const url = new URL(options.url);
  url.searchParams.set('token', options.token);
  const socket = new Constructor(url.toString());
  const openTimeoutMs = options.openTimeoutMs ?? 10_000;
  return new Promise<FrameConnection>((resolve, reject) => {
    const failed = (why: string): void => {
      clearTimeout(timer);
      // The token never appears in the message: errors end up in logs.
      reject(new NwsError(ErrorCode.ConnectionClosed, `WebSocket to ${options.url} ${why}`));
    };
    const timer = setTimeout(() => {
      failed(`did not open within ${openTimeoutMs} ms`);
      socket.close();
    }, openTimeoutMs);
    socket.addEventListener('open', () => {
      clearTimeout(timer);
      resolve(webSocketConnection(socket));
    });
    socket.addEventListener('error', () => failed('failed to open (refused, wrong token or host down)'));
    socket.addEventListener('close', (event) => failed(`closed before opening (code ${event.code})`));
  });
}

/** An already open WebSocket as a FrameConnection. */
export function webSocketConnection(socket: WebSocketLike): FrameConnection {
  if (socket.readyState !== OPEN) throw new NwsError(ErrorCode.ConnectionClosed, 'WebSocket is not open');
  const control = createFrameConnection('websocket', {
    send: (frame) => socket.send(frame),
    close: () => socket.close(1000, 'closed by client'),
  });
  socket.addEventListener('message', (event) => control.receive(event.data));
  socket.addEventListener('close', () => control.markClosed());
  return control.connection;
}
