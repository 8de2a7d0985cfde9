// The IBKR connection settings as Settings → IBKR stores them (StateStore setting `ibkr.connection`):
// where TWS / IB Gateway listens, paper or live, and whether the Host connects on start. Live mode
// is stored only with an explicit confirmation and while the risk engine is on, so a Host never
// connects live on its own without both.
import { z } from 'zod';
import { ErrorCode, NwsError, describeIssues, type HandlerParams } from '@nws/core';
import { DEFAULT_RISK_LIMITS } from '@nws/risk';

/** Settings key of the stored connection settings. */
export const IBKR_SETTINGS_KEY = 'ibkr.connection';
/** Settings key of the risk engine's stored limits (as @nws/risk RiskSettingKey.limits). */
const RISK_LIMITS_KEY = 'risk.limits';

export const ibkrSettingsSchema = z.strictObject({
  host: z.string().trim().min(1).default('127.0.0.1'),
  port: z.int().min(1).max(65_535).default(4002),
  clientId: z.int().min(0).default(17),
  platform: z.enum(['tws', 'gateway']).default('gateway'),
  mode: z.enum(['paper', 'live']).default('paper'),
  /** Connect on every Host start. */
  enabled: z.boolean().default(false),
  /** The user ticked "I understand live orders use real money" (only meaningful in live mode). */
  liveConfirmed: z.boolean().default(false),
});

export type IbkrSettings = Readonly<z.output<typeof ibkrSettingsSchema>>;

export interface SettingsStore {
  getSetting(key: string): unknown;
  setSetting(key: string, value: unknown): void;
}

/** The stored settings; defaults (paper, Gateway on 127.0.0.1:4002, off) when none or unreadable. */
export function loadIbkrSettings(store: Pick<SettingsStore, 'getSetting'>): IbkrSettings {
  const parsed = ibkrSettingsSchema.safeParse(store.getSetting(IBKR_SETTINGS_KEY) ?? {});
  return Object.freeze(parsed.success ? parsed.data : ibkrSettingsSchema.parse({}));
}

/**
 * Checks `params` from `ibkr.configure` and answers the settings to store. Live mode without
 * `confirmLive: true`, or while the risk engine has no enabled limit, is refused with an error that
 * names what is missing; nothing is stored then.
 */
export function nextIbkrSettings(params: HandlerParams<'ibkr.configure'>, store: Pick<SettingsStore, 'getSetting'>): IbkrSettings {
  const parsed = ibkrSettingsSchema.safeParse({
    host: params.host, port: params.port, clientId: params.clientId, platform: params.platform, mode: params.mode,
    enabled: params.enabled, liveConfirmed: params.mode === 'live' && params.confirmLive === true,
  });
  if (!parsed.success) throw new NwsError(ErrorCode.InvalidConfig, `IBKR settings: ${describeIssues(parsed.error.issues)}`);
  if (params.mode === 'live') {
    const missing: string[] = [];
    if (params.confirmLive !== true) missing.push('confirmLive: live orders use real money; tick the live confirmation in Settings → IBKR');
    if (!riskEngineOn(store)) missing.push('the risk engine is off (no enabled limit): switch limits on before trading live');
    if (missing.length > 0) throw new NwsError(ErrorCode.InvalidConfig, `IBKR live mode refused: ${missing.join('; ')}`, { missing });
  }
  return Object.freeze(parsed.data);
}

/**
 * The risk engine is "on" while at least one limit is enabled: the stored limits, or the defaults a
 * new user gets (all enabled) when none are stored.
 */
export function riskEngineOn(store: Pick<SettingsStore, 'getSetting'>): boolean {
  const stored = store.getSetting(RISK_LIMITS_KEY);
  const limits: ReadonlyArray<unknown> = Array.isArray(stored) ? stored : DEFAULT_RISK_LIMITS;
  return limits.some((limit) => typeof limit === 'object' && limit !== null && (limit as { enabled?: unknown }).enabled !== false);
}

/** Whether these settings may connect: paper always, live only with the stored confirmation and the risk engine on. */
export function mayConnect(settings: IbkrSettings, store: Pick<SettingsStore, 'getSetting'>): { ok: true } | { ok: false; reason: string } {
  if (settings.mode === 'paper') return { ok: true };
  if (!settings.liveConfirmed) return { ok: false, reason: 'live mode is not confirmed in Settings → IBKR' };
  if (!riskEngineOn(store)) return { ok: false, reason: 'live mode needs the risk engine on (no enabled limit)' };
  return { ok: true };
}
