/**
 * Streaming indicator instances: one bar (or one value) in, the outputs for that bar out, O(1)
 * state per update for every indicator except CCI and the LINEARREG family (O(period), see
 * docs/indicators.md). Same kernel as computeBatch, so both always agree bit for bit.
 */
import { ErrorCode, NwsError } from '@nws/core';
import { checkedSource, type PriceField } from './batch.js';
import { resolveParams } from './params.js';
import { getIndicatorDefinition } from './registry.js';
import type { IndicatorDefinition, IndicatorKernel, IndicatorParams, InputName } from './types.js';

/** A bar (the core `Bar` fits) or any record carrying the fields the indicator reads. */
export type IndicatorInput = Readonly<Partial<Record<InputName, number>>>;

/** Output name → value for one bar. */
export type IndicatorValues = Readonly<Record<string, number>>;

export interface IndicatorOptions {
  /** Field read for `real` inputs when the input has no `real` field; default `close`. */
  source?: PriceField;
}

export interface Indicator {
  readonly name: string;
  readonly params: IndicatorParams;
  readonly outputs: readonly string[];
  readonly inputs: readonly InputName[];
  /** Updates before the first output. */
  readonly lookback: number;
  /**
   * Feeds one bar, or one number for single-input indicators. Returns this bar's outputs (a new
   * object each time), or null during warm-up. Bad input throws INVALID_VALUE and changes nothing.
   */
  update(input: number | IndicatorInput): IndicatorValues | null;
  /**
   * Feeds one number to a single-input indicator and returns its first output (`real` for most),
   * NaN during warm-up. Same state and checks as `update(value)`, but nothing is allocated: the
   * form for a strategy's per-bar loop. `value` still reads the full outputs afterwards.
   */
  next(value: number): number;
  /** Outputs of the latest update, or null while warming up. */
  readonly value: IndicatorValues | null;
  readonly isReady: boolean;
  /** Updates accepted since creation or the last reset. */
  readonly count: number;
  reset(): void;
}

/**
 * Builds the per-update result object. Most indicators have the single output `real`, which gets
 * an object literal V8 allocates on its fast path; others copy outputs by name.
 */
function valuesFactory(outputs: readonly string[]): (out: Float64Array) => IndicatorValues {
  if (outputs.length === 1 && outputs[0] === 'real') return (out) => ({ real: out[0] });
  return (out) => {
    const values: Record<string, number> = {};
    for (let i = 0; i < outputs.length; i++) values[outputs[i]] = out[i];
    return values;
  };
}

class StreamingIndicator implements Indicator {
  readonly name: string;
  readonly outputs: readonly string[];
  readonly inputs: readonly InputName[];
  readonly lookback: number;
  count = 0;
  private ready = false;
  /** Outputs object of the latest update; undefined when `next` moved on and nobody has asked yet. */
  private latest: IndicatorValues | null | undefined = null;
  private readonly kernel: IndicatorKernel;
  private readonly fields: readonly string[];
  private readonly args: Float64Array;
  private readonly makeValues: (out: Float64Array) => IndicatorValues;
  /** Takes one number per update (a `real` input), so `next` applies. */
  private readonly singleInput: boolean;

  constructor(
    definition: IndicatorDefinition,
    readonly params: IndicatorParams,
    options: IndicatorOptions,
  ) {
    this.name = definition.name;
    this.outputs = definition.outputs;
    this.inputs = definition.inputs;
    this.singleInput = definition.inputs.length === 1;
    this.lookback = definition.lookback(params);
    this.kernel = definition.createKernel(params);
    const source = checkedSource(options.source);
    this.fields = definition.inputs.map((input) => (input === 'real' ? source : input));
    this.args = new Float64Array(5);
    this.makeValues = valuesFactory(definition.outputs);
  }

  get isReady(): boolean {
    return this.ready;
  }

  get value(): IndicatorValues | null {
    // Built on first read after `next`, then kept: the same object until the next update.
    if (this.latest === undefined) this.latest = this.ready ? this.makeValues(this.kernel.out) : null;
    return this.latest;
  }

  update(input: number | IndicatorInput): IndicatorValues | null {
    let ready: boolean;
    if (typeof input === 'number') {
      this.checkNumber(input);
      ready = this.kernel.step(input);
    } else {
      this.readFields(input);
      const args = this.args;
      ready = this.kernel.step(args[0], args[1], args[2], args[3], args[4]);
    }
    this.count++;
    this.ready = ready;
    const value = ready ? this.makeValues(this.kernel.out) : null;
    this.latest = value;
    return value;
  }

  next(value: number): number {
    // x - x is 0 only for a finite number: one test on the hot path, the reasons in `refuseNumber`.
    if (!this.singleInput || typeof value !== 'number' || value - value !== 0) throw this.refuseNumber(value);
    const kernel = this.kernel;
    const ready = kernel.step(value);
    this.count++;
    this.ready = ready;
    this.latest = undefined;
    return ready ? kernel.out[0]! : NaN;
  }

  /** Why `next` (or `update` with a number) refuses `value`. */
  private refuseNumber(value: unknown): NwsError {
    if (typeof value !== 'number') return this.invalid(`next takes a number, got ${String(value)}`);
    if (!this.singleInput) return this.invalid(`takes bars with ${this.inputs.join(', ')}, not a single number`);
    return this.invalid(`value must be a finite number, got ${value}`);
  }

  private checkNumber(input: number): void {
    if (!this.singleInput || input - input !== 0) throw this.refuseNumber(input);
  }

  /** Copies the fields into `args`, validating all before anything changes. */
  private readFields(input: IndicatorInput): void {
    if (typeof input !== 'object' || input === null) throw this.invalid(`input must be a number or an object, got ${String(input)}`);
    const fields = this.fields;
    for (let i = 0; i < fields.length; i++) {
      const field = this.inputs[i] === 'real' && input.real !== undefined ? 'real' : fields[i];
      const value = (input as Record<string, unknown>)[field];
      if (typeof value !== 'number' || value - value !== 0) {
        throw this.invalid(`input field '${field}' must be a finite number, got ${value === undefined ? 'nothing' : String(value)}; reads ${fields.join(', ')}`);
      }
      this.args[i] = value;
    }
  }

  private invalid(problem: string): NwsError {
    return new NwsError(ErrorCode.InvalidValue, `${this.name}.update: ${problem}`);
  }

  reset(): void {
    this.kernel.reset();
    this.ready = false;
    this.latest = null;
    this.count = 0;
  }
}

/**
 * A streaming instance of `name` with validated parameters (defaults filled). Throws
 * INVALID_ARGUMENT for an unknown name or bad parameters, listing what is accepted.
 */
export function createIndicator(name: string, params?: Readonly<Record<string, unknown>>, options: IndicatorOptions = {}): Indicator {
  const definition = getIndicatorDefinition(name);
  return new StreamingIndicator(definition, resolveParams(definition, params), options);
}
