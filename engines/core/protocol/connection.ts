import { ErrorCode, NwsError } from '../errors.js';

/** Where a frame travelled; reported by `system.health` and given to every handler. */
export const TransportKinds = ['in-process', 'message-port', 'websocket'] as const;
export type TransportKind = (typeof TransportKinds)[number];

export type RemoveListener = () => void;

/**
 * One end of a bidirectional, ordered channel of text frames. Every transport (in-process pair,
 * MessagePort, WebSocket) is reduced to this, so the server and the client never know which they
 * have. Frames are received as `unknown` on purpose: a transport hands over whatever arrived and
 * the protocol decides whether it is acceptable JSON text.
 */
export interface FrameConnection {
  readonly transport: TransportKind;
  readonly isOpen: boolean;
  /** Sends one frame; throws CONNECTION_CLOSED once the connection is closed. */
  send(frame: string): void;
  onFrame(listener: (frame: unknown) => void): RemoveListener;
  /** Called once, when either side closes or the channel drops. Called at once if already closed. */
  onClose(listener: () => void): RemoveListener;
  close(): void;
}

/** The raw operations a transport adapter supplies; everything else is shared. */
export interface FrameIo {
  send(frame: string): void;
  /** Closes the underlying channel. Called at most once. */
  close(): void;
}

/** The adapter's handle on a connection: feeds it frames and reports that the channel dropped. */
export interface FrameConnectionControl {
  readonly connection: FrameConnection;
  receive(frame: unknown): void;
  /** The underlying channel is gone (remote close, error); does not call `io.close`. */
  markClosed(): void;
}

/**
 * Builds a FrameConnection around a transport's raw send/close. Listener bookkeeping and the
 * close-once rule live here so each transport file stays a thin adapter.
 */
export function createFrameConnection(transport: TransportKind, io: FrameIo): FrameConnectionControl {
  const frameListeners = new Set<(frame: unknown) => void>();
  const closeListeners = new Set<() => void>();
  let open = true;

  const finish = (): void => {
    if (!open) return;
    open = false;
    frameListeners.clear();
    const listeners = [...closeListeners];
    closeListeners.clear();
    for (const listener of listeners) listener();
  };

  const connection: FrameConnection = {
    transport,
    get isOpen() {
      return open;
    },
    send(frame) {
      if (!open) throw new NwsError(ErrorCode.ConnectionClosed, `${transport} connection is closed`);
      io.send(frame);
    },
    onFrame(listener) {
      if (!open) return () => undefined;
      frameListeners.add(listener);
      return () => frameListeners.delete(listener);
    },
    onClose(listener) {
      if (!open) {
        listener();
        return () => undefined;
      }
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    close() {
      if (!open) return;
      try {
        io.close();
      } finally {
        finish();
      }
    },
  };

  return {
    connection,
    receive(frame) {
      if (!open) return;
      // Copy: a listener may unsubscribe itself (or another) while we iterate.
      for (const listener of [...frameListeners]) listener(frame);
    },
    markClosed: finish,
  };
}
