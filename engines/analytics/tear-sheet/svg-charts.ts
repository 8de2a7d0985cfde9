/**
 * Inline SVG charts for the tear sheet: no script, no external request, one string each.
 */
import type { MonthlyReturn } from '../metrics/period-tables.js';

export interface ChartSize {
  width: number;
  height: number;
}

const PAD = { left: 56, right: 12, top: 12, bottom: 24 };

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function scale(value: number, min: number, max: number, from: number, to: number): number {
  return max === min ? (from + to) / 2 : from + ((value - min) / (max - min)) * (to - from);
}

function yearTicks(timestamps: ArrayLike<number>, x: (i: number) => number, bottom: number): string {
  let ticks = '';
  let lastYear = -1;
  for (let i = 0; i < timestamps.length; i++) {
    const year = new Date(timestamps[i]!).getUTCFullYear();
    if (year !== lastYear) {
      ticks += `<text x="${x(i).toFixed(1)}" y="${bottom + 16}" class="tick">${year}</text>`;
      lastYear = year;
    }
  }
  return ticks;
}

/** A line of `values` over time with min/max labels; `format` prints the axis labels. */
export function lineChart(
  values: ArrayLike<number>,
  timestamps: ArrayLike<number>,
  size: ChartSize,
  options: { className: string; format: (value: number) => string; fillToZero?: boolean; label: string },
): string {
  const n = values.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    min = Math.min(min, values[i]!);
    max = Math.max(max, values[i]!);
  }
  if (options.fillToZero) max = Math.max(max, 0);
  const bottom = size.height - PAD.bottom;
  const x = (i: number) => scale(i, 0, Math.max(n - 1, 1), PAD.left, size.width - PAD.right);
  const y = (value: number) => scale(value, min, max, bottom, PAD.top);
  let d = '';
  for (let i = 0; i < n; i++) d += `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(values[i]!).toFixed(1)}`;
  const area = options.fillToZero && n > 0 ? `<path class="${options.className}-area" d="${d}L${x(n - 1).toFixed(1)},${y(0).toFixed(1)}L${x(0).toFixed(1)},${y(0).toFixed(1)}Z"/>` : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size.width} ${size.height}" width="${size.width}" height="${size.height}" role="img" aria-label="${escapeXml(options.label)}">`,
    `<line class="axis" x1="${PAD.left}" y1="${bottom}" x2="${size.width - PAD.right}" y2="${bottom}"/>`,
    `<text x="${PAD.left - 6}" y="${PAD.top + 4}" class="label">${escapeXml(options.format(max))}</text>`,
    `<text x="${PAD.left - 6}" y="${bottom}" class="label">${escapeXml(options.format(min))}</text>`,
    yearTicks(timestamps, x, bottom),
    area,
    `<path class="${options.className}" d="${d}"/>`,
    '</svg>',
  ].join('');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Colour of a monthly return: red for losses, green for gains, saturating at ±`limit`. */
function heatColour(value: number, limit: number): string {
  const strength = Math.min(Math.abs(value) / limit, 1);
  const light = Math.round(96 - strength * 46);
  return value >= 0 ? `hsl(140, 55%, ${light}%)` : `hsl(0, 70%, ${light}%)`;
}

/** Years down, months across; each cell coloured and labelled with its return in %. */
export function monthlyHeatmap(rows: ReadonlyArray<MonthlyReturn>): string {
  const years = [...new Set(rows.map((row) => row.year))];
  const cellWidth = 52;
  const cellHeight = 22;
  const left = 44;
  const top = 18;
  const limit = Math.max(0.01, ...rows.map((row) => Math.abs(row.return)));
  const width = left + cellWidth * 12 + 4;
  const height = top + cellHeight * years.length + 4;
  const header = MONTHS.map((month, m) => `<text x="${left + m * cellWidth + cellWidth / 2}" y="12" class="month">${month}</text>`).join('');
  const cells = rows
    .map((row) => {
      const x = left + (row.month - 1) * cellWidth;
      const y = top + years.indexOf(row.year) * cellHeight;
      return (
        `<rect class="cell" x="${x}" y="${y}" width="${cellWidth - 2}" height="${cellHeight - 2}" fill="${heatColour(row.return, limit)}"/>` +
        `<text x="${x + cellWidth / 2 - 1}" y="${y + 15}" class="cell-text">${(row.return * 100).toFixed(1)}</text>`
      );
    })
    .join('');
  const yearLabels = years.map((year, i) => `<text x="${left - 6}" y="${top + i * cellHeight + 15}" class="label">${year}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Monthly returns (%)">${header}${yearLabels}${cells}</svg>`;
}
