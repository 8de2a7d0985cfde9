// Public API of @nws/features: technical indicators defined once, used streaming (createIndicator)
// and in batch over Float64Array columns (computeBatch), reproducing TA-Lib exactly where TA-Lib
// has the indicator. Isomorphic: no node: imports, so it also runs in workers and the renderer.
export type { IndicatorDefinition, IndicatorGroup, IndicatorInfo, IndicatorKernel, IndicatorParams, InputName, ParamSpec, ParamType } from './types.js';
export { MaType, maTypeNames, maLookback } from './kernels/moving-averages.js';
export { resolveParams, parseParamText, describeAccepted, MAX_PERIOD } from './params.js';
export { listIndicators, describeIndicator, indicatorNames, hasIndicator, getIndicatorDefinition, indicatorLookback } from './registry.js';
export { createIndicator } from './indicator.js';
export type { Indicator, IndicatorInput, IndicatorOptions, IndicatorValues } from './indicator.js';
export { computeBatch, computeWithDefinition, timestampsFromMicros } from './batch.js';
export type { BatchColumns, BatchOptions, BatchOutputs, PriceField } from './batch.js';
export { runIndicatorsCommand, computeIndicatorsTable, formatIndicatorsTable, parseParamAssignments } from './cli/indicators-command.js';
export type { IndicatorsFormat, IndicatorsRequest, IndicatorsTable } from './cli/indicators-command.js';
export { parseOhlcvCsv, parseTimestamp } from './cli/ohlcv-csv.js';
export type { OhlcvTable } from './cli/ohlcv-csv.js';
export { IndicatorEngine } from './engine.js';
export { computeIndicatorSet, resolveIndicatorSet, featureKey } from './engine/indicator-set.js';
export type { IndicatorSpec, ResolvedIndicatorSpec, IndicatorSetRequest, IndicatorSetResult, IndicatorSetValues } from './engine/indicator-set.js';
export { FEATURES_COMPUTE_SET_TASK, FEATURES_COMPUTE_SET_TASK_MODULE } from './engine/task.js';
export { computeAndStore, FeatureService } from './engine/feature-service.js';
export type { ComputeAndStoreRequest, ComputeAndStoreResult, FeaturePhase, FeatureProgress, FeatureServiceDeps, FeatureStores, RunIndicatorSetTask } from './engine/feature-service.js';
export { StreamingFeatures, featureTopic } from './engine/streaming-features.js';
export type { FeatureUpdate, PrimeColumns, StreamingFeatureSeries, StreamingFeaturesStats } from './engine/streaming-features.js';
