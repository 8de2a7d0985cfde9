import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  connectWebSocket,
  createSystemHandlers,
  defineProtocolConformance,
  ErrorCode,
  NwsError,
  ProtocolClient,
  ProtocolServer,
} from '@nws/core';
import { isLoopbackAddress, listenOnLoopback } from './loopback.js';
import { generateToken, tokensEqual } from './token.js';
import { attachWebSocketTransport, socketPayloadLimit, type WebSocketTransport } from './websocket.js';

defineProtocolConformance({
  transport: 'websocket',
  vitest: { describe, it, expect, beforeEach, afterEach },
  factory: async ({ protocolServer, maxMessageBytes }) => {
    const server = createServer();
    const { port } = await listenOnLoopback(server);
    const token = generateToken();
    const transport = attachWebSocketTransport({ server, token, protocolServer, maxMessageBytes });
    return {
      connect: () => connectWebSocket({ url: `ws://127.0.0.1:${port}/ws`, token, WebSocket }),
      async dispose() {
        await transport.close();
        await closeServer(server);
      },
    };
  },
});

interface Host {
  readonly server: Server;
  readonly port: number;
  readonly token: string;
  readonly protocolServer: ProtocolServer;
  readonly transport: WebSocketTransport;
}

/** A real http server with the transport attached; `bindTo` defaults to loopback. */
async function startHost(bindTo = '127.0.0.1', maxMessageBytes = 4096): Promise<Host> {
  const server = createServer((_request, response) => response.end('plain http still works'));
  await new Promise<void>((resolve) => server.listen(0, bindTo, resolve));
  const token = generateToken();
  const protocolServer = new ProtocolServer({ handlers: createSystemHandlers({ version: 'ws-test' }), maxMessageBytes });
  const transport = attachWebSocketTransport({ server, token, protocolServer, maxMessageBytes });
  return { server, port: (server.address() as AddressInfo).port, token, protocolServer, transport };
}

async function stopHost(host: Host): Promise<void> {
  await host.transport.close();
  await closeServer(host.server);
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Tries a WebSocket handshake; resolves with the HTTP status it was refused with, or 101 if upgraded. */
function handshakeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      resolve(101);
      socket.close();
    });
    socket.on('error', (error) => reject(error));
  });
}

function firstNonLoopbackIpv4(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    const found = addresses?.find((address) => address.family === 'IPv4' && !address.internal);
    if (found !== undefined) return found.address;
  }
  return undefined;
}

describe('WebSocket transport: who may connect', () => {
  let host: Host;
  beforeEach(async () => {
    host = await startHost();
  });
  afterEach(async () => {
    await stopHost(host);
  });

  it('upgrades with the right token and serves the protocol over it', async () => {
    const connection = await connectWebSocket({ url: `ws://127.0.0.1:${host.port}/ws`, token: host.token, WebSocket });
    const client = new ProtocolClient(connection);
    await expect(client.call('system.health')).resolves.toMatchObject({ transport: 'websocket', version: 'ws-test' });
    expect(host.transport.connectionCount).toBe(1);
    client.close();
  });

  it('refuses with 401 and no upgrade without a token, with a wrong one, or an empty one', async () => {
    const base = `ws://127.0.0.1:${host.port}/ws`;
    expect(await handshakeStatus(base)).toBe(401);
    expect(await handshakeStatus(`${base}?token=${generateToken()}`)).toBe(401);
    expect(await handshakeStatus(`${base}?token=${host.token.slice(0, -1)}`)).toBe(401);
    expect(await handshakeStatus(`${base}?token=`)).toBe(401);
    expect(await handshakeStatus(`${base}?tok=${host.token}`)).toBe(401);
    expect(host.protocolServer.connectionCount).toBe(0); // nothing refused ever reached the protocol
    expect(await handshakeStatus(`${base}?token=${host.token}`)).toBe(101);
  });

  it('makes the client reject a refused connection with CONNECTION_CLOSED, without leaking the token', async () => {
    const wrongToken = generateToken();
    const error = await connectWebSocket({ url: `ws://127.0.0.1:${host.port}/ws`, token: wrongToken, WebSocket }).catch((reason: unknown) => reason);
    expect(NwsError.is(error, ErrorCode.ConnectionClosed)).toBe(true);
    expect((error as NwsError).message).not.toContain(wrongToken);
  });

  it('takes upgrades only on its path and leaves plain HTTP alone', async () => {
    expect(await handshakeStatus(`ws://127.0.0.1:${host.port}/other?token=${host.token}`)).toBe(404);
    const body = await new Promise<string>((resolve, reject) => {
      httpRequest({ host: '127.0.0.1', port: host.port, path: '/' }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve(text));
      })
        .on('error', reject)
        .end();
    });
    expect(body).toBe('plain http still works');
  });

  it('is reachable on loopback only when bound with listenOnLoopback', async () => {
    expect((host.server.address() as AddressInfo).address).toBe('127.0.0.1');
    const outside = firstNonLoopbackIpv4();
    if (outside === undefined) return; // a machine with only loopback has no outside to test from
    const refused = await handshakeStatus(`ws://${outside}:${host.port}/ws?token=${host.token}`).catch((error: NodeJS.ErrnoException) => error.code);
    expect(refused).toBe('ECONNREFUSED');
  });

  it('refuses with 403 an upgrade arriving from a non-loopback address even with the right token', async () => {
    const outside = firstNonLoopbackIpv4();
    if (outside === undefined) return; // nothing but loopback on this machine: no such request can arrive
    const exposed = await startHost('0.0.0.0');
    try {
      expect(await handshakeStatus(`ws://${outside}:${exposed.port}/ws?token=${exposed.token}`)).toBe(403);
      expect(await handshakeStatus(`ws://127.0.0.1:${exposed.port}/ws?token=${exposed.token}`)).toBe(101);
    } finally {
      await stopHost(exposed);
    }
  });

  it('refuses a weak token or a bad path at attach time with INVALID_CONFIG', () => {
    const server = createServer();
    const protocolServer = new ProtocolServer();
    expect(() => attachWebSocketTransport({ server, token: 'short', protocolServer })).toThrow(/token: must be at least 32/);
    expect(() => attachWebSocketTransport({ server, token: generateToken(), path: 'ws', protocolServer })).toThrow(/path/);
    expect(server.listenerCount('upgrade')).toBe(0);
  });
});

