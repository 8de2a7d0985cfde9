// Host start-up: how long a user waits between running `nws serve` and getting the URL to open.
// Each run spawns the real CLI on a fresh data directory (so the stores are created, as on a first
// start) and stops it with SIGTERM. One discarded warm-up run fills tsx's transform cache and the
// OS file cache; the median of the warm runs is reported.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '../types.js';
import type { BenchContext, BenchEntry } from '../types.js';

const NWS_BIN = fileURLToPath(new URL('../../engines/host/bin/nws.mjs', import.meta.url));
const URL_LINE = /^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/m;
const WARM_RUNS = 5;

interface ServeSample {
  /** Wall-clock ms from spawn to the URL line. */
  readyMs: number;
  /** CPU ms the process used until then (all its threads); null where /proc is missing. */
  cpuMs: number | null;
}

/**
 * CPU time of a process so far, from /proc (Linux; clock ticks assumed 100 Hz, the kernel default).
 * Unlike wall time this barely moves when other work shares the machine.
 */
function processCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Time from spawn to the URL line; the process is then stopped and awaited. */
function timeServeReady(home: string): Promise<ServeSample> {
  const started = performance.now();
  const child = spawn(process.execPath, [NWS_BIN, 'serve', '--port', '0', '--home', home], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return new Promise<ServeSample>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let readyMs: number | null = null;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    void exited.then((code) => {
      if (readyMs === null) reject(new Error(`nws serve exited (${code}) before printing its URL: ${stderr}`));
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (readyMs !== null || !URL_LINE.test(stdout)) return;
      readyMs = performance.now() - started;
      const sample: ServeSample = { readyMs, cpuMs: processCpuMs(child.pid!) };
      child.kill('SIGTERM');
      void exited.then((code) => (code === 0 ? resolve(sample) : reject(new Error(`nws serve exited ${code} on SIGTERM: ${stderr}`))));
    });
  });
}

export default async function hostSuite(ctx: BenchContext): Promise<BenchEntry[]> {
  await timeServeReady(join(ctx.tmpDir, 'warm-up'));
  const samples: ServeSample[] = [];
  for (let run = 0; run < WARM_RUNS; run += 1) {
    const sample = await timeServeReady(join(ctx.tmpDir, `run-${run}`));
    samples.push(sample);
    ctx.log(`serve ready run ${run + 1}/${WARM_RUNS}: ${sample.readyMs.toFixed(0)} ms wall, ${sample.cpuMs ?? '?'} ms CPU`);
  }
  const wall = samples.map((sample) => sample.readyMs);
  const cpu = samples.flatMap((sample) => (sample.cpuMs === null ? [] : [sample.cpuMs]));
  const entries: BenchEntry[] = [
    {
      name: 'host.serve_ready',
      value: Math.round(median(wall)),
      unit: 'ms',
      higherIsBetter: false,
      target: 1500,
      note: `median of ${WARM_RUNS} warm runs (spawn of \`nws serve --port 0\` on a fresh data dir to its URL line); samples ${wall.map((ms) => ms.toFixed(0)).join(', ')}; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
    },
  ];
  if (cpu.length === samples.length) {
    entries.push({
      name: 'host.serve_ready_cpu',
      value: median(cpu),
      unit: 'ms',
      higherIsBetter: false,
      note: 'CPU time (all threads) the serve process used until its URL line, median; a proxy for the idle-machine wall time',
    });
  }
  return entries;
}
