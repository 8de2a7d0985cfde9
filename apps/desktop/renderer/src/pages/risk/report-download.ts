// Turns a `risk.report` answer into a file to download, and the JSON format into a plain object
// to show. The Host sends text formats as text and binary ones (PDF, XLSX) as base64; this accepts
// the usual field names for each so the page does not break on a small change of the answer.
export const REPORT_FORMATS = ['json', 'csv', 'html', 'pdf', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_MIME: Readonly<Record<ReportFormat, string>> = Object.freeze({
  json: 'application/json',
  csv: 'text/csv',
  html: 'text/html',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
});

export interface ReportFile {
  filename: string;
  mime: string;
  bytes: Uint8Array;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function firstString(source: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) if (typeof source[key] === 'string') return source[key] as string;
  return undefined;
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

export function defaultReportName(format: ReportFormat, now: number): string {
  return `risk-report-${new Date(now).toISOString().slice(0, 10)}.${format}`;
}

/** The bytes of a report answer; throws naming what was missing when the answer has no content. */
export function reportFile(format: ReportFormat, answer: unknown, now = Date.now()): ReportFile {
  const source = record(answer) ?? {};
  const filename = firstString(source, ['filename', 'fileName', 'name']) ?? defaultReportName(format, now);
  const mime = firstString(source, ['mimeType', 'contentType', 'mime']) ?? REPORT_MIME[format];
  const base64 = firstString(source, ['base64', 'contentBase64', 'dataBase64']) ?? (source['encoding'] === 'base64' ? firstString(source, ['content', 'data', 'body']) : undefined);
  if (base64 !== undefined) return { filename, mime, bytes: base64ToBytes(base64) };
  const text = firstString(source, ['content', 'text', 'body', 'data', 'html', 'csv']);
  if (text !== undefined) return { filename, mime, bytes: new TextEncoder().encode(text) };
  if (format === 'json') return { filename, mime, bytes: new TextEncoder().encode(JSON.stringify(jsonReport(answer), null, 2)) };
  throw new Error(`the ${format.toUpperCase()} report came back without content (expected base64 or content)`);
}

/** The report object of a JSON answer: `report`, the parsed base64 or text content, or the answer itself. */
export function jsonReport(answer: unknown): Record<string, unknown> {
  const source = record(answer) ?? {};
  const nested = record(source['report']);
  if (nested !== undefined) return nested;
  const base64 = firstString(source, ['contentBase64', 'base64', 'dataBase64']);
  const text = base64 !== undefined ? new TextDecoder().decode(base64ToBytes(base64)) : firstString(source, ['content', 'text', 'data']);
  if (text !== undefined) {
    try {
      const parsed = record(JSON.parse(text));
      if (parsed !== undefined) return parsed;
    } catch {
      // Not JSON text: fall through to the answer itself.
    }
  }
  return source;
}
