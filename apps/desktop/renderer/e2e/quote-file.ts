// A quote CSV for the e2e tests that import ticks: twelve minutes from 2024-01-02 14:30 UTC, four
// quotes a second, the mid swinging around 40 so SMAs cross, a one-cent spread each side.
export function swingQuoteCsv(rows = 3_000): string {
  const lines = Array.from({ length: rows }, (_, row) => {
    const mid = 40 + 2 * Math.sin(row / 120) + (row % 5) / 100;
    return `${Date.UTC(2024, 0, 2, 14, 30) + row * 250},${(mid - 0.01).toFixed(2)},${(mid + 0.01).toFixed(2)},${100 + (row % 7)},${120 + (row % 3)}`;
  });
  return `ts,bid,ask,bid_size,ask_size\n${lines.join('\n')}\n`;
}
