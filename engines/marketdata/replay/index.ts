// Replay of stored bars on the bus at 1×–1000× of their own time (or `max`), with a simulated clock.
export { ReplayFeed } from './replay-feed.js';
export type { ReplayFeedOptions, ReplayState, ReplayStatus } from './replay-feed.js';
export { MAX_REPLAY_SPEED, MIN_REPLAY_SPEED, parseReplayRequest, parseReplaySpeed, replayRequestSchema, replaySpeedSchema } from './replay-request.js';
export type { ReplayRequest, ReplayRequestInput, ReplaySpeed } from './replay-request.js';
export { MergedReplayCursor, loadReplaySeries } from './replay-bars.js';
export type { ReplaySeries } from './replay-bars.js';
