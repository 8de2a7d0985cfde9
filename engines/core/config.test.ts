import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { parseFrozenConfig } from './config.js';
import { NwsError } from './errors.js';

const schema = z.strictObject({
  port: z.int().min(0).max(65535).default(0),
  limits: z.strictObject({ maxOrders: z.int().min(1).default(10) }).prefault({}),
});

describe('parseFrozenConfig', () => {
  it('applies defaults and freezes every level', () => {
    const config = parseFrozenConfig(schema, {}, 'test config');
    expect(config).toEqual({ port: 0, limits: { maxOrders: 10 } });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.limits)).toBe(true);
  });

  it('names every bad and unknown field in one INVALID_CONFIG error', () => {
    const error = (() => {
      try {
        parseFrozenConfig(schema, { port: 70000, limits: { maxOrders: 0 }, colour: 'red' }, 'test config');
      } catch (caught) {
        return caught as NwsError;
      }
      throw new Error('expected a failure');
    })();
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toMatch(/^invalid test config: /);
    expect(error.message).toContain('port:');
    expect(error.message).toContain('limits.maxOrders:');
    expect(error.message).toContain('colour');
    expect((error.details as { issues: unknown[] }).issues).toHaveLength(3);
  });
});
