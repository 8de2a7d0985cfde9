// PDF (pdfkit): title and meta line, then each table under its heading, drawn as text columns
// with the header row repeated after a page break, and "Page i of n" on every page. Numbers are
// shown as in the HTML (money with separators, ratios as percents). pdfkit loads on first use.
import type { RiskReport } from './report-model.js';
import { displayCell, reportTables } from './report-tables.js';
import type { ReportTable } from './report-tables.js';

const MARGIN = 40;
const ROW_HEIGHT = 14;
const TABLE_FONT_SIZE = 8;
/** Room left and right of a cell's text. */
const CELL_PADDING = 10;

export async function renderRiskReportPdf(report: RiskReport): Promise<Uint8Array> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: MARGIN, bufferPages: true, info: { Title: report.title, Author: 'Nautilus Workstation' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(18).text(report.title);
  doc.font('Helvetica').fontSize(10).fillColor('#555555').text(`Account ${report.accountId} · ${report.currency} · generated ${new Date(report.generatedAt).toISOString()}`);
  doc.fillColor('black');
  for (const table of reportTables(report)) drawTable(doc, table);
  numberPages(doc);
  doc.end();
  await finished;
  return new Uint8Array(Buffer.concat(chunks));
}

type Doc = PDFKit.PDFDocument;

function drawTable(doc: Doc, table: ReportTable): void {
  const bottom = doc.page.height - MARGIN - ROW_HEIGHT;
  if (doc.y + 3 * ROW_HEIGHT > bottom) doc.addPage();
  doc.moveDown(1);
  doc.font('Helvetica-Bold').fontSize(12).text(table.title, MARGIN, doc.y);
  doc.moveDown(0.3);
  if (table.rows.length === 0) {
    doc.font('Helvetica').fontSize(TABLE_FONT_SIZE + 1).text('None.', MARGIN, doc.y);
    return;
  }
  const cells = table.rows.map((row) => row.map((cell, index) => displayCell(cell, table.columns[index]!.kind)));
  const widths = columnWidths(doc, table, cells);
  const drawRow = (cells: string[], bold: boolean): void => {
    if (doc.y > bottom) {
      doc.addPage();
      drawRow(table.columns.map((column) => column.header), true);
    }
    const y = doc.y;
    let x = MARGIN;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(TABLE_FONT_SIZE);
    cells.forEach((cell, index) => {
      const kind = table.columns[index]!.kind;
      const numeric = kind !== 'text' && kind !== 'timestamp' && !bold;
      doc.text(cell, x + CELL_PADDING / 2, y + 3, { width: widths[index]! - CELL_PADDING + 1, height: ROW_HEIGHT, lineBreak: false, ellipsis: true, align: numeric ? 'right' : 'left' });
      x += widths[index]!;
    });
    doc.moveTo(MARGIN, y + ROW_HEIGHT).lineTo(x, y + ROW_HEIGHT).lineWidth(0.3).strokeColor(bold ? '#888888' : '#dddddd').stroke();
    doc.x = MARGIN;
    doc.y = y + ROW_HEIGHT;
  };
  drawRow(table.columns.map((column) => column.header), true);
  for (const row of cells) drawRow(row, false);
}

/** Each column as wide as its widest cell (header included); scaled down together when the page is too narrow. */
function columnWidths(doc: Doc, table: ReportTable, cells: string[][]): number[] {
  const available = doc.page.width - 2 * MARGIN;
  doc.font('Helvetica-Bold').fontSize(TABLE_FONT_SIZE);
  const widths = table.columns.map((column) => doc.widthOfString(column.header) + CELL_PADDING);
  doc.font('Helvetica').fontSize(TABLE_FONT_SIZE);
  for (const row of cells) row.forEach((cell, index) => (widths[index] = Math.max(widths[index]!, doc.widthOfString(cell) + CELL_PADDING)));
  const total = widths.reduce((sum, width) => sum + width, 0);
  return total <= available ? widths : widths.map((width) => (width / total) * available);
}

function numberPages(doc: Doc): void {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    // Writing inside the bottom margin must not start a new page.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8).fillColor('#555555').text(`Page ${index + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN / 2 - 4, { width: doc.page.width - 2 * MARGIN, align: 'right', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
}
