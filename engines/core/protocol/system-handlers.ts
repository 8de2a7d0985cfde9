import type { EngineState } from '../bus/payloads.js';
import type { SystemHealth } from './methods.js';
import type { MethodHandler } from './server.js';

export interface EngineHealth {
  readonly name: string;
  readonly status: EngineState;
}

export interface SystemHandlersOptions {
  /** The workstation's version, e.g. from package.json. */
  readonly version: string;
  /** Current state of each engine, read on every `system.health` call. */
  readonly engines?: () => ReadonlyArray<EngineHealth>;
  /** Epoch ms clock; default Date.now. */
  readonly now?: () => number;
  /** When the Host started (epoch ms); default: when these handlers were made. */
  readonly startedAt?: number;
  /** The data directory, reported to clients; omitted when the Host has none (tests, in-memory). */
  readonly dataDir?: string;
}

export interface SystemHandlers {
  readonly 'system.health': MethodHandler<'system.health'>;
  readonly 'system.ping': MethodHandler<'system.ping'>;
  readonly 'system.echo': MethodHandler<'system.echo'>;
}

/** An engine in one of these states makes the whole Host report `degraded`. */
const unhealthy: ReadonlySet<EngineState> = new Set<EngineState>(['degraded', 'faulted']);

/** Handlers of the `system.*` methods, for the Host to pass to its ProtocolServer. */
export function createSystemHandlers(options: SystemHandlersOptions): SystemHandlers {
  const now = options.now ?? Date.now;
  const startedAt = options.startedAt ?? now();
  const engines = options.engines ?? (() => []);
  return {
    'system.health': (_params, context): SystemHealth => {
      const current = engines().map((engine) => ({ name: engine.name, status: engine.status }));
      return {
        status: current.some((engine) => unhealthy.has(engine.status)) ? 'degraded' : 'ok',
        version: options.version,
        uptimeMs: Math.max(0, now() - startedAt),
        startedAt,
        engines: current,
        transport: context.transport,
        ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      };
    },
    'system.ping': () => ({ ts: now() }),
    'system.echo': async ({ text, times, delayMs }) => {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      return { text: text.repeat(times) };
    },
  };
}
