// Number formats shared by the widgets.
export function formatPrice(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(2);
}

export function formatSize(value: number): string {
  if (value >= 1_000_000) return `${(value / 1_000_000).toFixed(1)}M`;
  if (value >= 10_000) return `${(value / 1_000).toFixed(0)}K`;
  return value.toLocaleString('en-US');
}

export function formatChange(percent: number | undefined): string {
  if (percent === undefined) return '—';
  return `${percent >= 0 ? '+' : ''}${percent.toFixed(2)}%`;
}

/** `NOVA.SIM` → `NOVA`: widgets show the symbol, the venue is in the title. */
export function symbolOf(instrumentId: string): string {
  const lastDot = instrumentId.lastIndexOf('.');
  return lastDot > 0 ? instrumentId.slice(0, lastDot) : instrumentId;
}