describe('WebSocket transport: frame limits', () => {
  let host: Host;
  beforeEach(async () => {
    host = await startHost('127.0.0.1', 4096);
  });
  afterEach(async () => {
    await stopHost(host);
  });

  it('sets the socket limit above the protocol limit', () => {
    expect(host.transport.socketMaxPayload).toBe(socketPayloadLimit(4096));
    expect(host.transport.socketMaxPayload).toBeGreaterThan(4 * 4096);
  });

  it('answers MESSAGE_TOO_LARGE up to the socket limit and keeps the socket', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
    await new Promise((resolve) => socket.once('open', resolve));
    const answers: unknown[] = [];
    socket.on('message', (data: Buffer) => answers.push(JSON.parse(data.toString())));
    socket.send(JSON.stringify({ id: 1, method: 'system.echo', params: { text: 'x'.repeat(4 * 4096) } }));
    socket.send(JSON.stringify({ id: 2, method: 'system.echo', params: { text: 'ok' } }));
    await until(() => answers.length === 2);
    expect(answers).toEqual([
      { id: null, error: { code: 'MESSAGE_TOO_LARGE', message: expect.any(String), details: { maxMessageBytes: 4096 } } },
      { id: 2, result: { text: 'ok' } },
    ]);
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.close();
  });

  it('closes the socket (1009) on a frame above the socket limit and rejects pending calls', async () => {
    const connection = await connectWebSocket({ url: `ws://127.0.0.1:${host.port}/ws`, token: host.token, WebSocket });
    const client = new ProtocolClient(connection);
    const pending = client.call('system.echo', { text: 'waiting', delayMs: 5000 });
    const closeCode = new Promise<number>((resolve) => {
      const raw = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
      raw.once('open', () => raw.send('x'.repeat(host.transport.socketMaxPayload + 1)));
      raw.once('close', (code) => resolve(code));
    });
    expect(await closeCode).toBe(1009);
    // The oversized socket is gone but the other connection is untouched...
    await expect(client.call('system.ping')).resolves.toMatchObject({ ts: expect.any(Number) });
    // ...until the host drops it too.
    const rejected = expect(pending).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed });
    await host.transport.close();
    await rejected;
    expect(host.protocolServer.connectionCount).toBe(0);
  });

  it('answers INVALID_MESSAGE to a binary frame', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
    await new Promise((resolve) => socket.once('open', resolve));
    const answer = new Promise<unknown>((resolve) => socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()))));
    socket.send(Buffer.from('{"id":1,"method":"system.ping"}'));
    expect(await answer).toMatchObject({ id: null, error: { code: 'INVALID_MESSAGE', message: expect.stringContaining('JSON text') } });
    socket.close();
  });
});

describe('loopback and token helpers', () => {
  it('recognises loopback addresses in all their spellings', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1']) {
      expect(isLoopbackAddress(address), address).toBe(true);
    }
    for (const address of ['192.0.2.2', '10.0.0.1', '::ffff:10.0.0.1', 'fd00::2', '0.0.0.0', '::', '127.0.0', '127.0.0.256', undefined]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false);
    }
  });

  it('generates distinct 32-byte hex tokens and compares them exactly', () => {
    const first = generateToken();
    const second = generateToken();
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(first).not.toBe(second);
    expect(tokensEqual(first, first)).toBe(true);
    expect(tokensEqual(first, second)).toBe(false);
    expect(tokensEqual(first.toUpperCase(), first)).toBe(false);
    expect(tokensEqual(`${first}0`, first)).toBe(false);
    expect(tokensEqual('', first)).toBe(false);
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
