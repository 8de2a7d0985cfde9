// A timeline of one Host start, for finding where start-up time goes: with NWS_TRACE_STARTUP=1
// each stage is written to stderr as `nws startup: <ms since the process started> <stage>`.
// Off by default; costs one environment lookup per stage when off.

const enabled = typeof process !== 'undefined' && process.env.NWS_TRACE_STARTUP === '1';

/** Records that a start-up stage was reached (ms measured from the process's own start). */
export function traceStartup(stage: string): void {
  if (!enabled) return;
  process.stderr.write(`nws startup: ${performance.now().toFixed(0).padStart(5)} ms ${stage}\n`);
}
