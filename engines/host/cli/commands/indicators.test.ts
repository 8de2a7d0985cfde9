// Runs the `nws indicators` commander file through a small harness configured like cli/index.ts
// (exitOverride, captured output), with real CSV files in a temp dir. Until the command is wired
// into the CLI list, this is how it is exercised end to end.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { register } from './indicators.js';

const dir = mkdtempSync(join(tmpdir(), 'nws-indicators-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const csvPath = join(dir, 'aapl.csv');
writeFileSync(
  csvPath,
  'Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,10,11,9,10,10,100\n2024-01-03,10,12,10,12,12,100\n2024-01-04,12,13,11,11,11,100\n',
);

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const output = { out: (text: string) => void (out += text), err: (text: string) => void (err += text) };
  const program = new Command('nws')
    .configureOutput({ writeOut: output.out, writeErr: output.err, outputError: (message, write) => write(`nws: ${message.trimEnd()}\n`) })
    .exitOverride();
  register(program, output);
  try {
    await program.parseAsync(args, { from: 'user' });
    return { code: 0, out, err };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode === 0 ? 0 : 2, out, err };
    return { code: 1, out, err: err + String(error) };
  }
}

describe('nws indicators (commander)', () => {
  it('prints the JSON table for a file', async () => {
    const result = await run(['indicators', '--input', csvPath, '--indicator', 'sma', '--param', 'timeperiod=2']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual({ index: ['2024-01-02', '2024-01-03', '2024-01-04'], outputs: { real: [null, 11, 11.5] } });
  });

  it('prints CSV with --format csv and repeated --param', async () => {
    const result = await run(['indicators', '--input', csvPath, '--indicator', 'MA', '--param', 'timeperiod=2', '--param', 'matype=WMA', '--format', 'csv']);
    expect(result).toEqual({ code: 0, out: `Date,real\n2024-01-02,\n2024-01-03,${(10 + 24) / 3}\n2024-01-04,${(12 + 22) / 3}\n`, err: '' });
  });

  it('exits 2 with the accepted names for an unknown indicator', async () => {
    const result = await run(['indicators', '--input', csvPath, '--indicator', 'nope']);
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toMatch(/^nws: unknown indicator 'nope'; accepted: ad, adosc, /);
  });

  it('exits 2 for an unknown parameter or an out-of-range value, listing the accepted parameters', async () => {
    const unknown = await run(['indicators', '--input', csvPath, '--indicator', 'sma', '--param', 'length=3']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toBe("nws: sma: unknown parameter 'length'. Accepted parameters: timeperiod (integer 2..100000, default 30)\n");
    const outOfRange = await run(['indicators', '--input', csvPath, '--indicator', 'sma', '--param', 'timeperiod=0']);
    expect(outOfRange.code).toBe(2);
    expect(outOfRange.err).toContain('timeperiod=0 is out of range');
  });

  it('exits 2 for a missing file, a bad format or missing options', async () => {
    const missingFile = await run(['indicators', '--input', join(dir, 'absent.csv'), '--indicator', 'sma']);
    expect(missingFile).toMatchObject({ code: 2, err: `nws: --input ${join(dir, 'absent.csv')}: no such file\n` });
    const badFormat = await run(['indicators', '--input', csvPath, '--indicator', 'sma', '--format', 'xml']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.err).toContain("Allowed choices are json, csv");
    const missingIndicator = await run(['indicators', '--input', csvPath]);
    expect(missingIndicator.code).toBe(2);
    expect(missingIndicator.err).toContain("required option '--indicator <name>' not specified");
  });
});
