import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineProtocolConformance } from './conformance.js';
import { createInProcessPair } from './transports/in-process.js';

defineProtocolConformance({
  transport: 'in-process',
  vitest: { describe, it, expect, beforeEach, afterEach },
  factory: async ({ protocolServer }) => ({
    async connect() {
      const pair = createInProcessPair();
      protocolServer.accept(pair.server);
      return pair.client;
    },
    async dispose() {},
  }),
});
