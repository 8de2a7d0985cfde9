import { ErrorCode, NwsError } from '../errors.js';
import type { ClientOrderId } from './ids.js';

export interface ClientOrderIdGeneratorOptions {
  /** Epoch ms source; pass the strategy's clock so backtests produce reproducible ids. Default `Date.now`. */
  now?: () => number;
  /** Distinguishes runs that start in the same millisecond; default 4 random base-36 characters. */
  runTag?: string;
  /** Default `O`, as in Nautilus (`O-20240105-...`). */
  prefix?: string;
}

const SEQUENCE_WIDTH = 9;
const RUN_TAG_PATTERN = /^[a-z0-9]{1,8}$/;
const PREFIX_PATTERN = /^[A-Za-z0-9]{1,8}$/;

/**
 * Client order ids that are unique per run and sort lexicographically in creation order:
 * `O-20240105-143000123-k3f9-000000001` (UTC date, time to the millisecond, run tag, sequence).
 * Time never goes backwards inside one generator, so a clock that jumps back still sorts right.
 */
export class ClientOrderIdGenerator {
  private readonly now: () => number;
  private readonly runTag: string;
  private readonly prefix: string;
  private lastTs = Number.NEGATIVE_INFINITY;
  private sequence = 0;

  constructor(options: ClientOrderIdGeneratorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.runTag = options.runTag ?? randomRunTag();
    this.prefix = options.prefix ?? 'O';
    if (!RUN_TAG_PATTERN.test(this.runTag)) {
      throw new NwsError(ErrorCode.InvalidArgument, `runTag '${this.runTag}' must be 1-8 lowercase letters or digits`);
    }
    if (!PREFIX_PATTERN.test(this.prefix)) {
      throw new NwsError(ErrorCode.InvalidArgument, `prefix '${this.prefix}' must be 1-8 letters or digits`);
    }
  }

  next(): ClientOrderId {
    const ts = Math.max(this.now(), this.lastTs);
    if (!Number.isFinite(ts)) throw new NwsError(ErrorCode.InvalidValue, `clock returned ${ts}, not an epoch ms time`);
    this.lastTs = ts;
    this.sequence += 1;
    const sequence = String(this.sequence).padStart(SEQUENCE_WIDTH, '0');
    return `${this.prefix}-${compactUtc(ts)}-${this.runTag}-${sequence}` as ClientOrderId;
  }

  /** Number of ids handed out so far. */
  get count(): number {
    return this.sequence;
  }
}

/** `20240105-143000123`: fixed width, so string order is time order. */
function compactUtc(ts: number): string {
  const iso = new Date(ts).toISOString(); // 2024-01-05T14:30:00.123Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}${iso.slice(20, 23)}`;
}

function randomRunTag(): string {
  const bytes = new Uint8Array(4);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => (byte % 36).toString(36)).join('');
}
