import type { LogLevel, StrategyLogger } from '@nws/strategy';

export interface LogEntry {
  ts: number;
  level: LogLevel;
  message: string;
  data?: unknown;
}

/** Keeps the first `limit` entries (a chatty strategy must not fill memory over 10M bars). */
export class SessionLogger implements StrategyLogger {
  readonly entries: LogEntry[] = [];
  dropped = 0;

  constructor(
    private readonly now: () => number,
    private readonly limit = 10_000,
  ) {}

  debug(message: string, data?: unknown): void {
    this.add('debug', message, data);
  }
  info(message: string, data?: unknown): void {
    this.add('info', message, data);
  }
  warn(message: string, data?: unknown): void {
    this.add('warn', message, data);
  }
  error(message: string, data?: unknown): void {
    this.add('error', message, data);
  }

  private add(level: LogLevel, message: string, data: unknown): void {
    if (this.entries.length >= this.limit) {
      this.dropped += 1;
      return;
    }
    this.entries.push(data === undefined ? { ts: this.now(), level, message } : { ts: this.now(), level, message, data });
  }
}
