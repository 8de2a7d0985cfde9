// File import: a file picker and a drop zone. Each file goes to `marketdata.import` inline
// (base64, at most MAX_UPLOAD_BYTES so it fits one protocol frame); larger files are refused here
// with a pointer to `nws import`. Progress comes from `jobs.<jobId>.progress`; a rejected file
// shows its quality report (row, column, value, rule).
import { useRef, useState, type DragEvent } from 'react';
import { topics, type JobProgress, type MethodResult } from '@nws/core';
import { currentHostClient } from '../../health/health-store.js';

/** Mirrors maxImportUploadBytes in the protocol's method table. */
export const MAX_UPLOAD_BYTES = 700 * 1024;
const SHOWN_ISSUES = 50;

type FileResult = MethodResult<'marketdata.import'>['files'][number];

interface ImportRow {
  name: string;
  state: 'importing' | 'done' | 'error';
  progress?: string;
  result?: FileResult;
  error?: string;
}

export function ImportPanel({ onImported }: { onImported: () => void }) {
  const [rows, setRows] = useState<ImportRow[]>([]);
  const [dragging, setDragging] = useState(false);
  const [repair, setRepair] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const update = (name: string, change: Partial<ImportRow>) => setRows((current) => current.map((row) => (row.name === name ? { ...row, ...change } : row)));

  async function importFile(file: File): Promise<void> {
    setRows((current) => [{ name: file.name, state: 'importing' }, ...current.filter((row) => row.name !== file.name)]);
    const client = currentHostClient();
    if (client === null) return update(file.name, { state: 'error', error: 'not connected to the Host' });
    if (file.size > MAX_UPLOAD_BYTES) {
      return update(file.name, { state: 'error', error: `larger than ${MAX_UPLOAD_BYTES / 1024} KiB: import it with \`nws import ${file.name}\`` });
    }
    const jobId = `ui-import-${crypto.randomUUID()}`;
    let unsubscribe: (() => Promise<void>) | undefined;
    try {
      // Subscribed before the call, so the first progress event is not missed.
      unsubscribe = await client.subscribe(topics.jobProgress(jobId), (event) => {
        const progress = event.data as JobProgress;
        update(file.name, { progress: progress.message ?? `${progress.done}/${progress.total ?? '?'}` });
      });
      const contentBase64 = await toBase64(file);
      const summary = await client.call('marketdata.import', { files: [{ name: file.name, contentBase64 }], jobId, repair });
      update(file.name, { state: 'done', result: summary.files[0]! });
      if (summary.imported > 0) onImported();
    } catch (error) {
      update(file.name, { state: 'error', error: (error as Error).message });
    } finally {
      await unsubscribe?.().catch(() => undefined);
    }
  }

  function importAll(files: FileList | null): void {
    for (const file of Array.from(files ?? [])) void importFile(file);
  }

  function onDrop(event: DragEvent<HTMLDivElement>): void {
    event.preventDefault();
    setDragging(false);
    importAll(event.dataTransfer.files);
  }

  return (
    <div className="card">
      <div className="card-header">
        <h2>Import bars</h2>
        <span className="muted">CSV, gzipped CSV or Parquet · symbol from the file name</span>
      </div>
      <div
        data-testid="import-drop-zone"
        className={dragging ? 'drop-zone dragging' : 'drop-zone'}
        style={{ border: `1px dashed ${dragging ? 'var(--accent)' : 'var(--border-strong)'}`, borderRadius: 6, padding: 16, textAlign: 'center' }}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>Drop bar files here, or</p>
        <button type="button" className="button primary" onClick={() => input.current?.click()}>
          Choose files…
        </button>
        <input
          ref={input}
          data-testid="import-file-input"
          type="file"
          multiple
          accept=".csv,.gz,.parquet,.txt"
          hidden
          onChange={(event) => {
            importAll(event.target.files);
            event.target.value = '';
          }}
        />
        <label className="toolbar-field" style={{ justifyContent: 'center', marginTop: 8 }}>
          <input type="checkbox" checked={repair} onChange={(event) => setRepair(event.target.checked)} style={{ height: 'auto' }} />
          Repair bad rows instead of rejecting the file
        </label>
      </div>
      {rows.length > 0 ? (
        <ul data-testid="import-results" style={{ listStyle: 'none', padding: 0 }}>
          {rows.map((row) => (
            <ImportRowView key={row.name} row={row} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function ImportRowView({ row }: { row: ImportRow }) {
  const result = row.result;
  return (
    <li data-file={row.name} data-status={result?.status ?? row.state} style={{ marginTop: 8 }}>
      <strong>{row.name}</strong> <span className={toneOf(row)}>{describe(row)}</span>
      {row.state === 'importing' && row.progress ? <span className="muted"> · {row.progress}</span> : null}
      {result && result.report.issues.length > 0 ? <QualityReportTable result={result} /> : null}
    </li>
  );
}

function QualityReportTable({ result }: { result: FileResult }) {
  const { issues, errors, warnings } = result.report;
  return (
    <table className="grid-table" data-testid="quality-report">
      <caption className="muted" style={{ textAlign: 'left' }}>
        {plural(errors, 'error')} · {plural(warnings, 'warning')}{issues.length > SHOWN_ISSUES ? ` · first ${SHOWN_ISSUES} shown` : ''}
      </caption>
      <thead>
        <tr>
          <th className="num">Row</th>
          <th>Column</th>
          <th>Value</th>
          <th>Rule</th>
        </tr>
      </thead>
      <tbody>
        {issues.slice(0, SHOWN_ISSUES).map((issue, index) => (
          <tr key={index} className={issue.severity === 'error' ? 'tone-bad' : 'tone-warn'}>
            <td className="num">{issue.row}</td>
            <td>{issue.column}</td>
            <td>{issue.value}</td>
            <td>{issue.rule}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function describe(row: ImportRow): string {
  if (row.state === 'importing') return 'importing…';
  if (row.error) return row.error;
  const result = row.result!;
  switch (result.status) {
    case 'imported':
      return result.ticks === undefined
        ? `imported ${result.rowsWritten.toLocaleString('en-US')} ${result.barType ?? ''} bars as ${result.instrumentId ?? '?'}`
        : `imported ${result.rowsWritten.toLocaleString('en-US')} ${result.ticks === 'quotes' ? 'quote' : 'trade'} ticks as ${result.instrumentId ?? '?'}`;
    case 'checked':
      return 'checked: importable';
    case 'rejected':
      return `rejected: ${plural(result.report.errors, 'quality error')}, nothing written`;
    default:
      return `failed: ${result.error?.message ?? 'unknown error'}`;
  }
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

function toneOf(row: ImportRow): string {
  if (row.state === 'importing') return 'muted';
  return row.result?.status === 'imported' ? 'tone-good' : 'tone-bad';
}

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // In slices: String.fromCharCode with one huge argument list overflows the stack.
  for (let offset = 0; offset < bytes.length; offset += 0x8000) binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return btoa(binary);
}
