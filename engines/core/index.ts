// Public API of @nws/core. Isomorphic: runs in Node, worker threads and the browser renderer,
// so nothing below engines/core imports a node: module.
export * from './errors.js';
export * from './config.js';
export * from './domain/index.js';
export * from './bus/index.js';
export * from './protocol/index.js';
export * as testkit from './testkit/index.js';
