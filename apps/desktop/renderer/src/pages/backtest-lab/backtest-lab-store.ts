// The Backtest Lab's state: strategies and stored data to choose from, stored runs, the run shown
// and the runs compared, the running job (a run or a sweep) with its progress, and the sweep table.
// Changed only through the named actions below; everything comes from the Host's backtest.* methods.
import { create } from 'zustand';
import { patterns, type JobProgress, type MethodParams, type MethodResult } from '@nws/core';
import type { HostClient } from '../../connection/host-client.js';
import { currentHostClient } from '../../health/health-store.js';

export type StrategyInfo = MethodResult<'backtest.strategies'>['strategies'][number];
export type InstrumentSummary = MethodResult<'marketdata.instruments'>['instruments'][number];
export type RunView = MethodResult<'backtest.list'>['runs'][number];
export type RunDetail = MethodResult<'backtest.get'>;
export type SweepResults = MethodResult<'backtest.sweepResults'>;
export type RunRequest = MethodParams<'backtest.run'>;
export type SweepRequest = MethodParams<'backtest.sweep'>;

/** Most runs compared side by side. */
export const MAX_COMPARED = 4;
/** Trades fetched with a run (the table is virtualised; the Host pages at most 500). */
const TRADES_PER_RUN = 500;

export interface LabJob {
  jobId: string;
  kind: 'run' | 'sweep';
  /** What `done` and `total` count: a run's bars or ticks, a sweep's runs. */
  unit: 'bars' | 'ticks' | 'runs';
  /** The run or sweep it produces. */
  targetId: string;
  state: JobProgress['state'];
  done: number;
  total: number;
  message: string;
}

export interface BacktestLabState {
  strategies: StrategyInfo[];
  instruments: InstrumentSummary[];
  runs: RunView[];
  selectedRunId: string | null;
  compared: string[];
  details: Record<string, RunDetail>;
  job: LabJob | null;
  sweep: { results: SweepResults; sortBy: string; direction: 'descending' | 'ascending' } | null;
  tearSheet: { runId: string; html: string } | null;
  problem: string | null;
  load(): Promise<void>;
  refreshRuns(): Promise<void>;
  refreshInstruments(): Promise<void>;
  run(request: Omit<RunRequest, 'jobId'>): Promise<void>;
  sweepRuns(request: Omit<SweepRequest, 'jobId'>): Promise<void>;
  cancelJob(): Promise<void>;
  selectRun(runId: string | null): Promise<void>;
  toggleCompared(runId: string): Promise<void>;
  deleteRun(runId: string): Promise<void>;
  sortSweep(sortBy: string): Promise<void>;
  openTearSheet(runId: string): Promise<void>;
  closeTearSheet(): void;
  dismissProblem(): void;
}

let unsubscribeProgress: (() => Promise<void>) | null = null;

function host(): HostClient {
  const client = currentHostClient();
  if (client === null) throw new Error('not connected to the Host');
  return client;
}

