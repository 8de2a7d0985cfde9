// The worker side of bridge.test.ts: a bus bridged to the main thread through parentPort.
// It collects what main publishes, reports on request, sends sequences back, and serves endpoints.
// node: imports are fine here: test fixtures are not part of the isomorphic core.
import { parentPort } from 'node:worker_threads';
import { ErrorCode, NwsError } from '../../errors.js';
import { BusBridge } from '../bridge.js';
import { MessageBus } from '../message-bus.js';
import { patterns } from '../topics.js';
import { bridgeFixture } from './bridge-fixture.js';

if (parentPort === null) throw new Error('bridge-worker must run in a worker thread');

const bus = new MessageBus({ name: 'worker' });
const bridge = new BusBridge(bus, parentPort, { name: 'worker' });
const { fromMain, fromWorker } = bridgeFixture;

let received = 0;
let inOrder = true;
bus.subscribe(fromMain.seq, (value) => {
  if (value !== received) inOrder = false;
  received += 1;
});

bus.subscribe(fromMain.control, (command) => {
  if (command === 'report') {
    bus.publish(fromWorker.report, { received, inOrder });
  } else if (command.startsWith('send:')) {
    const count = Number(command.slice('send:'.length));
    for (let index = 0; index < count; index++) bus.publish(fromWorker.seq, index);
    bus.publish(fromWorker.control, 'sent');
  } else if (command === 'close') {
    bridge.close();
    bus.close();
  }
});

bus.respond(bridgeFixture.double, (value) => value * 2);
bus.respond(bridgeFixture.refuse, () => {
  throw new NwsError(ErrorCode.InvalidParams, 'worker refuses negative values');
});

await bridge.want(patterns.signals());
bus.publish(fromWorker.control, 'ready');
