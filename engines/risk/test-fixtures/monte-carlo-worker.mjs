// A bare worker thread for the Monte Carlo test: loads TypeScript through tsx, then runs the
// risk engine's task module on each message.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const task = await import(workerData.moduleUrl);
parentPort.on('message', (input) => {
  const pnl = task.default(input);
  parentPort.postMessage(pnl, [pnl.buffer]);
});
