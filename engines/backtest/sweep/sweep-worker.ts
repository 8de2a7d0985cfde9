// Worker thread body of a sweep pool: announces itself ready once loaded (and warmed up, when
// the pool asks for it: warm-up.ts), then for each sweep
// claims parameter sets from the shared queue and runs them until the queue is empty or stopped.
import { parentPort, workerData } from 'node:worker_threads';
import { NwsError } from '@nws/core';
import { QueueSlot } from './sweep-messages.js';
import type { SweepWorkerReply, SweepWorkerRequest, SweepWorkerStart } from './sweep-messages.js';
import { runSweepCell } from './sweep-run.js';
import { warmUpSweepWorker } from './warm-up.js';

const port = parentPort!;

function runCells(start: SweepWorkerStart): void {
  const queue = new Int32Array(start.queue);
  const currentSlot = QueueSlot.firstCurrent + start.worker;
  const total = start.parameterSets.length;
  while (Atomics.load(queue, QueueSlot.stop) === 0) {
    const index = Atomics.add(queue, QueueSlot.next, 1);
    if (index >= total) break;
    Atomics.store(queue, currentSlot, index);
    let reply: SweepWorkerReply;
    try {
      reply = { kind: 'done', sweep: start.sweep, index, statistics: runSweepCell(start.spec, start.series, start.parameterSets[index]!) };
    } catch (error) {
      const failure = NwsError.from(error);
      reply = { kind: 'failed', sweep: start.sweep, index, error: { code: failure.code, message: failure.message } };
    }
    Atomics.store(queue, currentSlot, -1);
    port.postMessage(reply);
  }
}

port.on('message', (message: SweepWorkerRequest) => runCells(message));
if ((workerData as { warmUp?: boolean } | undefined)?.warmUp === true) warmUpSweepWorker();
port.postMessage({ kind: 'ready' } satisfies SweepWorkerReply);
