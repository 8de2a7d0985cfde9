// One entry point for every report format: the bytes, the MIME type and a file name.
import { ErrorCode, NwsError } from '@nws/core';
import type { RiskReport } from './report-model.js';
import { renderRiskReportCsv } from './render-csv.js';
import { renderRiskReportHtml } from './render-html.js';
import { renderRiskReportPdf } from './render-pdf.js';
import { renderRiskReportXlsx } from './render-xlsx.js';

export const RISK_REPORT_FORMATS = ['json', 'csv', 'html', 'pdf', 'xlsx'] as const;
export type RiskReportFormat = (typeof RISK_REPORT_FORMATS)[number];

export const RISK_REPORT_MIME: Record<RiskReportFormat, string> = {
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface RenderedRiskReport {
  format: RiskReportFormat;
  fileName: string;
  mime: string;
  bytes: Uint8Array;
}

export async function renderRiskReport(report: RiskReport, format: RiskReportFormat): Promise<RenderedRiskReport> {
  if (!RISK_REPORT_FORMATS.includes(format)) {
    throw new NwsError(ErrorCode.InvalidArgument, `report format must be one of ${RISK_REPORT_FORMATS.join(', ')}, got ${String(format)}`);
  }
  const bytes = await renderBytes(report, format);
  return { format, fileName: riskReportFileName(report, format), mime: RISK_REPORT_MIME[format], bytes };
}

/** `risk-report-PAPER-001-20240604-1645.pdf` (UTC time of the report). */
export function riskReportFileName(report: RiskReport, format: RiskReportFormat): string {
  const stamp = new Date(report.generatedAt).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  const account = report.accountId.replace(/[^A-Za-z0-9_-]/g, '_');
  return `risk-report-${account}-${stamp}.${format}`;
}

async function renderBytes(report: RiskReport, format: RiskReportFormat): Promise<Uint8Array> {
  switch (format) {
    case 'json':
      return new TextEncoder().encode(`${JSON.stringify(report, null, 2)}\n`);
    case 'csv':
      return new TextEncoder().encode(renderRiskReportCsv(report));
    case 'html':
      return new TextEncoder().encode(renderRiskReportHtml(report));
    case 'pdf':
      return renderRiskReportPdf(report);
    case 'xlsx':
      return renderRiskReportXlsx(report);
  }
}

/** Worker-pool task name and module of `renderRiskReport` (payload `{report, format}`). */
export const RISK_REPORT_RENDER_TASK = 'risk.report-render';
export const RISK_REPORT_RENDER_TASK_MODULE = new URL('./render-task.ts', import.meta.url);
