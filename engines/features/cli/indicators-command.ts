/**
 * `nws indicators` without the command-line plumbing: CSV text, indicator name and `key=value`
 * parameters in; the result table and its JSON or CSV rendering out. Every user mistake is an
 * INVALID_ARGUMENT NwsError whose message lists what is accepted (the CLI exits 2 on it).
 */
import { ErrorCode, NwsError } from '@nws/core';
import { computeWithDefinition } from '../batch.js';
import { parseParamText, resolveParams } from '../params.js';
import { getIndicatorDefinition } from '../registry.js';
import type { IndicatorDefinition, InputName } from '../types.js';
import { parseOhlcvCsv, parseTimestamp } from './ohlcv-csv.js';

export type IndicatorsFormat = 'json' | 'csv';

export interface IndicatorsRequest {
  csvText: string;
  indicator: string;
  /** Repeated `--param key=value` arguments. */
  params?: readonly string[];
  format?: IndicatorsFormat;
}

/** One entry per input row; null during warm-up. */
export interface IndicatorsTable {
  index: string[];
  outputs: Record<string, Array<number | null>>;
}

function invalid(message: string): NwsError {
  return new NwsError(ErrorCode.InvalidArgument, message);
}

/** `['timeperiod=20', 'matype=EMA']` → `{ timeperiod: 20, matype: 1 }` (values checked later). */
export function parseParamAssignments(definition: IndicatorDefinition, assignments: readonly string[]): Record<string, number | string> {
  const params: Record<string, number | string> = {};
  for (const assignment of assignments) {
    const separator = assignment.indexOf('=');
    if (separator <= 0) throw invalid(`--param '${assignment}' must look like key=value, e.g. timeperiod=20`);
    const key = assignment.slice(0, separator).trim().toLowerCase();
    const spec = definition.params.find((candidate) => candidate.name === key);
    params[key] = parseParamText(spec, assignment.slice(separator + 1));
  }
  return params;
}

/** CSV columns feeding each input; `real` is the close. */
function csvColumnFor(input: InputName): string {
  return input === 'real' ? 'close' : input;
}

export function computeIndicatorsTable(request: IndicatorsRequest): IndicatorsTable {
  return computeWithHeader(request).table;
}

function computeWithHeader(request: IndicatorsRequest): { table: IndicatorsTable; timeHeader: string } {
  const definition = getIndicatorDefinition(request.indicator);
  const params = resolveParams(definition, parseParamAssignments(definition, request.params ?? []));
  const numericColumns = [...new Set(definition.inputs.filter((input) => input !== 'ts').map(csvColumnFor))];
  const table = parseOhlcvCsv(request.csvText, numericColumns);
  const columns: Record<string, Float64Array> = { ...table.columns };
  if (definition.inputs.includes('ts')) columns.ts = Float64Array.from(table.index, parseTimestamp);
  const computed = computeWithDefinition(definition, params, columns);
  const outputs: IndicatorsTable['outputs'] = {};
  for (const name of definition.outputs) outputs[name] = Array.from(computed[name], (value) => (Number.isNaN(value) ? null : value));
  return { table: { index: table.index, outputs }, timeHeader: table.timeHeader };
}

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatIndicatorsTable(table: IndicatorsTable, format: IndicatorsFormat, timeHeader = 'date'): string {
  if (format === 'json') return `${JSON.stringify(table)}\n`;
  const names = Object.keys(table.outputs);
  const lines = [[timeHeader, ...names].map(csvCell).join(',')];
  table.index.forEach((time, row) => {
    lines.push([csvCell(time), ...names.map((name) => (table.outputs[name][row] === null ? '' : String(table.outputs[name][row])))].join(','));
  });
  return `${lines.join('\n')}\n`;
}

/** The whole command: returns the text to print. */
export function runIndicatorsCommand(request: IndicatorsRequest): string {
  const format = request.format ?? 'json';
  if (format !== 'json' && format !== 'csv') throw invalid(`--format '${String(format)}' is not one of json, csv`);
  const { table, timeHeader } = computeWithHeader(request);
  return formatIndicatorsTable(table, format, timeHeader);
}
