/**
 * Fixed-capacity history of the latest values: O(1) push, O(1) access by age. Streaming kernels
 * use it where TA-Lib reads `inReal[today - k]`.
 */
export class RingBuffer {
  private readonly values: Float64Array;
  private head = -1;
  private stored = 0;

  constructor(readonly capacity: number) {
    this.values = new Float64Array(Math.max(1, capacity));
  }

  push(value: number): void {
    let next = this.head + 1;
    if (next === this.values.length) next = 0;
    this.values[next] = value;
    this.head = next;
    if (this.stored < this.values.length) this.stored++;
  }

  /** The value pushed `age` pushes ago (0 = latest). Caller keeps age < min(size, capacity). */
  ago(age: number): number {
    let index = this.head - age;
    if (index < 0) index += this.values.length;
    return this.values[index];
  }

  get size(): number {
    return this.stored;
  }

  reset(): void {
    this.head = -1;
    this.stored = 0;
  }
}

/**
 * Highest (or lowest) value of a sliding window with the index where it occurred, by a monotonic
 * deque: amortised O(1) per bar. Ties resolve to the latest index, as TA-Lib's AROON does; for
 * STOCH/WILLR only the value matters and values are exact whatever the algorithm.
 */
export class ExtremumWindow {
  private readonly values: Float64Array;
  private readonly indices: Float64Array;
  private front = 0;
  private back = 0;
  private count = 0;
  private extremeIndex = -1;
  private extremeValue = 0;

  /** `keepsMax` true tracks the highest value, false the lowest. */
  constructor(
    readonly length: number,
    private readonly keepsMax: boolean,
  ) {
    this.values = new Float64Array(length + 1);
    this.indices = new Float64Array(length + 1);
  }

  /** Adds the value at bar `index` (consecutive from 0) and drops bars older than the window. */
  push(index: number, value: number): void {
    const capacity = this.values.length;
    // Pop dominated entries from the back: a newer value equal to an older one replaces it.
    while (this.count > 0) {
      let last = this.back - 1;
      if (last < 0) last += capacity;
      const lastValue = this.values[last];
      if (this.keepsMax ? lastValue > value : lastValue < value) break;
      this.back = last;
      this.count--;
    }
    this.values[this.back] = value;
    this.indices[this.back] = index;
    this.back++;
    if (this.back === capacity) this.back = 0;
    this.count++;
    const oldestAllowed = index - this.length + 1;
    while (this.indices[this.front] < oldestAllowed) {
      this.front++;
      if (this.front === capacity) this.front = 0;
      this.count--;
    }
    this.extremeIndex = this.indices[this.front];
    this.extremeValue = this.values[this.front];
  }

  get value(): number {
    return this.extremeValue;
  }

  get index(): number {
    return this.extremeIndex;
  }

  reset(): void {
    this.front = 0;
    this.back = 0;
    this.count = 0;
    this.extremeIndex = -1;
    this.extremeValue = 0;
  }
}
