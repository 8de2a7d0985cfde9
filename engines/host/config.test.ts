import { describe, expect, it } from 'vitest';
import { ErrorCode, NwsError } from '@nws/core';
import { defaultWorkerThreads, parseWorkstationConfig } from './config.js';

function configError(input: unknown): NwsError {
  try {
    parseWorkstationConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(NwsError);
    return error as NwsError;
  }
  return expect.fail('expected an INVALID_CONFIG error');
}

describe('WorkstationConfig', () => {
  it('fills defaults and freezes the result deeply', () => {
    const config = parseWorkstationConfig({ home: '/data/nws' });
    expect(config).toEqual({
      home: '/data/nws',
      server: { host: '127.0.0.1', port: 0, maxMessageBytes: 1024 * 1024 },
      market: { demo: true, liveBars: '1m' },
      renderer: { dir: null },
      workers: { maxThreads: defaultWorkerThreads(), idleTimeoutMs: 60_000 },
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.server)).toBe(true);
    expect(() => {
      (config.server as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('keeps given values', () => {
    const config = parseWorkstationConfig({ home: '/h', server: { port: 8080, host: '::1' }, workers: { maxThreads: 3 } });
    expect(config.server).toMatchObject({ port: 8080, host: '::1' });
    expect(config.workers.maxThreads).toBe(3);
  });

  it('names every bad or unknown field in one error', () => {
    const error = configError({ home: '', server: { port: -1, host: '0.0.0.0' }, workers: { maxThreads: 1.5 }, colour: 'red' });
    expect(error.code).toBe(ErrorCode.InvalidConfig);
    for (const field of ['home', 'server.port', 'server.host', 'workers.maxThreads', 'colour']) {
      expect(error.message).toContain(field);
    }
    expect(error.message).toContain('loopback');
  });

  it('requires an absolute home', () => {
    expect(configError({}).message).toContain('home');
    expect(configError({ home: 'relative/dir' }).message).toBe(
      'invalid workstation config: home: must be an absolute path (see resolveDataDir)',
    );
  });

  it('sizes the worker pool to leave a core to the live path, with at least two threads', () => {
    expect(defaultWorkerThreads(1)).toBe(2);
    expect(defaultWorkerThreads(2)).toBe(2);
    expect(defaultWorkerThreads(8)).toBe(7);
  });
});
