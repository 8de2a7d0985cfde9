/**
 * Test support: runs the `talib` npm package (TA-Lib's C code) on the same inputs as our
 * indicators and returns its outputs aligned to input rows (NaN before begIndex). Node-only and
 * used only by tests.
 */
import { createRequire } from 'node:module';
import type { IndicatorDefinition, IndicatorParams } from '../types.js';

interface TalibResult {
  begIndex: number;
  nbElement: number;
  result: Record<string, number[]>;
}

interface TalibExplanation {
  name: string;
  inputs: Array<{ name: string; type: string; flags?: Record<string, string> }>;
  optInputs: Array<{ name: string; defaultValue: number; type: string }>;
  outputs: Array<{ name: string }>;
}

interface TalibModule {
  execute(request: Record<string, unknown>): TalibResult;
  explain(name: string): TalibExplanation;
}

const require = createRequire(import.meta.url);
export const talib = require('talib') as TalibModule;

/** ta-lib-python's spelling of a TA-Lib name: optInFastK_Period → fastk_period. */
export function pythonParamName(optInName: string): string {
  return optInName.replace(/^optIn/, '').toLowerCase();
}

/** outReal → real, outMACDSignal → macdsignal, outRealUpperBand → upperband. */
export function pythonOutputName(outName: string): string {
  const lower = outName.replace(/^out/, '').toLowerCase();
  return lower.startsWith('real') && lower !== 'real' ? lower.slice(4) : lower;
}

export interface Ohlcv {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** Calls TA-Lib for `definition.talib` with our parameter values; outputs by our output names. */
export function runTalib(definition: IndicatorDefinition, params: IndicatorParams, data: Ohlcv & { real0?: Float64Array; real1?: Float64Array }): {
  begIndex: number;
  outputs: Record<string, Float64Array>;
} {
  const name = definition.talib!;
  const explanation = talib.explain(name);
  const length = data.close.length;
  const request: Record<string, unknown> = { name, startIdx: 0, endIdx: length - 1 };
  for (const input of explanation.inputs) {
    if (input.type === 'price') {
      for (const field of Object.values(input.flags ?? {})) request[field] = Array.from(data[field as keyof Ohlcv]);
    } else if (input.name === 'inReal') request.inReal = Array.from(data.close);
    else if (input.name === 'inReal0') request.inReal0 = Array.from(data.real0 ?? data.close);
    else if (input.name === 'inReal1') request.inReal1 = Array.from(data.real1 ?? data.close);
  }
  for (const option of explanation.optInputs) request[option.name] = params[pythonParamName(option.name)];
  const raw = talib.execute(request);
  const outputs: Record<string, Float64Array> = {};
  for (const output of explanation.outputs) {
    const aligned = new Float64Array(length).fill(NaN);
    const values = raw.result[output.name] ?? [];
    for (let i = 0; i < raw.nbElement; i++) aligned[raw.begIndex + i] = values[i];
    outputs[pythonOutputName(output.name)] = aligned;
  }
  return { begIndex: raw.nbElement > 0 ? raw.begIndex : length, outputs };
}