function newJobId(kind: string): string {
  const random = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
  return `lab-${kind}-${random}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error);
}

export const useBacktestLabStore = create<BacktestLabState>()((set, get) => {
  /** Runs an action; a failure shows in the page's banner instead of being lost. */
  const guarded = async (action: () => Promise<void>) => {
    try {
      await action();
    } catch (error) {
      set({ problem: messageOf(error) });
    }
  };

  const fetchDetail = async (runId: string): Promise<RunDetail> => {
    const cached = get().details[runId];
    if (cached !== undefined && cached.run.status !== 'running') return cached;
    const detail = await host().call('backtest.get', { runId, limit: TRADES_PER_RUN });
    set((state) => ({ details: { ...state.details, [runId]: detail } }));
    return detail;
  };

  const loadSweep = async (sweepId: string, sortBy: string, direction: 'descending' | 'ascending') => {
    const results = await host().call('backtest.sweepResults', { sweepId, sortBy, direction });
    set({ sweep: { results, sortBy, direction } });
  };

  const onProgress = (progress: JobProgress) => {
    const job = get().job;
    if (job === null || progress.jobId !== job.jobId) return;
    const next: LabJob = { ...job, state: progress.state, done: progress.done, total: progress.total ?? job.total, message: progress.message ?? '' };
    set({ job: next });
    if (progress.state === 'running') return;
    void guarded(async () => {
      await get().refreshRuns();
      if (next.kind === 'run') await get().selectRun(next.targetId);
      else if (progress.state === 'done' || progress.state === 'cancelled') await loadSweep(next.targetId, get().sweep?.sortBy ?? 'totalReturn', 'descending');
      if (progress.state === 'failed') set({ problem: `${next.kind === 'run' ? 'Backtest' : 'Sweep'} failed: ${progress.message ?? 'no reason given'}` });
    });
  };

  return {
    strategies: [],
    instruments: [],
    runs: [],
    selectedRunId: null,
    compared: [],
    details: {},
    job: null,
    sweep: null,
    tearSheet: null,
    problem: null,

    async load() {
      await guarded(async () => {
        const client = host();
        if (unsubscribeProgress === null) {
          unsubscribeProgress = await client.subscribe(patterns.jobProgress(), (event) => onProgress(event.data as JobProgress));
        }
        const [{ strategies }, { instruments }] = await Promise.all([client.call('backtest.strategies'), client.call('marketdata.instruments')]);
        set({ strategies, instruments });
        await get().refreshRuns();
        const newest = get().runs.find((run) => run.status === 'done');
        if (get().selectedRunId === null && newest !== undefined) await get().selectRun(newest.runId);
      });
    },

    async refreshInstruments() {
      await guarded(async () => set({ instruments: (await host().call('marketdata.instruments')).instruments }));
    },

    async refreshRuns() {
      const { runs } = await host().call('backtest.list', { limit: 200 });
      set((state) => ({ runs, compared: state.compared.filter((runId) => runs.some((run) => run.runId === runId)) }));
    },

    async run(request) {
      await guarded(async () => {
        const jobId = newJobId('run');
        set({ problem: null });
        const started = await host().call('backtest.run', { ...request, jobId });
        // Progress may already have arrived for this job id: keep whatever is further along.
        set((state) => ({
          job: state.job?.jobId === jobId ? state.job : { jobId, kind: 'run', unit: request.ticks === undefined ? 'bars' : 'ticks', targetId: started.runId, state: 'running', done: 0, total: started.bars, message: 'starting' },
        }));
        await get().refreshRuns();
      });
    },

    async sweepRuns(request) {
      await guarded(async () => {
        const jobId = newJobId('sweep');
        set({ problem: null });
        const started = await host().call('backtest.sweep', { ...request, jobId });
        set((state) => ({
          job: state.job?.jobId === jobId ? state.job : { jobId, kind: 'sweep', unit: 'runs', targetId: started.sweepId, state: 'running', done: 0, total: started.runs, message: 'starting' },
          sweep: null,
        }));
      });
    },

    async cancelJob() {
      const job = get().job;
      if (job === null || job.state !== 'running') return;
      await guarded(async () => {
        await host().call('backtest.cancel', { jobId: job.jobId });
      });
    },

    async selectRun(runId) {
      set({ selectedRunId: runId });
      if (runId !== null) await guarded(async () => void (await fetchDetail(runId)));
    },

    async toggleCompared(runId) {
      const compared = get().compared;
      if (compared.includes(runId)) {
        set({ compared: compared.filter((id) => id !== runId) });
        return;
      }
      if (compared.length >= MAX_COMPARED) {
        set({ problem: `compare at most ${MAX_COMPARED} runs: untick one first` });
        return;
      }
      set({ compared: [...compared, runId] });
      await guarded(async () => void (await fetchDetail(runId)));
    },

    async deleteRun(runId) {
      await guarded(async () => {
        await host().call('backtest.delete', { runId });
        set((state) => {
          const details = { ...state.details };
          delete details[runId];
          return { details, selectedRunId: state.selectedRunId === runId ? null : state.selectedRunId, compared: state.compared.filter((id) => id !== runId) };
        });
        await get().refreshRuns();
      });
    },

    async sortSweep(sortBy) {
      const sweep = get().sweep;
      if (sweep === null) return;
      // A second click on the same column flips the order, as in any table.
      const direction = sweep.sortBy === sortBy && sweep.direction === 'descending' ? 'ascending' : 'descending';
      await guarded(() => loadSweep(sweep.results.sweepId, sortBy, direction));
    },

    async openTearSheet(runId) {
      await guarded(async () => {
        const { html } = await host().call('backtest.tearSheet', { runId });
        set({ tearSheet: { runId, html } });
      });
    },

    closeTearSheet() {
      set({ tearSheet: null });
    },

    dismissProblem() {
      set({ problem: null });
    },
  };
});
