// Replay of stored bars or ticks on the bus at 1×–1000× of their own time (or `max`), with a simulated clock.
export { ReplayFeed } from './replay-feed.js';
export type { ReplayFeedOptions, ReplayState, ReplayStatus } from './replay-feed.js';
export { MAX_REPLAY_SPEED, MIN_REPLAY_SPEED, REPLAY_TICK_KINDS, TICK_REPLAY_BAR_TYPE, parseReplayRequest, parseReplaySpeed, replayRequestSchema, replaySpeedSchema } from './replay-request.js';
export type { ReplayRequest, ReplayRequestInput, ReplaySpeed, ReplayTickKind } from './replay-request.js';
export { MergedCursor, barCursor, loadReplaySeries } from './replay-bars.js';
export type { ReplayCursor, ReplaySeries, ReplaySink } from './replay-bars.js';
export { loadReplayTicks, tickCursor } from './replay-ticks.js';
export type { ReplayTickSeries } from './replay-ticks.js';
