// Runs benchmark suites: `npm run bench` runs all, `npm run bench -- bus storage` the named ones.
// Each suite file bench/suites/<name>.ts default-exports a BenchSuite; each suite runs in its own
// child process so peak-RSS numbers and JIT state of one suite never leak into another.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tuneV8ForBacktests } from '@nws/backtest';
import type { BenchEntry, BenchSuite } from './types.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const suitesDir = join(benchDir, 'suites');
const resultsDir = join(benchDir, 'results');

function availableSuites(): string[] {
  return readdirSync(suitesDir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => file.slice(0, -3))
    .sort();
}

async function runSuiteInThisProcess(name: string): Promise<void> {
  const tmpDir = mkdtempSync(join(tmpdir(), `nws-bench-${name}-`));
  try {
    const module = (await import(pathToFileURL(join(suitesDir, `${name}.ts`)).href)) as { default: BenchSuite };
    const entries = await module.default({ tmpDir, log: (message) => process.stderr.write(`[${name}] ${message}\n`) });
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, `${name}.json`), JSON.stringify(entries, null, 2) + '\n');
    printTable(name, entries);
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

function printTable(suite: string, entries: BenchEntry[]): void {
  const rows = entries.map((entry) => [
    entry.name,
    formatNumber(entry.value),
    entry.unit,
    entry.peer ?? '',
    entry.peerValue === undefined ? '' : formatNumber(entry.peerValue),
    entry.ratio === undefined ? '' : `${entry.ratio}x`,
    entry.target === undefined ? '' : `${entry.higherIsBetter ? '>=' : '<='} ${formatNumber(entry.target)}`,
  ]);
  const header = ['name', 'value', 'unit', 'peer', 'peer value', 'ratio', 'target'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  console.log(`\n== ${suite} (bench/results/${suite}.json)`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return String(Number(value.toPrecision(4)));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--suite-in-process') {
    // As what runs backtests in the app does (Workstation.start, nws backtest, nws sweep).
    tuneV8ForBacktests();
    await runSuiteInThisProcess(args[1]!);
    return;
  }
  const all = availableSuites();
  const unknown = args.filter((name) => !all.includes(name));
  if (unknown.length > 0) {
    console.error(`nws bench: unknown suite ${unknown.join(', ')}; available: ${all.join(', ')}`);
    process.exit(2);
  }
  const chosen = args.length > 0 ? args : all;
  let failed = 0;
  for (const name of chosen) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', fileURLToPath(import.meta.url), '--suite-in-process', name], {
      stdio: 'inherit',
    });
    if (child.status !== 0) {
      failed += 1;
      console.error(`nws bench: suite ${name} failed (exit ${child.status ?? child.signal})`);
    }
  }
  if (failed > 0) process.exit(1);
}

await main();
