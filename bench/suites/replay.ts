// Paper trading on a replay: sma-cross over stored one-minute bars, replayed at `max` speed on a real
// Workstation's paper account (bus, risk engine, SQLite journal in the path), started over the
// protocol and timed until the run finishes. Peer: runBacktest on the same bars in the same process,
// which gives the same fills (engines/host/paper/replay-equivalence.test.ts) without bus or journal.
// Likewise on ticks: stored quotes and trades replayed at `max`, against runBacktest on the same ticks.
// Also the pace at 1000×: wall time of a paced replay over the bars' own time / 1000.
import { runBacktest } from '@nws/backtest';
import { Workstation } from '../../engines/host/workstation.js';
import { simInstrument, swingBars, swingTicks, writeReplayData, writeReplayTicks } from '../../engines/host/paper/replay-fixtures.js';
import type { BenchContext, BenchEntry } from '../types.js';
import { withPeer } from '../types.js';

const BARS = 20_000;
/** Quotes replayed (and a trade after every third one). */
const QUOTES = 60_000;
const PACED_BARS = 41; // 40 one-minute steps: 2.4 s at 1000×
const START = Date.UTC(2024, 0, 2, 0, 0);
const PARAMS = { fast: 10, slow: 30, stake: 10 };

async function waitForRun(client: ReturnType<Workstation['connect']>, strategyRunId: string): Promise<{ fills: number; bars: number; ticksSeen?: number | undefined }> {
  for (;;) {
    const run = (await client.call('strategies.list', {})).runs.find((one) => one.strategyRunId === strategyRunId)!;
    if (run.status !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export default async function suite(ctx: BenchContext): Promise<BenchEntry[]> {
  const series = swingBars('AAA.SIM', { start: START, count: BARS, base: 100, seed: 1 });
  const paced = swingBars('BBB.SIM', { start: START, count: PACED_BARS, base: 50, seed: 2 });
  await writeReplayData(ctx.tmpDir, [simInstrument('AAA'), simInstrument('BBB')], [series, paced]);
  const tickSeries = await writeReplayTicks(ctx.tmpDir, [simInstrument('TCK')], [swingTicks('TCK.SIM', { start: START, count: QUOTES, base: 100, seed: 3 })]);
  const ticks = tickSeries.reduce((sum, one) => sum + one.ts.length, 0);

  const backtestStart = performance.now();
  const backtest = runBacktest({ strategy: 'sma-cross', params: PARAMS, instruments: [simInstrument('AAA')] }, [series]);
  const backtestSeconds = (performance.now() - backtestStart) / 1000;
  const tickBacktestStart = performance.now();
  const tickBacktest = runBacktest({ strategy: 'sma-cross', params: PARAMS, instruments: [simInstrument('TCK')] }, tickSeries);
  const tickBacktestSeconds = (performance.now() - tickBacktestStart) / 1000;

  const workstation = await Workstation.start({ home: ctx.tmpDir, workers: { maxThreads: 1 }, market: { demo: false } });
  const client = workstation.connect();
  try {
    const replayStart = performance.now();
    const { strategyRunId } = await client.call('strategies.start', { strategy: 'sma-cross', params: PARAMS, instrumentIds: ['AAA.SIM'], barType: '1m', source: 'replay', replay: { speed: 'max' } });
    const run = await waitForRun(client, strategyRunId);
    const replaySeconds = (performance.now() - replayStart) / 1000;
    if (run.fills !== backtest.fills.length) throw new Error(`paper replay made ${run.fills} fills, the backtest ${backtest.fills.length}`);

    const tickStart = performance.now();
    const tickRunId = (await client.call('strategies.start', { strategy: 'sma-cross', params: PARAMS, instrumentIds: ['TCK.SIM'], ticks: ['quotes', 'trades'], source: 'replay', replay: { speed: 'max' } })).strategyRunId;
    const tickRun = await waitForRun(client, tickRunId);
    const tickSeconds = (performance.now() - tickStart) / 1000;
    if (tickRun.fills !== tickBacktest.fills.length || tickRun.ticksSeen !== ticks) throw new Error(`paper tick replay made ${tickRun.fills} fills over ${tickRun.ticksSeen} ticks, the backtest ${tickBacktest.fills.length} over ${ticks}`);

    const pacedStart = performance.now();
    const started = await client.call('replay.start', { instrumentIds: ['BBB.SIM'], barType: '1m', speed: 1000 });
    for (;;) {
      const status = (await client.call('replay.status', {})).replays.find((one) => one.replayId === started.replayId)!;
      if (status.state === 'done') break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const pacedMs = performance.now() - pacedStart;
    const pacedTargetMs = ((PACED_BARS - 1) * 60_000) / 1000;

    const paperRate = BARS / replaySeconds;
    const backtestRate = BARS / backtestSeconds;
    ctx.log(`paper replay at max: ${BARS} bars, ${run.fills} fills in ${replaySeconds.toFixed(2)} s (${Math.round(paperRate)} bars/s); backtest ${backtestSeconds.toFixed(3)} s (${Math.round(backtestRate)} bars/s)`);
    ctx.log(`paper tick replay at max: ${ticks} ticks, ${tickRun.fills} fills in ${tickSeconds.toFixed(2)} s; backtest ${tickBacktestSeconds.toFixed(3)} s`);
    ctx.log(`1000x pace: ${PACED_BARS} bars in ${pacedMs.toFixed(0)} ms, target ${pacedTargetMs} ms`);
    return [
      withPeer({
        name: 'replay.paper_max_bars_per_s',
        value: Math.round(paperRate),
        unit: 'bars/s',
        higherIsBetter: true,
        peer: 'runBacktest, same bars and strategy, same process',
        peerValue: Math.round(backtestRate),
        note: `sma-cross over ${BARS} 1m bars through the protocol, bus, risk engine and SQLite journal; ${run.fills} fills, identical to the backtest's`,
      }),
      withPeer({
        name: 'replay.paper_max_ticks_per_s',
        value: Math.round(ticks / tickSeconds),
        unit: 'ticks/s',
        higherIsBetter: true,
        peer: 'runBacktest, same ticks and strategy, same process',
        peerValue: Math.round(ticks / tickBacktestSeconds),
        note: `sma-cross over ${QUOTES} stored quotes and ${ticks - QUOTES} trades through the protocol, bus, risk engine and SQLite journal; ${tickRun.fills} fills, as many as the backtest's`,
      }),
      {
        name: 'replay.pace_1000x_ratio',
        value: Number((pacedMs / pacedTargetMs).toFixed(3)),
        unit: 'x of target',
        higherIsBetter: false,
        target: 1.1,
        note: `wall time of a ${PACED_BARS}-bar replay at 1000x over the bars' own time / 1000 (1 = exact pace; includes protocol polling every 5 ms)`,
      },
    ];
  } finally {
    client.close();
    await workstation.stop();
  }
}
