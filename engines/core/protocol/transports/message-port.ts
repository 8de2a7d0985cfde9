import { createFrameConnection, type FrameConnection } from '../connection.js';

/**
 * What a port hands a listener: a DOM/Node MessageEvent or Electron's `{data, ports}`, both with
 * the posted value in `data`. Typed `unknown` so every runtime's listener signature fits.
 */
export type PortListener = (event: unknown) => void;

/**
 * The part of a message port this transport uses. Satisfied by the DOM MessagePort (renderer,
 * preload), node:worker_threads MessagePort (which has both listener styles) and Electron's
 * MessagePortMain (EventEmitter style only; `on('message')` passes `{data, ports}`).
 */
export interface MessagePortLike {
  postMessage(message: string): void;
  close(): void;
  start?(): void;
  addEventListener?(type: 'message' | 'close', listener: PortListener): void;
  removeEventListener?(type: 'message' | 'close', listener: PortListener): void;
  on?(event: 'message' | 'close', listener: PortListener): unknown;
  off?(event: 'message' | 'close', listener: PortListener): unknown;
}

/**
 * One end of a MessageChannel as a FrameConnection: the Electron IPC transport (preload ↔ main)
 * and the worker-thread one. Strings are posted as they are, so size and JSON checks apply as on
 * a socket. A port that dies on the other side is noticed where the runtime emits `close`
 * (Node, Electron); DOM ports have no such event, so closing should come from our side.
 */
export function messagePortConnection(port: MessagePortLike): FrameConnection {
  const control = createFrameConnection('message-port', {
    send: (frame) => port.postMessage(frame),
    close: () => {
      detach();
      port.close();
    },
  });
  const onMessage = (event: unknown): void => control.receive((event as { data?: unknown } | null)?.data);
  const onClose = (): void => {
    detach();
    control.markClosed();
  };
  const detach = listen(port, onMessage, onClose);
  port.start?.(); // DOM ports queue messages until started (and listeners by addEventListener do not start them)
  return control.connection;
}

/** Prefers addEventListener (MessageEvent with `.data` on DOM and Node), else `on` (Electron). */
function listen(port: MessagePortLike, onMessage: PortListener, onClose: () => void): () => void {
  if (port.addEventListener !== undefined && port.removeEventListener !== undefined) {
    port.addEventListener('message', onMessage);
    port.addEventListener('close', onClose);
    return () => {
      port.removeEventListener!('message', onMessage);
      port.removeEventListener!('close', onClose);
    };
  }
  if (port.on !== undefined) {
    port.on('message', onMessage);
    port.on('close', onClose);
    return () => {
      port.off?.('message', onMessage);
      port.off?.('close', onClose);
    };
  }
  throw new TypeError('messagePortConnection needs a port with addEventListener or on');
}
