/**
 * Live side of the features engine: follows bar topics on the bus, updates streaming indicators
 * with each bar and publishes every new value on `features.<symbol>.<venue>.<spec>.<key>`. The
 * indicators are the ones computeAndStore uses in batch (same kernels), so a strategy sees live
 * the numbers a backtest over the stored bars sees.
 */
import { ErrorCode, NwsError, formatBarSpec, instrumentIdProblem, parseBarSpec, topics } from '@nws/core';
import type { Bar, Disposer, InstrumentId, MessageBus, Topic } from '@nws/core';
import { createIndicator, type Indicator, type IndicatorInput, type IndicatorValues } from '../indicator.js';
import { resolveIndicatorSet, type IndicatorSpec } from './indicator-set.js';
import { timestampsFromMicros } from '../batch.js';

/** Published on `topics.features(...)` for each bar once the indicator is warmed up. */
export interface FeatureUpdate {
  instrumentId: InstrumentId;
  /** Bar spec, e.g. `1m`. */
  barType: string;
  key: string;
  indicator: string;
  /** Open time of the bar the values belong to, epoch ms. */
  ts: number;
  values: IndicatorValues;
}

/** The topic a key's values are published on. */
export function featureTopic(instrumentId: InstrumentId, barType: string, key: string): Topic<FeatureUpdate> {
  return topics.features<FeatureUpdate>(instrumentId, barType, key);
}

/** One bar series and the indicators to keep on it. */
export interface StreamingFeatureSeries {
  instrumentId: string;
  barType: string;
  indicators: readonly IndicatorSpec[];
}

export interface StreamingFeaturesStats {
  /** Bars applied to the indicators. */
  bars: number;
  /** Values published. */
  published: number;
  /** Bars ignored: not after the last applied bar of their series (replays, duplicates). */
  stale: number;
  /** Bars refused because a field the indicators read was not a finite number. */
  rejected: number;
}

/** Bar columns as storage returns them; `BarColumns` from @nws/storage fits. */
export interface PrimeColumns {
  tsUs: BigInt64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

interface Tracked {
  readonly key: string;
  readonly indicator: Indicator;
  readonly topic: Topic<FeatureUpdate>;
}

class SeriesState {
  lastTs = -Infinity;
  constructor(
    readonly instrumentId: InstrumentId,
    readonly barType: string,
    readonly tracked: readonly Tracked[],
    readonly fields: readonly string[],
  ) {}
}

export class StreamingFeatures {
  private readonly series: SeriesState[];
  private disposers: Disposer[] = [];
  private readonly counters: StreamingFeaturesStats = { bars: 0, published: 0, stale: 0, rejected: 0 };

  /** Checks every series and indicator now (INVALID_ARGUMENT naming each problem); nothing is subscribed until start(). */
  constructor(
    private readonly bus: MessageBus,
    config: readonly StreamingFeatureSeries[],
  ) {
    if (!Array.isArray(config) || config.length === 0) throw new NwsError(ErrorCode.InvalidArgument, 'streaming features: give at least one { instrumentId, barType, indicators }');
    const seen = new Set<string>();
    this.series = config.map((entry, index) => {
      const state = buildSeries(entry, index);
      const id = `${state.instrumentId} ${state.barType}`;
      if (seen.has(id)) throw new NwsError(ErrorCode.InvalidArgument, `streaming features[${index}]: ${id} is configured twice; put all its indicators in one entry`);
      seen.add(id);
      return state;
    });
  }

  get running(): boolean {
    return this.disposers.length > 0;
  }

  /** Subscribes to each series' bar topic. Idempotent. */
  start(): void {
    if (this.running) return;
    this.disposers = this.series.map((state) =>
      this.bus.subscribe(topics.bars(state.instrumentId, state.barType), (bar) => this.onBar(state, bar), { name: `features ${state.instrumentId} ${state.barType}` }),
    );
  }

  /** Unsubscribes; indicator state is kept, so a later start() continues where it stopped. */
  stop(): void {
    for (const dispose of this.disposers) dispose();
    this.disposers = [];
  }

  /**
   * Feeds history (oldest first) without publishing, so live values continue from stored bars
   * instead of warming up again. Bars not after the last applied one are skipped.
   */
  prime(instrumentId: string, barType: string, bars: Iterable<IndicatorInput & { ts: number }>): number {
    const state = this.find(instrumentId, barType);
    let applied = 0;
    for (const bar of bars) if (this.apply(state, bar, false)) applied++;
    return applied;
  }

