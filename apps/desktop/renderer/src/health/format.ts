// Pure formatting for the health view; kept apart from components so it is easy to test.

/** 93_784_000 → "1d 2h 3m 4s"; leading zero units are dropped, seconds always shown. */
export function formatUptime(uptimeMs: number): string {
  const totalSeconds = Math.max(0, Math.floor(uptimeMs / 1000));
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3_600);
  const minutes = Math.floor((totalSeconds % 3_600) / 60);
  const seconds = totalSeconds % 60;
  const parts: string[] = [];
  if (days > 0) parts.push(`${days}d`);
  if (days > 0 || hours > 0) parts.push(`${hours}h`);
  if (days > 0 || hours > 0 || minutes > 0) parts.push(`${minutes}m`);
  parts.push(`${seconds}s`);
  return parts.join(' ');
}

/** Epoch ms → "2024-05-01 14:03:07" in UTC: one unambiguous form for every user (label it UTC). */
export function formatUtcTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '');
}

export type Tone = 'good' | 'warn' | 'bad' | 'neutral';

/** Colour family of an engine lifecycle state. */
export function toneOfState(state: string): Tone {
  switch (state) {
    case 'running':
      return 'good';
    case 'ready':
    case 'degraded':
      return 'warn';
    case 'faulted':
      return 'bad';
    default:
      return 'neutral';
  }
}
