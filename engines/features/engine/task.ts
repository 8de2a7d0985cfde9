/** Name the Host registers the indicator-set worker task under. */
export const FEATURES_COMPUTE_SET_TASK = 'features.compute-set';

/** The module the Host's worker pool loads for `features.compute-set` (default export). */
export const FEATURES_COMPUTE_SET_TASK_MODULE = new URL('./compute-set-task.ts', import.meta.url);
