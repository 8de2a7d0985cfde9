import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ErrorCode, NwsError, testkit } from '@nws/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StateStore } from './state-store.js';
import { STATE_MIGRATIONS } from './migrations.js';

let dir: string;
let file: string;
let store: StateStore | undefined;
let clock = 1_704_205_800_000;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nws-state-'));
  file = join(dir, 'data', 'state.sqlite');
  clock = 1_704_205_800_000;
});

afterEach(() => {
  store?.close();
  store = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function openStore(): StateStore {
  store = StateStore.open(file, { now: () => clock });
  return store;
}

const { errorOf } = testkit;

describe('StateStore', () => {
  it('opens the file in WAL mode with foreign keys on, at the newest schema version', () => {
    const state = openStore();
    expect(state.schemaVersion).toBe(STATE_MIGRATIONS.length);
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.prepare('SELECT max(version) AS v FROM schema_version').get()).toEqual({ v: STATE_MIGRATIONS.length });
    } finally {
      raw.close();
    }
    // foreign_keys is per connection: prove the store's own connection enforces it.
    const fill = testkit.fills.of(testkit.orders.limit({ clientOrderId: 'O-NOWHERE' }));
    expect(errorOf(() => state.journalFill(fill)).code).toBe(ErrorCode.NotFound);
  });

  it('upserts, gets and lists instruments validated by the core schema', () => {
    const state = openStore();
    const aapl = state.upsertInstrument(testkit.instruments.aapl());
    state.upsertInstrument(testkit.instruments.esz24());
    state.upsertInstrument(testkit.instruments.eurusd());
    expect(state.getInstrument('AAPL.XNAS')).toEqual(aapl);
    expect(Object.isFrozen(state.getInstrument('AAPL.XNAS'))).toBe(true);
    expect(state.getInstrument('MSFT.XNAS')).toBeUndefined();

    state.upsertInstrument({ ...testkit.instruments.aapl(), name: 'Apple' });
    expect(state.getInstrument('AAPL.XNAS')?.name).toBe('Apple');
    expect(state.listInstruments().map((instrument) => instrument.id)).toEqual(['AAPL.XNAS', 'ESZ24.XCME', 'EUR/USD.IDEALPRO']);
    expect(state.listInstruments({ assetClass: 'future' }).map((instrument) => instrument.id)).toEqual(['ESZ24.XCME']);
    expect(state.listInstruments({ venue: 'IDEALPRO' }).map((instrument) => instrument.id)).toEqual(['EUR/USD.IDEALPRO']);
  });

  it('refuses a bad instrument naming every bad field, and writes nothing', () => {
    const state = openStore();
    const error = errorOf(() => state.upsertInstrument({ ...testkit.instruments.aapl(), tickSize: -1, currency: 'usd' }));
    expect(error.code).toBe(ErrorCode.InvalidValue);
    expect(error.message).toContain('tickSize');
    expect(error.message).toContain('currency');
    expect(state.listInstruments()).toEqual([]);
    expect(errorOf(() => state.getInstrument('not an id')).code).toBe(ErrorCode.InvalidArgument);
  });

  it('stores settings as JSON, optionally parsed by a schema', () => {
    const state = openStore();
    expect(state.getSetting('ui.theme')).toBeUndefined();
    state.setSetting('ui.theme', 'dark');
    state.setSetting('layout', { panels: [{ id: 'chart', w: 6 }], locked: false, note: undefined });
    expect(state.getSetting('ui.theme')).toBe('dark');
    expect(state.getSetting('layout')).toEqual({ panels: [{ id: 'chart', w: 6 }], locked: false });
    expect(state.getSetting('layout', z.object({ locked: z.boolean() }))).toEqual({ locked: false });
    expect(errorOf(() => state.getSetting('ui.theme', z.number())).code).toBe(ErrorCode.InvalidValue);

    expect(errorOf(() => state.setSetting('bad', { ratio: NaN })).message).toBe("setting 'bad'.ratio: NaN is not a finite number");
    expect(errorOf(() => state.setSetting('bad', new Date())).code).toBe(ErrorCode.InvalidValue);
    expect(state.getSetting('bad')).toBeUndefined();
    expect(state.deleteSetting('ui.theme')).toBe(true);
    expect(state.deleteSetting('ui.theme')).toBe(false);
  });

  it('appends to the audit log and reads it back by time', () => {
    const state = openStore();
    const first = state.audit('user', 'settings.changed', { key: 'ui.theme' });
    clock += 1000;
    state.audit('risk', 'kill-switch.engaged', { reason: 'max drawdown' });
    clock += 1000;
    state.audit('host', 'started');
    expect(first).toEqual({ id: 1, ts: 1_704_205_800_000, actor: 'user', action: 'settings.changed', details: { key: 'ui.theme' } });
    expect(state.auditLog().map((entry) => entry.action)).toEqual(['settings.changed', 'kill-switch.engaged', 'started']);
    expect(state.auditLog({ since: 1_704_205_801_000 }).map((entry) => entry.actor)).toEqual(['risk', 'host']);
    expect(state.auditLog({ limit: 1 }).map((entry) => entry.id)).toEqual([1]);
    expect(errorOf(() => state.auditLog({ limit: 0 })).code).toBe(ErrorCode.InvalidArgument);
    expect(errorOf(() => state.audit('', 'x')).code).toBe(ErrorCode.InvalidArgument);
  });

  it('cannot modify or delete the audit log, even with raw SQL', () => {
    const state = openStore();
    state.audit('user', 'order.submitted', { clientOrderId: 'O-1' });
    state.close();
    const raw = new Database(file);
    try {
      expect(() => raw.prepare("UPDATE audit_log SET actor = 'someone else'").run()).toThrow('audit_log is append-only: UPDATE refused');
      expect(() => raw.prepare('DELETE FROM audit_log').run()).toThrow('audit_log is append-only: DELETE refused');
    } finally {
      raw.close();
    }
    expect(openStore().auditLog()).toMatchObject([{ actor: 'user', action: 'order.submitted' }]);
  });

  it('persists across close and reopen', () => {
    const state = openStore();
    state.upsertInstrument(testkit.instruments.esz24());
    state.setSetting('answer', 42);
    state.close();
    const reopened = openStore();
    expect(reopened.getInstrument('ESZ24.XCME')?.multiplier).toBe(50);
    expect(reopened.getSetting('answer')).toBe(42);
  });

  it('refuses calls after close and bad options', () => {
    const state = openStore();
    state.close();
    expect(errorOf(() => state.listInstruments()).message).toContain('is closed');
    expect(errorOf(() => StateStore.open(join(dir, 'other.sqlite'), { busyTimeoutMs: -5 })).code).toBe(ErrorCode.InvalidConfig);
  });
});
