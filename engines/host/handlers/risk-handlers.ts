// The risk report over the protocol (`risk.report {format}`, rendered in the worker pool), and the
// daily return history the paper account's breach forecast and report use: loaded from the stored
// daily bars when paper trading comes up, and again when a report finds it older than REFRESH_MS.
import { ErrorCode, NwsError, topics, type MessageBus, type ProtocolServer } from '@nws/core';
import { RISK_REPORT_RENDER_TASK, RISK_REPORT_RENDER_TASK_MODULE, buildRiskReport } from '@nws/risk';
import type { RenderedRiskReport, RiskReport, RiskReportRenderRequest } from '@nws/risk';
import type { StateStore, TimeSeriesStore } from '@nws/storage';
import type { PaperTrading } from '../paper/index.js';
import { defineWorkerTask, type WorkerPool } from '../workers/worker-pool.js';
import { loadDailyReturnHistory } from './risk-returns.js';

export interface RiskHandlerContext {
  paper: () => Promise<PaperTrading>;
  timeSeries: () => TimeSeriesStore;
  state: () => StateStore;
  bus: MessageBus;
  /** Renders the report (PDF and XLSX layout is CPU work) off the Host's event loop. */
  workers: WorkerPool;
  /** Largest protocol frame; a report that would not fit is refused with a clear error. */
  maxMessageBytes: number;
}

/** The engine name the Workstation reports paper trading under (`engines.paper-trading.status`). */
const PAPER_ENGINE = 'paper-trading';
const REFRESH_MS = 6 * 3_600_000;
/** Room for the frame's envelope (id, format, file name, MIME) around the base64 content. */
const ENVELOPE_BYTES = 1_024;
const renderTask = defineWorkerTask<RiskReportRenderRequest, RenderedRiskReport>(RISK_REPORT_RENDER_TASK, RISK_REPORT_RENDER_TASK_MODULE);

export function registerRiskHandlers(protocol: ProtocolServer, context: RiskHandlerContext): void {
  const history = new ReturnHistoryLoader(context);
  context.bus.subscribe(topics.engineStatus(PAPER_ENGINE), (status) => {
    if (status.state === 'running') void history.refresh().catch(() => undefined);
  }, { name: 'risk-return-history' });
  protocol.handle('risk.report', async ({ format }) => {
    const paper = await context.paper();
    await history.ensureFresh(paper);
    const report = buildPaperRiskReport(paper, context.state(), Date.now());
    const rendered = await context.workers.run(renderTask, { report, format });
    const contentBase64 = Buffer.from(rendered.bytes).toString('base64');
    if (contentBase64.length + ENVELOPE_BYTES > context.maxMessageBytes) {
      throw new NwsError(ErrorCode.InvalidArgument, `the ${format} risk report is ${rendered.bytes.length} bytes, too large for one protocol frame (${context.maxMessageBytes} bytes); try json or csv`);
    }
    return { format: rendered.format, fileName: rendered.fileName, mime: rendered.mime, contentBase64 };
  });
}

/** The RiskReport of the paper account: its risk engine, the stored breach events, its return history. */
export function buildPaperRiskReport(paper: PaperTrading, store: StateStore, ts: number): RiskReport {
  return buildRiskReport({
    engine: paper.risk,
    store,
    history: paper.returnHistory,
    ts,
    accountId: paper.venue.config.accountId,
    currency: paper.venue.config.baseCurrency,
    title: `Risk report — paper account ${paper.venue.config.accountId}`,
  });
}

class ReturnHistoryLoader {
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | null = null;

  constructor(private readonly context: RiskHandlerContext) {}

  async refresh(): Promise<void> {
    const paper = await this.context.paper();
    await this.load(paper);
  }

  async ensureFresh(paper: PaperTrading): Promise<void> {
    if (Date.now() - this.loadedAt < REFRESH_MS && paper.returnHistory !== undefined) return;
    await this.load(paper);
  }

  private load(paper: PaperTrading): Promise<void> {
    // One load at a time: a report and the start-up load share it.
    this.loading ??= (async () => {
      try {
        const ids = [...paper.risk.state.entries()].map((entry) => entry.instrumentId);
        paper.returnHistory = await loadDailyReturnHistory(this.context.timeSeries(), ids);
        this.loadedAt = Date.now();
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }
}
