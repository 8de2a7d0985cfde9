import { describe, expect, it } from 'vitest';
import { jsonReport, reportFile } from './report-download.js';

const NOW = Date.UTC(2026, 10, 24, 9, 30);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('reportFile', () => {
  it('decodes a base64 PDF and keeps the Host file name', () => {
    const file = reportFile('pdf', { format: 'pdf', fileName: 'risk.pdf', mime: 'application/pdf', contentBase64: btoa('%PDF-1.7\n%binary') }, NOW);
    expect(file).toMatchObject({ filename: 'risk.pdf', mime: 'application/pdf' });
    expect(text(file.bytes)).toBe('%PDF-1.7\n%binary');
  });

  it('takes content with encoding base64, or plain text content, and names the file by date', () => {
    expect(text(reportFile('xlsx', { encoding: 'base64', content: btoa('PK\u0003\u0004') }, NOW).bytes)).toBe('PK\u0003\u0004');
    const csv = reportFile('csv', { content: 'limit,utilisation\nday-loss,0.2\n' }, NOW);
    expect(csv).toMatchObject({ filename: 'risk-report-2026-11-24.csv', mime: 'text/csv' });
    expect(text(csv.bytes)).toContain('day-loss,0.2');
  });

  it('writes a JSON report object out as JSON', () => {
    const file = reportFile('json', { report: { var: { var95: 1234.5 } } }, NOW);
    expect(JSON.parse(text(file.bytes))).toEqual({ var: { var95: 1234.5 } });
  });

  it('names the problem when a binary report has no content', () => {
    expect(() => reportFile('pdf', { format: 'pdf' }, NOW)).toThrow(/PDF report came back without content/);
  });
});

describe('jsonReport', () => {
  it('finds the report in `report`, in JSON `content` or `contentBase64` (UTF-8), or takes the answer itself', () => {
    const utf8 = btoa(String.fromCharCode(...new TextEncoder().encode('{"title":"Risk – PAPER-001"}')));
    expect(jsonReport({ format: 'json', fileName: 'r.json', mime: 'application/json', contentBase64: utf8 })).toEqual({ title: 'Risk – PAPER-001' });
    expect(jsonReport({ report: { a: 1 } })).toEqual({ a: 1 });
    expect(jsonReport({ content: '{"b":2}' })).toEqual({ b: 2 });
    expect(jsonReport({ c: 3 })).toEqual({ c: 3 });
  });
});
