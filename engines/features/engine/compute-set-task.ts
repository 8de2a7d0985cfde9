// Worker-pool entry for `features.compute-set`: the Host registers this module
// (FEATURES_COMPUTE_SET_TASK_MODULE) and each call computes one indicator set over bar columns.
import { computeIndicatorSet, type IndicatorSetRequest, type IndicatorSetResult } from './indicator-set.js';

export default function computeIndicatorSetTask(request: IndicatorSetRequest): IndicatorSetResult {
  return computeIndicatorSet(request);
}
