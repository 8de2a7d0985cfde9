// The risk report: one data model, built from a risk engine, rendered to JSON, CSV, HTML, PDF, XLSX.
export { buildRiskReport, REPORT_CONFIDENCES } from './build-report.js';
export type { RiskReportSources } from './build-report.js';
export { DEFAULT_STRESS_SCENARIOS, MARKET_FACTOR } from './default-scenarios.js';
export { riskReportSchema } from './report-model.js';
export type { ReportBreach, ReportLimit, ReportStress, ReportVar, RiskReport } from './report-model.js';
export { reportTables } from './report-tables.js';
export type { Cell, CellKind, ReportColumn, ReportTable } from './report-tables.js';
export { renderRiskReportCsv } from './render-csv.js';
export { renderRiskReportHtml } from './render-html.js';
export { RISK_REPORT_FORMATS, RISK_REPORT_MIME, RISK_REPORT_RENDER_TASK, RISK_REPORT_RENDER_TASK_MODULE, renderRiskReport, riskReportFileName } from './render.js';
export type { RiskReportRenderRequest } from './render-task.js';
export type { RenderedRiskReport, RiskReportFormat } from './render.js';
