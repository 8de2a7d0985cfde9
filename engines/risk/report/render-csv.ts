// CSV: one section per table. A section is a marker line `# <Section>`, a header row, its data
// rows, then one empty line. Numbers are raw (full precision, '.' decimal, no separators),
// ratios stay ratios (0.82), timestamps are ISO 8601 UTC, a missing number is an empty field.
// Fields are quoted as RFC 4180 says (comma, quote or line break inside).
import type { RiskReport } from './report-model.js';
import { reportTables } from './report-tables.js';
import type { Cell, CellKind } from './report-tables.js';

export function renderRiskReportCsv(report: RiskReport): string {
  const lines: string[] = [];
  for (const table of reportTables(report)) {
    lines.push(`# ${table.name}`);
    lines.push(table.columns.map((column) => quote(column.header)).join(','));
    for (const row of table.rows) lines.push(row.map((cell, index) => quote(csvCell(cell, table.columns[index]!.kind))).join(','));
    lines.push('');
  }
  return `${lines.join('\r\n')}\r\n`;
}

function csvCell(value: Cell, kind: CellKind): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  return kind === 'timestamp' ? new Date(value).toISOString() : String(value);
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
