// The Host's one listening socket, on 127.0.0.1 by default: the protocol over WebSocket at /ws
// (token required) and, in browser mode, the built renderer at /.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProtocolServer } from '@nws/core';
import { ErrorCode, NwsError } from '@nws/core';
import { attachWebSocketTransport, type WebSocketTransport } from '../transports/index.js';
import { serveRendererFile } from './renderer-files.js';

export const PROTOCOL_PATH = '/ws';

export interface HostServerOptions {
  host: string;
  port: number;
  token: string;
  protocolServer: ProtocolServer;
  maxMessageBytes: number;
  /** Built renderer folder served at `/`; null serves only the protocol. */
  rendererDir: string | null;
}

export interface BoundAddress {
  host: string;
  port: number;
}

export class HostServer {
  private readonly server: Server;
  private readonly transport: WebSocketTransport;
  private bound: BoundAddress | null = null;

  constructor(private readonly options: HostServerOptions) {
    this.server = createServer((request, response) => serveRendererFile(options.rendererDir, request, response));
    this.transport = attachWebSocketTransport({
      server: this.server,
      path: PROTOCOL_PATH,
      token: options.token,
      protocolServer: options.protocolServer,
      maxMessageBytes: options.maxMessageBytes,
    });
  }

  get address(): BoundAddress {
    if (this.bound === null) throw new NwsError(ErrorCode.Conflict, 'the host server is not listening');
    return this.bound;
  }

  async listen(): Promise<BoundAddress> {
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        const reason = error.code === 'EADDRINUSE' ? `port ${this.options.port} is already in use` : error.message;
        reject(new NwsError(ErrorCode.InvalidArgument, `cannot listen on ${this.options.host}:${this.options.port}: ${reason}`));
      };
      this.server.once('error', onError);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    this.bound = { host: this.options.host, port: address.port };
    return this.bound;
  }

  /** Closes protocol connections, then the socket; open HTTP keep-alive connections are cut. */
  async close(): Promise<void> {
    await this.transport.close();
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}
