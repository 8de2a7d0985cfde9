// RiskEngineConfig: frozen plain data from a strict schema; one error names every bad field.
import { z } from 'zod';
import { parseFrozenConfig } from '@nws/core';
import { LIMIT_TYPES, LIMIT_TYPE_NAMES } from './checks/index.js';
import type { LimitCheck } from './types.js';
import type { LimitConfig, LimitType } from './checks/index.js';

type AnySchema = z.ZodType;
const limitSchemas = LIMIT_TYPE_NAMES.map((type) => LIMIT_TYPES[type].schema as AnySchema);

/** One limit: `type` picks the schema; the scope must be one the type can measure. */
export const limitConfigSchema = z
  .unknown()
  .transform((input, ctx): LimitConfig => {
    const type = typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : undefined;
    if (typeof type !== 'string' || !(type in LIMIT_TYPES)) {
      ctx.addIssue({ code: 'custom', path: ['type'], message: `must be one of ${LIMIT_TYPE_NAMES.join(', ')}` });
      return z.NEVER;
    }
    const definition = LIMIT_TYPES[type as LimitType];
    const result = (definition.schema as AnySchema).safeParse(input);
    if (!result.success) {
      for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', path: issue.path as PropertyKey[], message: issue.message });
      return z.NEVER;
    }
    const config = result.data as LimitConfig;
    if (!definition.scopes.includes(config.scope.kind)) {
      ctx.addIssue({ code: 'custom', path: ['scope', 'kind'], message: `${type} cannot be scoped to ${config.scope.kind}; use ${definition.scopes.join(' or ')}` });
      return z.NEVER;
    }
    return config;
  });

export const riskEngineConfigSchema = z.strictObject({
  /** Two limits with the same id (explicit or default `<type>:<scope>`) are refused: the second would silently replace the first. */
  limits: z
    .array(limitConfigSchema)
    .default([])
    .superRefine((limits, ctx) => {
      const seen = new Map<string, number>();
      limits.forEach((limit, index) => {
        const id = limitIdOf(limit);
        const first = seen.get(id);
        if (first !== undefined) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicates the id '${id}' of limits.${first}; give one an id` });
        else seen.set(id, index);
      });
    }),
  /** Who the audit log says acted. */
  auditActor: z.string().min(1).default('risk'),
});
export type RiskEngineConfigInput = z.input<typeof riskEngineConfigSchema>;
export type RiskEngineConfig = Readonly<z.output<typeof riskEngineConfigSchema>>;

export function loadRiskEngineConfig(input: unknown = {}): RiskEngineConfig {
  return parseFrozenConfig(riskEngineConfigSchema, input, 'risk config');
}

export function parseLimitConfig(input: unknown): LimitConfig {
  return parseFrozenConfig(limitConfigSchema, input, 'risk limit');
}

/** The id a limit config gets once compiled (its own, or the default `<type>:<scope>`). */
export function limitIdOf(config: LimitConfig): string {
  return (LIMIT_TYPES[config.type as LimitType] as { create(config: LimitConfig): LimitCheck }).create(config).id;
}
