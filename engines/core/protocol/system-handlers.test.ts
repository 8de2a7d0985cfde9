import { describe, expect, it } from 'vitest';
import type { CallContext, ConnectionId } from './server.js';
import { createSystemHandlers } from './system-handlers.js';

const context: CallContext = { connectionId: 'c1' as ConnectionId, transport: 'websocket' };

describe('createSystemHandlers', () => {
  it('reports uptime from the injected clock and every engine as given', async () => {
    let now = 1_700_000_000_000;
    const handlers = createSystemHandlers({
      version: '1.2.3',
      startedAt: now,
      now: () => now,
      engines: () => [
        { name: 'storage', status: 'running' },
        { name: 'marketdata', status: 'stopped' },
      ],
    });
    now += 1500;
    expect(await handlers['system.health']({}, context)).toEqual({
      status: 'ok',
      version: '1.2.3',
      uptimeMs: 1500,
      startedAt: 1_700_000_000_000,
      engines: [
        { name: 'storage', status: 'running' },
        { name: 'marketdata', status: 'stopped' },
      ],
      transport: 'websocket',
    });
  });

  it('is degraded while any engine is degraded or faulted', async () => {
    let status: 'running' | 'degraded' | 'faulted' = 'running';
    const handlers = createSystemHandlers({ version: 'x', engines: () => [{ name: 'risk', status }] });
    expect((await handlers['system.health']({}, context)).status).toBe('ok');
    status = 'degraded';
    expect((await handlers['system.health']({}, context)).status).toBe('degraded');
    status = 'faulted';
    expect((await handlers['system.health']({}, context)).status).toBe('degraded');
  });

  it('echoes text repeated and answers ping with the clock', async () => {
    const handlers = createSystemHandlers({ version: 'x', now: () => 42 });
    expect(await handlers['system.echo']({ text: 'ab', times: 2, delayMs: 0 }, context)).toEqual({ text: 'abab' });
    expect(await handlers['system.ping']({}, context)).toEqual({ ts: 42 });
  });
});
