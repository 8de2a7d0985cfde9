/**
 * Runs async jobs one at a time, in call order. The time-series store has one DuckDB connection;
 * a transaction (BEGIN ... append ... COMMIT) spans several awaits, so a second caller must not
 * slip a statement into the middle of it.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job, job);
    // The queue continues after a failed job; the failure still reaches this job's caller.
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every job queued so far has settled. */
  drain(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
