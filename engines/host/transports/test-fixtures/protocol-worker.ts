// A ProtocolServer inside a worker thread, served over the MessagePort handed in as workerData:
// the same arrangement as Electron's main process serving the preload over a MessagePortMain.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { createSystemHandlers, MessageBus, messagePortConnection, ProtocolServer, strategyId, topics } from '@nws/core';

const { port } = workerData as { port: MessagePort };
const bus = new MessageBus({ name: 'protocol-worker' });
const server = new ProtocolServer({
  bus,
  handlers: createSystemHandlers({ version: 'worker', engines: () => [{ name: 'worker-engine', status: 'running' }] }),
});
server.accept(messagePortConnection(port));

// The test asks for a signal to be published on this thread's bus.
parentPort!.on('message', (request: { signal: string; value: number }) => {
  bus.publish(topics.signals(strategyId('worker'), request.signal), { value: request.value });
});
