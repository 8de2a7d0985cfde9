// Public door of the domain model: Nautilus vocabulary, branded ids, checked values, schemas.
export type { Brand } from './brand.js';
export * from './ids.js';
export * from './id-generator.js';
export * from './price.js';
export * from './instrument.js';
export * from './bar.js';
export * from './quote-tick.js';
export * from './trade-tick.js';
export * from './order-book-depth.js';
export * from './order-status.js';
export * from './order.js';
export * from './bracket.js';
export * from './fill.js';
export * from './position.js';
export * from './account.js';
export * from './clock.js';
export * from './simulated-clock.js';
export * from './wall-clock.js';
