import { z } from 'zod';
import { ErrorCode, NwsError, describeIssues } from '@nws/core';

/** One IB connection: TWS or IB Gateway, paper or live. Live needs explicit consent and the risk engine on. */
export const ibkrConnectionConfigSchema = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(1).max(65_535).default(4002),
    clientId: z.number().int().min(0).default(17),
    application: z.enum(['tws', 'gateway']).default('gateway'),
    mode: z.enum(['paper', 'live']).default('paper'),
    /** Settings → IBKR "I understand live orders use real money"; required when mode is live. */
    liveTradingConfirmed: z.boolean().default(false),
    /** Whether the risk engine is switched on; live trading is refused without it. */
    riskEngineEnabled: z.boolean().default(false),
    reconnect: z
      .strictObject({
        initialDelayMs: z.number().int().positive().default(500),
        maxDelayMs: z.number().int().positive().default(30_000),
        /** 0..1: each delay is scaled by a random factor in [1 - jitter, 1 + jitter]. */
        jitter: z.number().min(0).max(1).default(0.2),
      })
      .prefault({}),
    /** How long one connect attempt may take before it counts as failed. */
    connectTimeoutMs: z.number().int().positive().default(5_000),
  })
  .superRefine((config, ctx) => {
    if (config.mode !== 'live') return;
    if (!config.liveTradingConfirmed) ctx.addIssue({ code: 'custom', path: ['liveTradingConfirmed'], message: 'live trading needs explicit confirmation in Settings → IBKR' });
    if (!config.riskEngineEnabled) ctx.addIssue({ code: 'custom', path: ['riskEngineEnabled'], message: 'live trading needs the risk engine switched on' });
  });

export type IbkrConnectionConfigInput = z.input<typeof ibkrConnectionConfigSchema>;
export type IbkrConnectionConfig = Readonly<z.output<typeof ibkrConnectionConfigSchema>>;

/** Parses and freezes a connection config; every bad field is named in one INVALID_CONFIG error. */
export function defineIbkrConnectionConfig(input: IbkrConnectionConfigInput = {}): IbkrConnectionConfig {
  const parsed = ibkrConnectionConfigSchema.safeParse(input);
  if (!parsed.success) throw new NwsError(ErrorCode.InvalidConfig, `IBKR connection config: ${describeIssues(parsed.error.issues)}`);
  return Object.freeze({ ...parsed.data, reconnect: Object.freeze({ ...parsed.data.reconnect }) });
}
