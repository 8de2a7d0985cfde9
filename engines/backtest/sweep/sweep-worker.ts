// Worker thread body of a sweep: keeps the series from `init`, runs one cell per `run`.
import { parentPort } from 'node:worker_threads';
import { NwsError } from '@nws/core';
import type { SweepWorkerInit, SweepWorkerReply, SweepWorkerRequest } from './sweep-messages.js';
import { runSweepCell } from './sweep-run.js';

let shared: SweepWorkerInit | undefined;

parentPort!.on('message', (message: SweepWorkerRequest) => {
  if (message.kind === 'init') {
    shared = message;
    return;
  }
  let reply: SweepWorkerReply;
  try {
    if (shared === undefined) throw new Error('sweep worker got a run before its init');
    reply = { kind: 'done', index: message.index, statistics: runSweepCell(shared.spec, shared.series, message.params) };
  } catch (error) {
    const failure = NwsError.from(error);
    reply = { kind: 'failed', index: message.index, error: { code: failure.code, message: failure.message } };
  }
  parentPort!.postMessage(reply);
});
