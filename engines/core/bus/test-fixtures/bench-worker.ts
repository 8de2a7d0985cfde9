// Worker side of the bus benchmark (bench/suites/bus.ts): counts what arrives through the bridge,
// and, as the peer, what arrives as one raw postMessage per message.
import { parentPort } from 'node:worker_threads';
import { BusBridge } from '../bridge.js';
import { MessageBus } from '../message-bus.js';
import { benchFixture } from './bench-fixture.js';

if (parentPort === null) throw new Error('bench-worker must run in a worker thread');
const port = parentPort;

const bus = new MessageBus({ name: 'bench-worker' });
const bridge = new BusBridge(bus, port, { name: 'bench-worker' });

let received = 0;
let checksum = 0;
bus.subscribe(benchFixture.quotes, (quote) => {
  received += 1;
  checksum += quote.bid;
});
bus.subscribe(benchFixture.control, (command) => {
  if (command === 'reset') {
    received = 0;
    checksum = 0;
  } else if (command === 'report') {
    bus.publish(benchFixture.report, { received, checksum });
  }
});

// The peer: the same payloads posted one message each, no bus, no batching.
let rawReceived = 0;
port.on('message', (message: { rawQuote?: { bid: number }; rawReport?: boolean; rawReset?: boolean }) => {
  if (message.rawQuote !== undefined) rawReceived += 1;
  else if (message.rawReset) rawReceived = 0;
  else if (message.rawReport) port.postMessage({ rawReceived });
});

await bridge.want([benchFixture.quotes, benchFixture.control]);
bus.publish(benchFixture.ready, true);
