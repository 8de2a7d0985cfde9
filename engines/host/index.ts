// Public API of @nws/host: the Workstation (one Host process), its config, data directory and
// lock, the worker pool, and the `nws` command line.
export { Workstation, EngineName } from './workstation.js';
export {
  WorkstationConfigSchema,
  parseWorkstationConfig,
  defaultWorkerThreads,
  type WorkstationConfig,
  type WorkstationConfigInput,
} from './config.js';
export { resolveDataDir, platformDataDir, DataDirFiles, APP_FOLDER_NAME, LINUX_APP_FOLDER_NAME, type DataDirSources } from './data-dir.js';
export { HostLock, readLockHolder, isProcessAlive, hostBaseUrl, lockPath, type HostLockInfo, type LockHolder } from './host-lock.js';
export { EngineSupervisor, type HostComponent, type EngineHealthDetail, type StatusListener } from './lifecycle.js';
export {
  WorkerPool,
  defineWorkerTask,
  type WorkerTask,
  type WorkerPoolOptions,
  type RunTaskOptions,
  type WorkerPoolStats,
} from './workers/worker-pool.js';
export { HOST_VERSION } from './version.js';
export { isLoopbackHost } from './urls.js';
export { connectToRunningHost, runningHost, withDataDirLock } from './host-access.js';
export { runCli, buildProgram, type CliOutput } from './cli/index.js';
export { ExitCode } from './cli/exit-codes.js';
