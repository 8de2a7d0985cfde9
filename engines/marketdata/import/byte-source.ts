import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { createReadStream } from 'node:fs';
import { ErrorCode, NwsError } from '@nws/core';

/** Bytes per read: big enough that per-chunk overhead vanishes, small enough to stay out of the way. */
export const CHUNK_BYTES = 4 * 1024 * 1024;

export interface FileBytes {
  /** Size on disk (compressed size for gzip). */
  sizeBytes: number;
  gzipped: boolean;
  /** Decompressed size when known up front (plain files); used to size columns once. */
  contentBytesHint: number | undefined;
  chunks: AsyncIterable<Uint8Array>;
  /** Bytes read from disk so far (for progress: compressed bytes for gzip). */
  diskBytesRead(): number;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/**
 * Opens a CSV file as a stream of byte chunks (`chunkBytes` per read), gunzipping when the file
 * starts with the gzip magic bytes (whatever its name). Throws NOT_FOUND / INVALID_ARGUMENT naming the path.
 */
export async function openFileBytes(path: string, chunkBytes = CHUNK_BYTES): Promise<FileBytes> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new NwsError(error.code === 'ENOENT' ? ErrorCode.NotFound : ErrorCode.InvalidArgument, `${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`, { path });
  });
  if (!info.isFile()) throw new NwsError(ErrorCode.InvalidArgument, `${path}: not a regular file`, { path });
  const gzipped = await startsWithGzipMagic(path);
  const counter = { bytes: 0 };
  return {
    sizeBytes: info.size,
    gzipped,
    contentBytesHint: gzipped ? undefined : info.size,
    chunks: gzipped ? gunzipChunks(path, counter, chunkBytes) : plainChunks(path, counter, chunkBytes),
    diskBytesRead: () => counter.bytes,
  };
}

async function startsWithGzipMagic(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1;
  } finally {
    await handle.close();
  }
}

/** Reads into two alternating buffers: the parser consumes one chunk before the next read, so reuse is safe. */
async function* plainChunks(path: string, counter: { bytes: number }, chunkBytes: number): AsyncGenerator<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffers = [new Uint8Array(chunkBytes), new Uint8Array(chunkBytes)];
    let turn = 0;
    for (;;) {
      const buffer = buffers[turn]!;
      turn = 1 - turn;
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return;
      counter.bytes += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

async function* gunzipChunks(path: string, counter: { bytes: number }, chunkBytes: number): AsyncGenerator<Uint8Array> {
  const compressed = createReadStream(path, { highWaterMark: chunkBytes });
  compressed.on('data', (chunk) => (counter.bytes += chunk.length));
  const stream = compressed.pipe(createGunzip({ chunkSize: Math.min(chunkBytes, 1024 * 1024) }));
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } catch (error) {
    throw new NwsError(ErrorCode.InvalidArgument, `${path}: not a valid gzip file (${error instanceof Error ? error.message : String(error)})`, { path });
  }
}
