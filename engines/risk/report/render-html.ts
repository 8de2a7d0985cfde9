// HTML: one self-contained page (inline CSS and SVG, no scripts, no external files) with the
// summary, a bar chart of every limit's utilisation, and each table. Utilisation cells carry a
// small SVG bar coloured by level (ok, warning, breach).
import type { RiskReport } from './report-model.js';
import { displayCell, reportTables } from './report-tables.js';
import type { ReportTable } from './report-tables.js';

const LEVEL_COLOURS: Record<string, string> = { ok: '#2e7d32', warning: '#ef8f00', breach: '#c62828' };

export function renderRiskReportHtml(report: RiskReport): string {
  const tables = reportTables(report);
  const body = tables.map((table) => (table.name === 'Limits' ? limitsSection(report, table) : tableSection(table))).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escape(report.title)}</title>
<style>
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 24px; color: #1d2330; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 28px 0 8px; border-bottom: 1px solid #d5d9e0; padding-bottom: 4px; }
p.meta { color: #5b6475; margin: 0 0 16px; }
table { border-collapse: collapse; font-size: 13px; }
th, td { padding: 4px 10px; border-bottom: 1px solid #eceef2; text-align: left; white-space: nowrap; }
th { background: #f4f6f9; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.neg { color: #c62828; }
.level-breach { color: ${LEVEL_COLOURS.breach}; font-weight: 600; }
.level-warning { color: ${LEVEL_COLOURS.warning}; font-weight: 600; }
svg.bar { vertical-align: middle; margin-right: 6px; }
</style>
</head>
<body>
<h1>${escape(report.title)}</h1>
<p class="meta">Account ${escape(report.accountId)} · ${escape(report.currency)} · generated ${escape(new Date(report.generatedAt).toISOString())}</p>
${body}
</body>
</html>
`;
}

function tableSection(table: ReportTable): string {
  if (table.rows.length === 0) return `<h2>${escape(table.title)}</h2>\n<p>None.</p>`;
  return `<h2>${escape(table.title)}</h2>\n${tableHtml(table)}`;
}

function tableHtml(table: ReportTable, decorate?: (row: number, column: number, html: string) => string): string {
  const head = `<tr>${table.columns.map((column) => `<th>${escape(column.header)}</th>`).join('')}</tr>`;
  const rows = table.rows.map((row, rowIndex) => {
    const cells = row.map((cell, columnIndex) => {
      const kind = table.columns[columnIndex]!.kind;
      const numeric = typeof cell === 'number' && kind !== 'timestamp';
      const classes = [numeric ? 'num' : '', numeric && (cell as number) < 0 && kind === 'money' ? 'neg' : ''].filter(Boolean).join(' ');
      const content = escape(displayCell(cell, kind));
      return `<td${classes ? ` class="${classes}"` : ''}>${decorate ? decorate(rowIndex, columnIndex, content) : content}</td>`;
    });
    return `<tr>${cells.join('')}</tr>`;
  });
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

/** Limits: a chart of every measured limit's utilisation, then the table with a bar per row. */
function limitsSection(report: RiskReport, table: ReportTable): string {
  const utilisationColumn = table.columns.findIndex((column) => column.header === 'Utilisation');
  const levelColumn = table.columns.findIndex((column) => column.header === 'Level');
  const decorate = (row: number, column: number, html: string): string => {
    const limit = report.limits[row]!;
    if (column === utilisationColumn && limit.utilisation !== null) return `${inlineBar(limit.utilisation, limit.level ?? 'ok')}${html}`;
    if (column === levelColumn && limit.level !== null) return `<span class="level-${limit.level}">${html}</span>`;
    return html;
  };
  return `<h2>${escape(table.title)}</h2>\n${utilisationChart(report)}\n${tableHtml(table, decorate)}`;
}

function inlineBar(utilisation: number, level: string): string {
  const width = 80;
  const filled = Math.max(0, Math.min(1, utilisation)) * width;
  return `<svg class="bar" width="${width}" height="10" role="img" aria-label="${(utilisation * 100).toFixed(1)}%"><rect width="${width}" height="10" fill="#eceef2"/><rect width="${filled.toFixed(1)}" height="10" fill="${LEVEL_COLOURS[level] ?? LEVEL_COLOURS.ok}"/></svg>`;
}

/** Horizontal bars, one per limit with a reading, against a 100 % line (bars stop at 150 %). */
function utilisationChart(report: RiskReport): string {
  const measured = report.limits.filter((limit) => limit.utilisation !== null);
  if (measured.length === 0) return '<p>No limit measures the book yet.</p>';
  const labelWidth = 240;
  const barWidth = 360;
  const rowHeight = 22;
  const height = measured.length * rowHeight + 24;
  const scale = barWidth / 1.5;
  const bars = measured.map((limit, index) => {
    const y = index * rowHeight + 4;
    const width = Math.min(1.5, Math.max(0, limit.utilisation!)) * scale;
    return `<text x="${labelWidth - 8}" y="${y + 13}" text-anchor="end" font-size="12">${escape(limit.id)}</text>` +
      `<rect x="${labelWidth}" y="${y}" width="${width.toFixed(1)}" height="16" fill="${LEVEL_COLOURS[limit.level ?? 'ok']}"/>` +
      `<text x="${labelWidth + width + 6}" y="${y + 13}" font-size="12">${(limit.utilisation! * 100).toFixed(1)}%</text>`;
  });
  const full = labelWidth + scale;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + barWidth + 70}" height="${height}" role="img" aria-label="Limit utilisation">
${bars.join('\n')}
<line x1="${full}" y1="0" x2="${full}" y2="${height - 18}" stroke="#c62828" stroke-dasharray="4 3"/>
<text x="${full}" y="${height - 4}" text-anchor="middle" font-size="11" fill="#c62828">100%</text>
</svg>`;
}

function escape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
