// `marketdata.import`: the UI's import. Browser files arrive inline as base64 (each at most
// maxImportUploadBytes, so one fits a protocol frame); they are written to a private folder of
// the data directory under their own names (the importer takes the symbol and format from the
// name), imported like `nws import` does, and removed. Paths on the Host are imported as given.
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ErrorCode, NwsError, type HandlerParams, type HandlerResult, type MessageBus } from '@nws/core';
import { importFiles, type ImportOptionsInput, type MarketDataStores } from '@nws/marketdata';

/** Issues listed per file in a protocol answer (all are counted): keeps the answer within a frame. */
export const MAX_REPORTED_ISSUES = 200;

/** Folder of the data directory where uploads wait while they import. */
export const UPLOADS_FOLDER = 'uploads';

export interface ImportHandlerContext {
  home: string;
  bus: MessageBus;
  stores: () => MarketDataStores;
}

export async function importForProtocol(context: ImportHandlerContext, params: HandlerParams<'marketdata.import'>): Promise<HandlerResult<'marketdata.import'>> {
  const jobId = params.jobId ?? `import-${randomUUID()}`;
  const options: ImportOptionsInput = {
    adjust: params.adjust,
    repair: params.repair,
    dryRun: params.dryRun,
    onOverlap: params.onOverlap,
    maxIssues: MAX_REPORTED_ISSUES,
    ...(params.symbol === undefined ? {} : { symbol: params.symbol }),
    ...(params.venue === undefined ? {} : { venue: params.venue }),
    ...(params.bar === undefined ? {} : { bar: params.bar }),
    ...(params.tz === undefined ? {} : { timeZone: params.tz }),
  };
  if (params.paths !== undefined) return importFiles(context.stores(), params.paths, options, { bus: context.bus, jobId });
  const folder = join(context.home, UPLOADS_FOLDER, jobId);
  try {
    const written = await writeUploads(folder, params.files ?? []);
    const summary = await importFiles(context.stores(), written.map((upload) => upload.path), options, { bus: context.bus, jobId });
    // Answer with the names the user picked, not the temporary paths.
    const files = summary.files.map((result, index) => ({ ...result, file: written[index]!.name }));
    return { ...summary, files };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

interface WrittenUpload {
  name: string;
  path: string;
}

async function writeUploads(folder: string, files: ReadonlyArray<{ name: string; contentBase64: string }>): Promise<WrittenUpload[]> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const written: WrittenUpload[] = [];
  for (const [index, file] of files.entries()) {
    const safeName = uploadFileName(file.name);
    // One sub-folder per file keeps the user's name (and so the symbol) even when two files share it.
    const directory = join(folder, String(index));
    await mkdir(directory);
    const path = join(directory, safeName);
    await writeFile(path, decodeBase64(file.name, file.contentBase64), { mode: 0o600 });
    written.push({ name: file.name, path });
  }
  return written;
}

/** The last path segment, with characters a file system may refuse replaced. */
function uploadFileName(name: string): string {
  const last = basename(name.replaceAll('\\', '/'));
  const cleaned = last.replace(/[^A-Za-z0-9._ ^=-]/g, '_');
  if (cleaned === '' || cleaned === '.' || cleaned === '..') throw new NwsError(ErrorCode.InvalidArgument, `file name "${name}" is not usable`);
  return cleaned;
}

function decodeBase64(name: string, content: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(content) || content.length % 4 !== 0) {
    throw new NwsError(ErrorCode.InvalidArgument, `${name}: contentBase64 is not valid base64`);
  }
  return Buffer.from(content, 'base64');
}
