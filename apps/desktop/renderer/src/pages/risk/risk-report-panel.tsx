// VaR, exposures and stress scenarios from `risk.report {format: 'json'}`, and the same report
// downloaded as JSON, CSV, HTML, PDF or XLSX. The report's sections are shown as they come:
// numbers as figures, lists of rows as tables, so a new section needs no change here.
import { useState } from 'react';
import { currentHostClient } from '../../health/health-store.js';
import { formatUtcTimestamp } from '../../health/format.js';
import { isUnknownMethod, useHostQuery } from '../../widgets/use-host-query.js';
import { REPORT_FORMATS, jsonReport, reportFile, type ReportFormat } from './report-download.js';

type Json = unknown;

function saveFile(format: ReportFormat, answer: unknown): string {
  const file = reportFile(format, answer);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([file.bytes as BlobPart], { type: file.mime }));
  link.download = file.filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1_000);
  return file.filename;
}

function title(key: string): string {
  const spaced = key.replace(/([a-z])([A-Z0-9])/g, '$1 $2').replace(/[_-]+/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Epoch-ms fields (`generatedAt`, `ts`) read as UTC times. */
function isTimestampKey(key: string): boolean {
  return /(At|^ts)$/.test(key);
}

function formatField(key: string, value: Json): string {
  return isTimestampKey(key) && typeof value === 'number' && value > 1e11 ? `${formatUtcTimestamp(value)} UTC` : formatValue(value);
}

function formatValue(value: Json): string {
  if (typeof value === 'number') return value.toLocaleString('en-US', { maximumFractionDigits: Math.abs(value) >= 1 ? 2 : 4 });
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  return JSON.stringify(value);
}

const isRow = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isScalar = (value: Json) => value === null || ['number', 'string', 'boolean'].includes(typeof value);

function RowsTable({ rows }: { rows: Array<Record<string, Json>> }) {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row).filter((key) => isScalar(row[key]))))].slice(0, 8);
  return (
    <table className="grid-table">
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} className={typeof rows[0]?.[column] === 'number' ? 'num' : undefined}>
              {title(column)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.slice(0, 25).map((row, index) => (
          <tr key={index}>
            {columns.map((column) => (
              <td key={column} className={typeof row[column] === 'number' ? 'num' : undefined}>
                {formatField(column, row[column])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One report section: figures for its scalars, a table for each list of rows, sub-sections nested. */
function Section({ name, value, depth }: { name: string; value: Json; depth: number }) {
  if (Array.isArray(value)) {
    const rows = value.filter(isRow);
    if (rows.length === 0) return <p className="muted">{value.length === 0 ? 'None.' : formatValue(value)}</p>;
    return <RowsTable rows={rows} />;
  }
  if (!isRow(value)) return <p>{formatValue(value)}</p>;
  const scalars = Object.entries(value).filter(([, item]) => isScalar(item));
  const nested = Object.entries(value).filter(([, item]) => !isScalar(item));
  return (
    <div className="report-section" data-section={name}>
      {scalars.length > 0 ? (
        <dl className="facts">
          {scalars.map(([key, item]) => (
            <div key={key}>
              <dt>{title(key)}</dt>
              <dd>{formatField(key, item)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {depth < 2
        ? nested.map(([key, item]) => (
            <div key={key} className="report-subsection">
              <h3>{title(key)}</h3>
              <Section name={key} value={item} depth={depth + 1} />
            </div>
          ))
        : null}
    </div>
  );
}

/** The sections a risk desk looks at first; the rest follow in the report's order. */
const FIRST = [/valueAtRisk|^var/i, /exposure/i, /stress/i];
/** Shown in their own panels on this page already (limits, breaches, the account strip). */
const ELSEWHERE = new Set(['limits', 'breaches', 'account']);

export function orderedSections(report: Record<string, Json>): Array<[string, Json]> {
  const rank = (key: string) => {
    const index = FIRST.findIndex((pattern) => pattern.test(key));
    return index < 0 ? FIRST.length : index;
  };
  return Object.entries(report)
    .filter(([key, value]) => !isScalar(value) && !ELSEWHERE.has(key))
    .sort((a, b) => rank(a[0]) - rank(b[0]));
}

export function RiskReportPanel() {
  const report = useHostQuery((client) => client.call('risk.report', { format: 'json' }).then(jsonReport), { intervalMs: 30_000 });
  const [downloading, setDownloading] = useState<ReportFormat | null>(null);
  const [outcome, setOutcome] = useState<{ tone: 'good' | 'bad'; text: string } | null>(null);
  const unavailable = report.errorCode === 'UNKNOWN_METHOD';

  async function download(format: ReportFormat) {
    setDownloading(format);
    try {
      const answer = await currentHostClient()!.call('risk.report', { format });
      setOutcome({ tone: 'good', text: `Saved ${saveFile(format, answer)}` });
    } catch (error) {
      setOutcome({ tone: 'bad', text: isUnknownMethod(error) ? 'Risk reports are not available on this Host yet.' : `${format.toUpperCase()} report failed: ${(error as Error).message}` });
    } finally {
      setDownloading(null);
    }
  }

  const headline = report.data === null ? [] : Object.entries(report.data).filter(([key, value]) => key !== 'title' && (typeof value === 'number' || typeof value === 'string'));
  const reportTitle = typeof report.data?.['title'] === 'string' ? report.data['title'] : null;
  return (
    <div className="card report-card" data-testid="risk-report-panel">
      <div className="card-header">
        <h2>VaR, exposures and stress</h2>
        <span className="button-row" data-testid="report-downloads">
          {REPORT_FORMATS.map((format) => (
            <button key={format} type="button" className="button" disabled={downloading !== null || unavailable} onClick={() => void download(format)} data-format={format}>
              {downloading === format ? '…' : format.toUpperCase()}
            </button>
          ))}
        </span>
      </div>
      {outcome ? (
        <p className={`outcome tone-${outcome.tone}`} role="status" data-testid="report-outcome">
          {outcome.text}
        </p>
      ) : null}
      {unavailable ? (
        <div className="unavailable" data-testid="report-unavailable">
          <strong>Unavailable</strong>
          <span className="muted">This Host does not produce risk reports yet (no <code>risk.report</code> method). VaR, exposures and stress results will show here once it does.</span>
        </div>
      ) : report.data === null ? (
        <p className="empty-note">{report.error ? `Report failed: ${report.error}` : 'Computing the report…'}</p>
      ) : (
        <>
          {reportTitle ? <p className="muted report-title">{reportTitle}</p> : null}
          {headline.length > 0 ? (
            <dl className="facts">
              {headline.slice(0, 8).map(([key, value]) => (
                <div key={key}>
                  <dt>{title(key)}</dt>
                  <dd>{formatField(key, value)}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          {orderedSections(report.data).map(([key, value]) => (
            <div key={key} className="report-subsection">
              <h3>{title(key)}</h3>
              <Section name={key} value={value} depth={1} />
            </div>
          ))}
        </>
      )}
    </div>
  );
}
