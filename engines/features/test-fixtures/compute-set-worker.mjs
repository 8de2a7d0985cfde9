// A bare worker thread for the features engine tests: loads TypeScript through tsx, then runs the
// task module (FEATURES_COMPUTE_SET_TASK_MODULE) on each message, as the Host's pool would.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const task = await import(workerData.moduleUrl);
parentPort.on('message', (request) => {
  try {
    parentPort.postMessage({ ok: true, value: task.default(request) });
  } catch (error) {
    parentPort.postMessage({ ok: false, code: error.code, message: error.message });
  }
});
