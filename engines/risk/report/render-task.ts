// Worker-pool entry for rendering a risk report: the Host registers this module
// (RISK_REPORT_RENDER_TASK_MODULE) so PDF and XLSX layout never stalls its event loop.
import type { RiskReport } from './report-model.js';
import { renderRiskReport } from './render.js';
import type { RenderedRiskReport, RiskReportFormat } from './render.js';

export interface RiskReportRenderRequest {
  report: RiskReport;
  format: RiskReportFormat;
}

export default function renderRiskReportTask(request: RiskReportRenderRequest): Promise<RenderedRiskReport> {
  return renderRiskReport(request.report, request.format);
}
