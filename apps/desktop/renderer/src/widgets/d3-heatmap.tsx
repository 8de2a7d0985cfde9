// The SVG heatmap the risk and correlation widgets share: d3 band scales place the cells, React
// draws them. Colours are one hue per sign with opacity for strength, so the panel colour shows
// through: the same scale reads well on the dark and the light theme.
import { useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { scaleBand } from 'd3';

/** Width and height of an element, following its resizes (widgets are resized by the user). */
export function useElementSize<T extends HTMLElement>(): [RefObject<T | null>, { width: number; height: number }] {
  const ref = useRef<T>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const measure = () => setSize({ width: element.clientWidth, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, size];
}

export interface CellPaint {
  /** A CSS colour (a theme variable is fine). */
  color: string;
  /** 0..1: how strongly the colour covers the panel. */
  opacity: number;
}

export interface HeatmapProps {
  rows: readonly string[];
  columns: readonly string[];
  /** values[row][column]; null = not applicable (drawn hatched). */
  values: ReadonlyArray<ReadonlyArray<number | null>>;
  paint(value: number): CellPaint;
  /** Text inside a cell, when it is large enough. */
  label(value: number): string;
  /** Tooltip for a hovered cell. */
  describe(row: string, column: string, value: number | null): string;
  testId: string;
  /** Under the grid: the legend of the colour scale. */
  legend?: ReactNode;
  /** Take the height the rows need (on a page) instead of filling the parent (in a widget). */
  fit?: boolean;
}

const CHAR_PX = 6.6;
const MAX_ROW_PX = 44;

/** A column label in one line, else split in two at the separator nearest its middle. */
function labelLines(label: string, width: number): string[] {
  if (label.length * CHAR_PX <= width) return [label];
  const breaks = [...label.matchAll(/[-\s]/g)].map((match) => match.index);
  if (breaks.length === 0) return [label];
  const middle = breaks.reduce((best, index) => (Math.abs(index - label.length / 2) < Math.abs(best - label.length / 2) ? index : best));
  return [label.slice(0, middle + (label[middle] === '-' ? 1 : 0)), label.slice(middle + 1)];
}

interface Hover {
  x: number;
  y: number;
  text: string;
}

export function Heatmap(props: HeatmapProps) {
  const [container, size] = useElementSize<HTMLDivElement>();
  const [hover, setHover] = useState<Hover | null>(null);
  const legendHeight = props.legend === undefined ? 0 : 22;
  const left = Math.min(140, 12 + CHAR_PX * Math.max(0, ...props.rows.map((row) => row.length)));
  const longestColumn = Math.max(0, ...props.columns.map((column) => column.length));
  const columnWidth = (size.width - left - 8) / Math.max(1, props.columns.length);
  // Column labels go on two lines, or turn sideways, when they do not fit across their cell.
  const columnLines = props.columns.map((column) => labelLines(column, columnWidth - 4));
  const slanted = columnLines.some((lines) => lines.some((line) => line.length * CHAR_PX > columnWidth - 4));
  const twoLines = !slanted && columnLines.some((lines) => lines.length > 1);
  const top = slanted ? Math.min(110, 14 + longestColumn * CHAR_PX * 0.66) : twoLines ? 34 : 22;
  const x = scaleBand<string>().domain(props.columns).range([left, Math.max(left + 1, size.width - 8)]).paddingInner(0.06);
  // A few rows do not stretch into slabs: rows stay at most MAX_ROW_PX tall.
  const height = props.fit ? top + props.rows.length * MAX_ROW_PX + 6 + legendHeight : size.height;
  const bottom = Math.min(height - 6 - legendHeight, top + props.rows.length * MAX_ROW_PX);
  const y = scaleBand<string>().domain(props.rows).range([top, Math.max(top + 1, bottom)]).paddingInner(0.08);
  const showText = x.bandwidth() >= 34 && y.bandwidth() >= 15;

  return (
    <div className="heatmap" ref={container} data-testid={props.testId} style={props.fit ? { height } : undefined} onPointerLeave={() => setHover(null)}>
      {size.width > 0 ? (
        <svg width={size.width} height={Math.max(0, height - legendHeight)} role="img" aria-label="heatmap">
          <defs>
            <pattern id={`${props.testId}-na`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <line x1="0" y1="0" x2="0" y2="6" className="heatmap-hatch" />
            </pattern>
          </defs>
          {props.columns.map((column, index) => {
            const centre = (x(column) ?? 0) + x.bandwidth() / 2;
            if (!slanted) {
              const lines = columnLines[index]!;
              return (
                <text key={column} className="axis-label" x={centre} y={top - 6 - (lines.length - 1) * 12} textAnchor="middle">
                  {lines.map((line, lineIndex) => (
                    <tspan key={lineIndex} x={centre} dy={lineIndex === 0 ? 0 : 12}>
                      {line}
                    </tspan>
                  ))}
                </text>
              );
            }
            return (
              <text
                key={column}
                className="axis-label"
                x={centre}
                y={top - 6}
                textAnchor="start"
                transform={`rotate(-40 ${centre} ${top - 6})`}
              >
                {column}
              </text>
            );
          })}
          {props.rows.map((row, rowIndex) => (
            <g key={row}>
              <text className="axis-label" x={left - 6} y={(y(row) ?? 0) + y.bandwidth() / 2} textAnchor="end" dominantBaseline="central">
                {row}
              </text>
              {props.columns.map((column, columnIndex) => {
                const value = props.values[rowIndex]?.[columnIndex] ?? null;
                const paint = value === null ? null : props.paint(value);
                const cellX = x(column) ?? 0;
                const cellY = y(row) ?? 0;
                const tooltip = props.describe(row, column, value);
                return (
                  <g
                    key={column}
                    className="heatmap-cell"
                    data-row={row}
                    data-column={column}
                    data-value={value === null ? '' : value.toFixed(4)}
                    onPointerMove={(event) => {
                      const box = container.current!.getBoundingClientRect();
                      setHover({ x: event.clientX - box.left, y: event.clientY - box.top, text: tooltip });
                    }}
                  >
                    <rect className="heatmap-base" x={cellX} y={cellY} width={x.bandwidth()} height={y.bandwidth()} rx={2} />
                    <rect
                      x={cellX}
                      y={cellY}
                      width={x.bandwidth()}
                      height={y.bandwidth()}
                      rx={2}
                      style={{ fill: paint === null ? `url(#${props.testId}-na)` : paint.color, fillOpacity: paint === null ? 1 : paint.opacity }}
                    >
                      <title>{tooltip}</title>
                    </rect>
                    {showText && value !== null ? (
                      <text className="cell-label" x={cellX + x.bandwidth() / 2} y={cellY + y.bandwidth() / 2} textAnchor="middle" dominantBaseline="central">
                        {props.label(value)}
                      </text>
                    ) : null}
                  </g>
                );
              })}
            </g>
          ))}
        </svg>
      ) : null}
      {props.legend}
      {hover ? (
        <div className="chart-tooltip" role="tooltip" style={{ left: Math.min(hover.x + 12, Math.max(0, size.width - 220)), top: hover.y + 14 }}>
          {hover.text}
        </div>
      ) : null}
    </div>
  );
}
