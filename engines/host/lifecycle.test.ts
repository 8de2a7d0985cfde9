import { describe, expect, it } from 'vitest';
import { ErrorCode, NwsError, type EngineStatus } from '@nws/core';
import { EngineSupervisor, type HostComponent } from './lifecycle.js';

/** A component that records start/stop calls into a shared journal and can be told to fail. */
function component(name: string, journal: string[], behaviour: { required?: boolean; failStart?: boolean; failStop?: boolean } = {}): HostComponent {
  return {
    name,
    required: behaviour.required ?? true,
    start: async () => {
      journal.push(`start ${name}`);
      if (behaviour.failStart) throw new NwsError(ErrorCode.StorageError, `${name} cannot open its file`);
    },
    stop: async () => {
      journal.push(`stop ${name}`);
      if (behaviour.failStop) throw new Error(`${name} hung up badly`);
    },
  };
}

function supervisorWith(...components: HostComponent[]): { supervisor: EngineSupervisor; events: EngineStatus[] } {
  const supervisor = new EngineSupervisor(() => 42);
  const events: EngineStatus[] = [];
  supervisor.onStatus((status) => events.push(status));
  for (const each of components) supervisor.add(each);
  return { supervisor, events };
}

describe('EngineSupervisor', () => {
  it('starts in order, stops in reverse, and reports every transition', async () => {
    const journal: string[] = [];
    const { supervisor, events } = supervisorWith(component('bus', journal), component('store', journal));
    expect(supervisor.health()).toEqual([
      { name: 'bus', status: 'ready' },
      { name: 'store', status: 'ready' },
    ]);
    await supervisor.startAll();
    expect(supervisor.allRunning()).toBe(true);
    expect(await supervisor.stopAll()).toEqual([]);
    expect(await supervisor.stopAll()).toEqual([]); // second stop: nothing left to stop
    expect(journal).toEqual(['start bus', 'start store', 'stop store', 'stop bus']);
    expect(events.map((event) => `${event.engine}:${event.state}`)).toEqual([
      'bus:ready',
      'store:ready',
      'bus:running',
      'store:running',
      'store:stopped',
      'bus:stopped',
    ]);
    expect(events.every((event) => event.ts === 42)).toBe(true);
  });

  it('faults on a required component that cannot start and stops those already started', async () => {
    const journal: string[] = [];
    const { supervisor } = supervisorWith(component('bus', journal), component('store', journal, { failStart: true }), component('server', journal));
    await expect(supervisor.startAll()).rejects.toMatchObject({
      code: ErrorCode.StorageError,
      message: 'engine "store" failed to start: store cannot open its file',
    });
    expect(journal).toEqual(['start bus', 'start store', 'stop bus']);
    expect(supervisor.health()).toEqual([
      { name: 'bus', status: 'stopped' },
      { name: 'store', status: 'faulted', message: 'store cannot open its file' },
      { name: 'server', status: 'ready' },
    ]);
  });

  it('runs degraded when an optional component cannot start', async () => {
    const journal: string[] = [];
    const { supervisor } = supervisorWith(component('bus', journal), component('feed', journal, { required: false, failStart: true }), component('server', journal));
    await supervisor.startAll();
    expect(supervisor.health().map((each) => each.status)).toEqual(['running', 'degraded', 'running']);
    expect(supervisor.allRunning()).toBe(false);
    await supervisor.stopAll();
    expect(journal).toEqual(['start bus', 'start feed', 'start server', 'stop server', 'stop bus']);
  });

  it('keeps stopping the others when one fails to stop, and reports it', async () => {
    const journal: string[] = [];
    const { supervisor } = supervisorWith(component('bus', journal), component('store', journal, { failStop: true }), component('server', journal));
    await supervisor.startAll();
    const failures = await supervisor.stopAll();
    expect(failures.map((failure) => failure.message)).toEqual(['engine "store" failed to stop: store hung up badly']);
    expect(journal.slice(3)).toEqual(['stop server', 'stop store', 'stop bus']);
    expect(supervisor.health()[1]).toEqual({ name: 'store', status: 'faulted', message: 'failed to stop: store hung up badly' });
  });

  it('refuses duplicate names and reports about unknown engines', () => {
    const { supervisor } = supervisorWith(component('bus', []));
    expect(() => supervisor.add(component('bus', []))).toThrow(/already part of the workstation/);
    expect(() => supervisor.report('nope', 'degraded')).toThrow(/no engine "nope"/);
  });
});
