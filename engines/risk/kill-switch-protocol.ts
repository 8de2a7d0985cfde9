// The kill switch as protocol handlers. The Host adds the three methods to core's method table
// (schemas below, to copy there: core cannot import engines) and registers these handlers.
import { z } from 'zod';
import type { KillSwitch, KillSwitchReport, KillSwitchStatus } from './kill-switch.js';

export const killSwitchStatusSchema = z.object({
  engaged: z.boolean(),
  reason: z.string().optional(),
  engagedAt: z.number().optional(),
  flatten: z.boolean().optional(),
  rearmedAt: z.number().optional(),
  rearmedBy: z.string().optional(),
});

export const killSwitchMethodSchemas = {
  /** Cancels every open order, optionally flattens, and halts new orders. */
  'risk.kill': {
    params: z.strictObject({ reason: z.string().max(500).optional(), flatten: z.boolean().default(false) }),
    result: z.object({ status: killSwitchStatusSchema, canceledOrders: z.number().int().nonnegative(), flattened: z.array(z.string()) }),
  },
  /** Lets new orders through again; `by` names the person in the audit log. */
  'risk.rearm': {
    params: z.strictObject({ by: z.string().trim().min(1).max(200) }),
    result: killSwitchStatusSchema,
  },
  'risk.killStatus': {
    params: z.strictObject({}),
    result: killSwitchStatusSchema,
  },
} as const;

export interface KillSwitchHandlers {
  'risk.kill'(params: { reason?: string | undefined; flatten?: boolean | undefined }): KillSwitchReport;
  'risk.rearm'(params: { by: string }): KillSwitchStatus;
  'risk.killStatus'(params: Record<string, never>): KillSwitchStatus;
}

export function killSwitchHandlers(killSwitch: KillSwitch): KillSwitchHandlers {
  return {
    'risk.kill': (params) => killSwitch.engage({ ...(params.reason === undefined ? {} : { reason: params.reason }), flatten: params.flatten ?? false }),
    'risk.rearm': (params) => killSwitch.rearm(params.by),
    'risk.killStatus': () => killSwitch.status(),
  };
}
