// WorkstationConfig: frozen plain data from a strict schema. Unknown keys are rejected and every
// bad field is named at once, so a typo in a settings file never silently becomes a default.
import { availableParallelism } from 'node:os';
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { parseFrozenConfig } from '@nws/core';
import { isLoopbackHost } from './urls.js';

/**
 * Worker threads by default: leave one core to the live path (ticks, strategies, risk, UI),
 * but never fewer than two threads, so one long backtest cannot hold every other job hostage.
 * On the 2-core machines we target that means two workers sharing the second core with the OS.
 */
export function defaultWorkerThreads(cores: number = availableParallelism()): number {
  return Math.max(2, cores - 1);
}

const port = z.int().min(0).max(65535);


export const WorkstationConfigSchema = z.strictObject({
  /** Absolute path of the data directory this Host owns (see resolveDataDir). */
  home: z.string().refine(isAbsolute, 'must be an absolute path (see resolveDataDir)'),
  server: z
    .strictObject({
      /** Loopback interface the protocol (and, in browser mode, the renderer) listens on. */
      host: z.string().refine(isLoopbackHost, 'must be a loopback address (127.0.0.1, ::1 or localhost)').default('127.0.0.1'),
      /** 0 picks a free port; the chosen one is written to host.lock. */
      port: port.default(0),
      /** Largest protocol message accepted from a client, in bytes (1 MiB, the protocol default). */
      maxMessageBytes: z.int().min(1024).default(1024 * 1024),
    })
    .prefault({}),
  renderer: z
    .strictObject({
      /** Folder with the built renderer (index.html + assets) served at `/`; null serves only /ws. */
      dir: z.string().min(1).nullable().default(null),
    })
    .prefault({}),
  market: z
    .strictObject({
      /**
       * First start writes the seeded demo universe (5 years daily + 60 days of 1-minute bars) and
       * the live simulator streams quotes, trades and depth, so everything works offline.
       */
      demo: z.boolean().default(true),
      /** Step of the live bars built from the simulator's trades (and of the live indicators on them). */
      liveBars: z.string().regex(/^[1-9]\d*[smh]$/, 'must be an intraday bar step such as 1m, 5m or 1s').default('1m'),
    })
    .prefault({}),
  workers: z
    .strictObject({
      maxThreads: z.int().min(1).max(256).default(() => defaultWorkerThreads()),
      /** An idle thread is ended after this long; the next task starts a new one. */
      idleTimeoutMs: z.int().min(0).default(60_000),
    })
    .prefault({}),
});

export type WorkstationConfigInput = z.input<typeof WorkstationConfigSchema>;
export type WorkstationConfig = DeepReadonly<z.output<typeof WorkstationConfigSchema>>;

type DeepReadonly<T> = T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** Validates and freezes a config; throws NwsError(INVALID_CONFIG) listing every bad field. */
export function parseWorkstationConfig(input: unknown): WorkstationConfig {
  return parseFrozenConfig(WorkstationConfigSchema, input, 'workstation config');
}
