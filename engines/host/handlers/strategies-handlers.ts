// The protocol methods of strategy runs and replays on the paper account (method table:
// core/protocol/methods.ts; the work is done by paper/strategy-runner-service.ts).
import type { ProtocolServer } from '@nws/core';
import type { StrategyRuns } from '../paper/strategy-runner-service.js';
import { withoutUndefined } from './handler-values.js';

export function registerStrategyHandlers(protocol: ProtocolServer, runs: StrategyRuns): void {
  protocol.handle('strategies.catalogue', () => ({ strategies: runs.catalogue() }));
  protocol.handle('strategies.start', async (params) => {
    const run = await runs.start(withoutUndefined({ ...params, replay: params.replay === undefined ? undefined : withoutUndefined(params.replay) }));
    return { strategyRunId: run.strategyRunId, run };
  });
  protocol.handle('strategies.stop', (params) => runs.stop(params.strategyRunId));
  protocol.handle('strategies.list', () => ({ runs: runs.list() }));
  protocol.handle('replay.start', (params) => runs.startReplay(withoutUndefined(params)));
  protocol.handle('replay.pause', (params) => runs.pauseReplay(params.replayId));
  protocol.handle('replay.resume', (params) => runs.resumeReplay(params.replayId));
  protocol.handle('replay.stop', (params) => runs.stopReplay(params.replayId));
  protocol.handle('replay.status', () => ({ replays: runs.replayStatuses() }));
}
