// The importer's side of the CSV parse thread (parse-worker.ts): starts the thread once and keeps
// it (loading the parser through tsx in a new thread takes one to two seconds on a busy machine,
// longer than parsing a large file's first blocks), runs one file at a time on it, and turns its
// messages into an async stream of blocks for the store's streaming ingest.
import { Worker } from 'node:worker_threads';
import { ErrorCode, NwsError, type BarSpec } from '@nws/core';
import type { BarColumns } from '@nws/storage';
import type { FromParseWorker, ParseFileRequest, ParsedFileSummary, ToParseWorker } from './parse-worker-messages.js';

const WORKER_URL = new URL('./parse-worker.mjs', import.meta.url);

/** How one streamed parse ended. */
export type ParseOutcome =
  | { kind: 'done'; summary: ParsedFileSummary }
  /** The file has errors: re-read it whole for the full report (and --repair). */
  | { kind: 'stopped' }
  | { kind: 'failed'; error: NwsError };

/** A checked block of bars, with the bar spec the checks use and the bytes read so far. */
export interface ParsedBlock {
  columns: BarColumns;
  spec: BarSpec;
  diskBytesRead: number;
}

/** One file being parsed on the thread: its blocks in order, then how it ended. */
export interface ParseJob {
  /** Checked blocks in file order; ends when the file is read or the parse stops. Read once. */
  blocks(): AsyncGenerator<ParsedBlock>;
  /** Settles once `blocks` has ended. */
  readonly outcome: Promise<ParseOutcome>;
  /**
   * Stops a parse the caller stopped reading (storage failed part-way) and drops its remaining
   * blocks until the thread says it ended, so the thread's next job starts clean. A no-op once
   * the job has ended.
   */
  abandon(): Promise<void>;
}

/** A message queue with one waiting reader. */
class Inbox<T> {
  private readonly items: T[] = [];
  private waiting: ((item: T) => void) | undefined;

  push(item: T): void {
    const waiting = this.waiting;
    if (waiting === undefined) this.items.push(item);
    else {
      this.waiting = undefined;
      waiting(item);
    }
  }

  take(): Promise<T> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise((resolve) => (this.waiting = resolve));
  }
}

type ThreadEvent = FromParseWorker | { kind: 'crashed'; error: NwsError };

/** One parse thread. Idle between files, and then it does not keep the process alive. */
export class ParseThread {
  private readonly inbox = new Inbox<ThreadEvent>();
  private crashed = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: FromParseWorker) => this.inbox.push(message));
    worker.on('error', (error) => this.crash(`failed: ${error.message}`));
    worker.on('exit', (code) => this.crash(`exited with code ${code}`));
  }

  /** Starts a thread and waits until it has loaded the parser. Rejects when it cannot start. */
  static async start(): Promise<ParseThread> {
    const thread = new ParseThread(new Worker(WORKER_URL));
    const first = await thread.inbox.take();
    if (first.kind !== 'ready') {
      await thread.worker.terminate();
      throw first.kind === 'crashed' ? first.error : new NwsError(ErrorCode.WorkerFailed, `CSV parse thread sent ${first.kind} before it was ready`);
    }
    thread.worker.unref();
    return thread;
  }

  get usable(): boolean {
    return !this.crashed;
  }

  /** Parses `request.file` on the thread. Only one job at a time (the pool sees to it). */
  parse(request: Omit<ParseFileRequest, 'kind'>): ParseJob {
    // While a job runs, the thread must keep the process alive: the importer awaits its messages.
    this.worker.ref();
    this.post({ kind: 'parse', ...request });
    let settle!: (outcome: ParseOutcome) => void;
    const outcome = new Promise<ParseOutcome>((resolve) => (settle = resolve));
    let ended = false;
    let cancelled = false;
    const thread = this;
    /** The thread's events for this job until its last one; blocks are acknowledged as they arrive. */
    async function* events(): AsyncGenerator<ParsedBlock> {
      while (!ended) {
        const event = await thread.inbox.take();
        if (event.kind === 'block') {
          thread.post({ kind: 'ack' });
          if (!cancelled) yield { columns: event.columns, spec: event.spec, diskBytesRead: event.diskBytesRead };
          continue;
        }
        ended = true;
        thread.worker.unref();
        if (event.kind === 'done') settle({ kind: 'done', summary: event.summary });
        else if (event.kind === 'stopped') settle({ kind: 'stopped' });
        else if (event.kind === 'failed') settle({ kind: 'failed', error: NwsError.from(event.error) });
        else if (event.kind === 'crashed') settle({ kind: 'failed', error: event.error });
        else settle({ kind: 'failed', error: new NwsError(ErrorCode.WorkerFailed, 'CSV parse thread said ready in the middle of a job') });
      }
    }
    return {
      outcome,
      blocks: events,
      async abandon() {
        if (ended) return;
        cancelled = true;
        thread.post({ kind: 'cancel' });
        for await (const block of events()) void block;
      },
    };
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }

  private post(message: ToParseWorker): void {
    if (!this.crashed) this.worker.postMessage(message);
  }

  private crash(reason: string): void {
    if (this.crashed) return;
    this.crashed = true;
    this.inbox.push({ kind: 'crashed', error: new NwsError(ErrorCode.WorkerFailed, `CSV parse thread ${reason}`) });
  }
}

/**
 * Parse threads kept between imports: one is kept idle, more are started only when imports
 * overlap (each file needs its own thread while it streams into the store).
 */
export class ParseThreadPool {
  private readonly idle: ParseThread[] = [];
  private unavailable: NwsError | undefined;
  private readonly counts = { jobs: 0, threadsStarted: 0, streamed: 0, turnedBack: 0 };

  /**
   * Since the process began: files handed to a parse thread, threads started, files streamed
   * into the store, and files turned back to be read whole (errors, or a failed parse).
   */
  get stats(): Readonly<{ jobs: number; threadsStarted: number; streamed: number; turnedBack: number }> {
    return { ...this.counts };
  }

  /** Counts how a streamed import ended (see `stats`). */
  recordOutcome(streamed: boolean): void {
    if (streamed) this.counts.streamed++;
    else this.counts.turnedBack++;
  }

  /** A thread for one file, or undefined when threads cannot start here (the importer then parses in its own thread). */
  async acquire(): Promise<ParseThread | undefined> {
    if (this.unavailable !== undefined) return undefined;
    const idle = this.idle.pop();
    try {
      const thread = idle?.usable ? idle : await ParseThread.start();
      if (thread !== idle) this.counts.threadsStarted++;
      this.counts.jobs++;
      return thread;
    } catch (error) {
      this.unavailable = NwsError.from(error);
      return undefined;
    }
  }

  release(thread: ParseThread): void {
    if (thread.usable && this.idle.length === 0) this.idle.push(thread);
    else void thread.close();
  }

  /** Ends the idle threads (tests; the process may also just exit, idle threads do not hold it). */
  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((thread) => thread.close()));
  }
}

/** The process's parse threads for imports. */
export const parseThreads = new ParseThreadPool();
