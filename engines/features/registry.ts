/**
 * Every indicator, by name. The registry is the list the UI shows and the only place the engine
 * looks names up; names are matched case-insensitively (`SMA` and `sma` are the same).
 */
import { ErrorCode, NwsError } from '@nws/core';
import { directionalMovement } from './indicators/directional-movement.js';
import { momentumIndicators } from './indicators/momentum.js';
import { overlapStudies } from './indicators/overlap-studies.js';
import { priceTransforms } from './indicators/price-transforms.js';
import { statisticIndicators } from './indicators/statistics.js';
import { volatilityIndicators } from './indicators/volatility.js';
import { volumeIndicators } from './indicators/volume.js';
import { resolveParams } from './params.js';
import type { IndicatorDefinition, IndicatorInfo } from './types.js';

const definitions: readonly IndicatorDefinition[] = Object.freeze([
  ...overlapStudies,
  ...momentumIndicators,
  ...directionalMovement,
  ...volatilityIndicators,
  ...volumeIndicators,
  ...statisticIndicators,
  ...priceTransforms,
]);

const byName = new Map(definitions.map((definition) => [definition.name, definition]));

/** Names of every indicator, sorted. */
export function indicatorNames(): string[] {
  return [...byName.keys()].sort();
}

/** The definition of `name` (case-insensitive); INVALID_ARGUMENT listing the known names otherwise. */
export function getIndicatorDefinition(name: string): IndicatorDefinition {
  const definition = typeof name === 'string' ? byName.get(name.toLowerCase()) : undefined;
  if (definition === undefined) {
    throw new NwsError(ErrorCode.InvalidArgument, `unknown indicator '${String(name)}'; accepted: ${indicatorNames().join(', ')}`, {
      indicator: name,
      accepted: indicatorNames(),
    });
  }
  return definition;
}

export function hasIndicator(name: string): boolean {
  return byName.has(String(name).toLowerCase());
}

function toInfo(definition: IndicatorDefinition): IndicatorInfo {
  return Object.freeze({
    name: definition.name,
    talib: definition.talib ?? null,
    group: definition.group,
    description: definition.description,
    inputs: definition.inputs,
    params: definition.params,
    outputs: definition.outputs,
    defaultLookback: definition.lookback(resolveParams(definition)),
  });
}

const infos: readonly IndicatorInfo[] = Object.freeze(definitions.map(toInfo));

/** Serialisable metadata of every indicator, for pickers and the protocol. */
export function listIndicators(): readonly IndicatorInfo[] {
  return infos;
}

export function describeIndicator(name: string): IndicatorInfo {
  const definition = getIndicatorDefinition(name);
  return infos.find((info) => info.name === definition.name)!;
}

/** Bars before the first output of `name` with these parameters (validated). */
export function indicatorLookback(name: string, params?: Readonly<Record<string, unknown>>): number {
  const definition = getIndicatorDefinition(name);
  return definition.lookback(resolveParams(definition, params));
}
