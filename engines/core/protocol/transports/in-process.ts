import { createFrameConnection, type FrameConnection, type FrameConnectionControl } from '../connection.js';

export interface InProcessPair {
  /** Give this end to a ProtocolClient. */
  readonly client: FrameConnection;
  /** Give this end to `ProtocolServer.accept`. */
  readonly server: FrameConnection;
}

/**
 * Two connected ends in one process. Frames are the same strings the other transports carry
 * and arrive asynchronously (a microtask later, in order), so code that works here does not
 * depend on synchronous delivery it would not get over a port or a socket.
 */
export function createInProcessPair(): InProcessPair {
  let clientEnd: FrameConnectionControl | undefined;
  let serverEnd: FrameConnectionControl | undefined;
  const link = (peer: () => FrameConnectionControl | undefined) => ({
    send(frame: string) {
      queueMicrotask(() => peer()?.receive(frame));
    },
    close() {
      // Queued behind frames already sent, so the peer reads them before it learns of the close.
      queueMicrotask(() => peer()?.markClosed());
    },
  });
  clientEnd = createFrameConnection('in-process', link(() => serverEnd));
  serverEnd = createFrameConnection('in-process', link(() => clientEnd));
  return { client: clientEnd.connection, server: serverEnd.connection };
}
