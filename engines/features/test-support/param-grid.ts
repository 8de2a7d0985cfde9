/**
 * Test support: parameter combinations to sweep. Every parameter takes several values (bounds,
 * defaults, odd/even periods, every MA type for matype parameters), one at a time around the
 * defaults, plus seeded random combinations of all of them.
 */
import type { IndicatorDefinition, ParamSpec } from '../types.js';
import { seededRandom } from './series.js';

const realValues: Record<string, readonly number[]> = {
  nbdevup: [2, 1, 0.5, 2.5, -1.5, 0],
  nbdevdn: [2, 1, 0.5, 3, -0.5, 0],
  nbdev: [1, 2, 0.5, -1, 0],
  vfactor: [0, 0.3, 0.7, 1],
  acceleration: [0.01, 0.02, 0.05, 0.25],
  maximum: [0.1, 0.2, 0.5],
  fastlimit: [0.01, 0.3, 0.5, 0.99],
  slowlimit: [0.01, 0.05, 0.2, 0.99],
  multiplier: [0, 1, 2, 3.5],
  annualization: [1, 252, 365],
  riskfree: [0, 0.0001, -0.0002],
};

/** Candidate values of one parameter, all within its range. */
export function candidateValues(spec: ParamSpec): number[] {
  let values: number[];
  if (spec.type === 'matype') values = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  else if (spec.type === 'real') values = [...(realValues[spec.name] ?? [spec.default])];
  else values = [spec.min, spec.min + 1, 3, spec.default, 2 * spec.default + 1, 33, 48];
  return [...new Set(values)].filter((value) => value >= spec.min && value <= spec.max);
}

export function parameterGrid(definition: IndicatorDefinition, randomCombinations = 6, seed = 7): Array<Record<string, number>> {
  const defaults = Object.fromEntries(definition.params.map((spec) => [spec.name, spec.default]));
  const grid: Array<Record<string, number>> = [defaults];
  for (const spec of definition.params) {
    for (const value of candidateValues(spec)) {
      if (value !== spec.default) grid.push({ ...defaults, [spec.name]: value });
    }
  }
  const random = seededRandom(seed);
  for (let i = 0; i < randomCombinations && definition.params.length > 1; i++) {
    const combination: Record<string, number> = {};
    for (const spec of definition.params) {
      const values = candidateValues(spec);
      combination[spec.name] = values[Math.floor(random() * values.length)];
    }
    grid.push(combination);
  }
  return grid;
}
