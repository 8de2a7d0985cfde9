// A real HTTP server on 127.0.0.1:0 that answers provider requests from recorded fixtures, for
// tests only: providers talk to it through the same code that talks to the real services.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** The text of fixtures/<provider>/<name>. */
export function fixture(provider: string, name: string): string {
  return readFileSync(join(fixturesDir, provider, name), 'utf8');
}

export interface FixtureResponse {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Wait this long before answering (to provoke client timeouts). */
  delayMs?: number;
}

export interface FixtureRoute {
  path: string;
  /** Query parameters that must all match for this route to answer. */
  query?: Record<string, string>;
  /** One response, or a sequence: call n gets entry n, the last one repeats. */
  respond: FixtureResponse | FixtureResponse[];
}

export interface RecordedRequest {
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
}

export class FixtureServer {
  readonly requests: RecordedRequest[] = [];
  private readonly hits = new Map<FixtureRoute, number>();

  private constructor(
    private readonly server: Server,
    private routes: FixtureRoute[],
  ) {}

  static async start(routes: FixtureRoute[] = []): Promise<FixtureServer> {
    let instance: FixtureServer | undefined;
    const server = createServer((request, response) => void instance!.handle(request, response));
    instance = new FixtureServer(server, routes);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Replaces the routes and forgets every request seen so far, keeping the same port. */
  setRoutes(routes: FixtureRoute[]): void {
    this.routes = routes;
    this.hits.clear();
    this.requests.length = 0;
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fixture');
    const query = Object.fromEntries(url.searchParams);
    const path = decodeURIComponent(url.pathname);
    this.requests.push({ path, query, headers: request.headers });
    const route = this.routes.find(
      (candidate) =>
        candidate.path === path &&
        Object.entries(candidate.query ?? {}).every(([name, value]) => query[name] === value),
    );
    if (!route) {
      // 418, not 404: a missing fixture must not look like "unknown symbol" to the code under test.
      response.writeHead(418, { 'content-type': 'text/plain' }).end(`no fixture for ${url.pathname}${url.search}`);
      return;
    }
    const reply = this.nextReply(route);
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (response.destroyed) return;
    const body = typeof reply.body === 'string' ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body);
    response.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers }).end(body);
  }

  private nextReply(route: FixtureRoute): FixtureResponse {
    const replies = Array.isArray(route.respond) ? route.respond : [route.respond];
    const count = this.hits.get(route) ?? 0;
    this.hits.set(route, count + 1);
    return replies[Math.min(count, replies.length - 1)]!;
  }
}
