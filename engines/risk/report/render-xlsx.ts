// XLSX (exceljs): one sheet per section, a bold frozen header row, numbers stored as numbers with
// a display format (money #,##0.00; ratios 0.0%; percent points 0.00"%"), timestamps as Excel
// dates (UTC). exceljs loads on first use.
import type { RiskReport } from './report-model.js';
import { reportTables } from './report-tables.js';
import type { CellKind } from './report-tables.js';

const NUMBER_FORMATS: Partial<Record<CellKind, string>> = {
  money: '#,##0.00',
  auto: '#,##0.00',
  number: '#,##0.######',
  ratio: '0.0%',
  percent: '0.00"%"',
  timestamp: 'yyyy-mm-dd hh:mm:ss',
};

export async function renderRiskReportXlsx(report: RiskReport): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Nautilus Workstation';
  workbook.created = new Date(report.generatedAt);
  for (const table of reportTables(report)) {
    const sheet = workbook.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((column) => ({ header: column.header, width: column.kind === 'text' ? 28 : 16 }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) {
      const added = sheet.addRow(row.map((cell, index) => (cell !== null && table.columns[index]!.kind === 'timestamp' ? new Date(cell) : cell)));
      row.forEach((cell, index) => {
        const format = NUMBER_FORMATS[table.columns[index]!.kind];
        if (typeof cell === 'number' && format) added.getCell(index + 1).numFmt = format;
      });
    }
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