  /** `prime` from columns as the time-series store returns them (`tsUs` in epoch µs). */
  primeColumns(instrumentId: string, barType: string, columns: PrimeColumns): number {
    const times = timestampsFromMicros(columns.tsUs);
    const bars: Array<IndicatorInput & { ts: number }> = [];
    for (let i = 0; i < times.length; i++) {
      bars.push({ ts: times[i]!, open: columns.open[i]!, high: columns.high[i]!, low: columns.low[i]!, close: columns.close[i]!, volume: columns.volume[i]! });
    }
    return this.prime(instrumentId, barType, bars);
  }

  /** Latest values of a key, or null while it warms up. */
  latest(instrumentId: string, barType: string, key: string): IndicatorValues | null {
    const tracked = this.find(instrumentId, barType).tracked.find((each) => each.key === key);
    if (tracked === undefined) throw new NwsError(ErrorCode.NotFound, `no streaming feature '${key}' on ${instrumentId} ${barType}`);
    return tracked.indicator.value;
  }

  stats(): StreamingFeaturesStats {
    return { ...this.counters };
  }

  private onBar(state: SeriesState, bar: Bar): void {
    this.apply(state, bar, true);
  }

  /** Applies one bar to every indicator of the series; returns whether it was applied. */
  private apply(state: SeriesState, bar: IndicatorInput & { ts: number }, publish: boolean): boolean {
    if (!hasFiniteFields(bar, state.fields)) {
      this.counters.rejected++;
      return false;
    }
    if (!(bar.ts > state.lastTs)) {
      this.counters.stale++;
      return false;
    }
    state.lastTs = bar.ts;
    this.counters.bars++;
    for (const { key, indicator, topic } of state.tracked) {
      const values = indicator.update(bar);
      if (values === null || !publish) continue;
      this.bus.publish(topic, { instrumentId: state.instrumentId, barType: state.barType, key, indicator: indicator.name, ts: bar.ts, values });
      this.counters.published++;
    }
    return true;
  }

  private find(instrumentId: string, barType: string): SeriesState {
    const spec = formatBarSpec(parseBarSpec(barType));
    const state = this.series.find((each) => each.instrumentId === instrumentId && each.barType === spec);
    if (state === undefined) throw new NwsError(ErrorCode.NotFound, `streaming features are not configured for ${instrumentId} ${barType}`);
    return state;
  }
}

function buildSeries(entry: StreamingFeatureSeries, index: number): SeriesState {
  const where = `streaming features[${index}]`;
  if (typeof entry !== 'object' || entry === null) throw new NwsError(ErrorCode.InvalidArgument, `${where} must be { instrumentId, barType, indicators }`);
  const problem = instrumentIdProblem(entry.instrumentId);
  if (problem !== undefined) throw new NwsError(ErrorCode.InvalidArgument, `${where}.instrumentId: ${problem}`);
  const instrumentId = entry.instrumentId as InstrumentId;
  const barType = formatBarSpec(parseBarSpec(entry.barType));
  const specs = withContext(where, () => resolveIndicatorSet(entry.indicators));
  const tracked = specs.map((spec) => ({
    key: spec.key,
    indicator: createIndicator(spec.name, spec.params, { source: spec.source }),
    topic: featureTopic(instrumentId, barType, spec.key),
  }));
  // Every field any indicator reads (its source for `real`): checked before any indicator updates,
  // so a bad bar never leaves some indicators a bar ahead of the others.
  const fields = [...new Set(specs.flatMap((spec, i) => tracked[i]!.indicator.inputs.map((input) => (input === 'real' ? spec.source : input))))];
  const unreadable = tracked.filter(({ indicator }) => indicator.inputs.some((input) => input === 'real0' || input === 'real1')).map(({ key }) => key);
  if (unreadable.length > 0) {
    throw new NwsError(ErrorCode.InvalidArgument, `${where}: ${unreadable.join(', ')} read two series (real0, real1); a bar series has one`);
  }
  return new SeriesState(instrumentId, barType, tracked, fields);
}

/** Runs `action`, prefixing the message of an NwsError it throws with `where`. */
function withContext<T>(where: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof NwsError) throw new NwsError(error.code, `${where}: ${error.message}`, error.details);
    throw error;
  }
}

function hasFiniteFields(bar: unknown, fields: readonly string[]): boolean {
  if (typeof bar !== 'object' || bar === null) return false;
  const record = bar as Record<string, unknown>;
  if (typeof record.ts !== 'number' || !Number.isFinite(record.ts)) return false;
  for (const field of fields) {
    const value = record[field];
    if (typeof value !== 'number' || value - value !== 0) return false;
  }
  return true;
}
