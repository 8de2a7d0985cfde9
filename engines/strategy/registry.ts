/** Strategies by name: the built-ins plus any a user registers. Names are kebab-case. */
import { ErrorCode, NwsError } from '@nws/core';
import { resolveStrategyParams } from './params.js';
import type { ParamDeclarations, ParamValues } from './params.js';
import type { Strategy } from './strategy.js';

export interface StrategyDefinition<D extends ParamDeclarations = ParamDeclarations> {
  /** kebab-case, e.g. `sma-cross`. */
  readonly name: string;
  readonly description: string;
  readonly params: D;
  /** How many instruments a run must give it (pairs needs exactly 2). */
  readonly instruments: { readonly min: number; readonly max: number };
  create(params: ParamValues<D>): Strategy;
}

/** Identity with type inference for the declarations, so `create` sees typed params. */
export function defineStrategy<const D extends ParamDeclarations>(definition: StrategyDefinition<D>): StrategyDefinition<D> {
  return Object.freeze(definition);
}

const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export class StrategyRegistry {
  private readonly definitions = new Map<string, StrategyDefinition>();

  register(definition: StrategyDefinition<ParamDeclarations>): void {
    if (!NAME_PATTERN.test(definition.name)) {
      throw new NwsError(ErrorCode.InvalidArgument, `strategy name '${definition.name}' must be kebab-case, e.g. sma-cross`);
    }
    if (this.definitions.has(definition.name)) throw new NwsError(ErrorCode.Conflict, `strategy '${definition.name}' is already registered`);
    this.definitions.set(definition.name, definition as unknown as StrategyDefinition);
  }

  has(name: string): boolean {
    return this.definitions.has(name);
  }

  /** Throws NOT_FOUND listing the known names. */
  get(name: string): StrategyDefinition {
    const definition = this.definitions.get(name);
    if (definition === undefined) {
      throw new NwsError(ErrorCode.NotFound, `unknown strategy '${name}'; known: ${this.names().join(', ')}`);
    }
    return definition;
  }

  names(): string[] {
    return [...this.definitions.keys()].sort();
  }

  list(): StrategyDefinition[] {
    return this.names().map((name) => this.definitions.get(name)!);
  }

  /**
   * Validates `rawParams` and the instrument count, then builds the strategy. Throws
   * INVALID_ARGUMENT naming every bad parameter, or the instrument count expected.
   */
  create(name: string, rawParams: Readonly<Record<string, unknown>> = {}, instrumentCount = 1): Strategy {
    const definition = this.get(name);
    const { min, max } = definition.instruments;
    if (instrumentCount < min || instrumentCount > max) {
      const expected = min === max ? `${min}` : `${min} to ${max}`;
      throw new NwsError(ErrorCode.InvalidArgument, `strategy '${name}' trades ${expected} instrument(s), got ${instrumentCount}`);
    }
    return definition.create(resolveStrategyParams(definition.params, rawParams));
  }
}
