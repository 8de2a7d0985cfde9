// Named builders for tests across engines: `testkit.instruments.aapl()`, `testkit.bars.series()`,
// `testkit.orders.limit()`, `testkit.fills.of(order)`. Deterministic, valid by construction.
export * as instruments from './instruments.js';
export * as bars from './bars.js';
export * as orders from './orders.js';
export * as fills from './fills.js';
export { errorOf } from './errors.js';
