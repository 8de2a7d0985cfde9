/**
 * Shapes shared by every indicator. One definition per indicator: metadata the UI can list plus a
 * factory for its streaming kernel; batch computation drives the same kernel over columns, so a
 * streaming instance and a batch run can never disagree.
 */

/** Names of input columns. `real` is a single price series (close unless told otherwise); `real0`/`real1` are the two series of BETA/CORREL; `ts` is epoch milliseconds. */
export type InputName = 'open' | 'high' | 'low' | 'close' | 'volume' | 'real' | 'real0' | 'real1' | 'ts';

/** `matype` parameters take TA-Lib's moving-average codes 0..8 (see MaType). */
export type ParamType = 'integer' | 'real' | 'matype';

export interface ParamSpec {
  /** TA-Lib's name lower-cased without the optIn prefix: timeperiod, fastk_period, nbdevup, ... */
  readonly name: string;
  readonly type: ParamType;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly description: string;
}

export type IndicatorGroup =
  | 'overlap'
  | 'momentum'
  | 'volume'
  | 'volatility'
  | 'statistic'
  | 'performance';

/** Resolved parameters: every declared parameter present, validated, frozen. */
export type IndicatorParams = Readonly<Record<string, number>>;

/**
 * A running indicator. `step` takes one row of inputs in the definition's input order and returns
 * true when `out` holds this row's outputs (false during warm-up). No allocation per step.
 */
export interface IndicatorKernel {
  step(a: number, b?: number, c?: number, d?: number, e?: number): boolean;
  readonly out: Float64Array;
  reset(): void;
}

export interface IndicatorDefinition {
  /** Lower-case name; TA-Lib's function name lower-cased when it mirrors one. */
  readonly name: string;
  /** The TA-Lib function this indicator reproduces exactly, if any. */
  readonly talib?: string;
  readonly group: IndicatorGroup;
  readonly description: string;
  readonly inputs: readonly InputName[];
  readonly params: readonly ParamSpec[];
  readonly outputs: readonly string[];
  /** Bars consumed before the first output: output i is defined for i >= lookback. */
  lookback(params: IndicatorParams): number;
  createKernel(params: IndicatorParams): IndicatorKernel;
}

/** Plain, serialisable description of an indicator for UIs and the protocol. */
export interface IndicatorInfo {
  readonly name: string;
  readonly talib: string | null;
  readonly group: IndicatorGroup;
  readonly description: string;
  readonly inputs: readonly InputName[];
  readonly params: readonly ParamSpec[];
  readonly outputs: readonly string[];
  /** Lookback at the default parameters. */
  readonly defaultLookback: number;
}
