// Coalesces a fast stream into at most one flush per animation frame: the feed may deliver
// hundreds of quotes a second, React renders once a frame with the latest of each key.
export type FrameScheduler = (callback: () => void) => void;

const defaultScheduler: FrameScheduler =
  typeof requestAnimationFrame === 'function' ? (callback) => void requestAnimationFrame(callback) : (callback) => void setTimeout(callback, 16);

export class FrameCoalescer<T> {
  private pending = new Map<string, T>();
  private scheduled = false;

  constructor(
    private readonly flush: (latest: ReadonlyMap<string, T>) => void,
    private readonly schedule: FrameScheduler = defaultScheduler,
  ) {}

  push(key: string, value: T): void {
    this.pending.set(key, value);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      const batch = this.pending;
      this.pending = new Map();
      this.flush(batch);
    });
  }
}
