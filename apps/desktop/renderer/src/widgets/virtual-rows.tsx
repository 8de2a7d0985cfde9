import { useEffect, useRef, useState, type ReactNode } from 'react';

/** Rows drawn beyond the visible ones, so a fast scroll never shows a gap. */
const OVERSCAN = 8;

interface VirtualRowsProps<T> {
  items: readonly T[];
  rowHeight: number;
  /** CSS grid-template-columns shared by the header and every row. */
  columns: string;
  header: ReactNode;
  rowKey(item: T): string;
  renderRow(item: T): ReactNode;
  testId?: string;
  empty: ReactNode;
}

/**
 * A list that renders only the rows in view (plus a few): thousands of orders or fills cost the
 * same to draw as thirty. Rows have one fixed height; the scroll area is sized to all of them.
 */
export function VirtualRows<T>(props: VirtualRowsProps<T>) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);

  useEffect(() => {
    const element = viewport.current;
    if (element === null) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    setHeight(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / props.rowHeight) - OVERSCAN);
  const last = Math.min(props.items.length, Math.ceil((scrollTop + height) / props.rowHeight) + OVERSCAN);
  const visible = props.items.slice(first, last);

  return (
    <div className="vrows" data-testid={props.testId} data-rows={props.items.length}>
      <div className="vrows-header" style={{ gridTemplateColumns: props.columns }}>
        {props.header}
      </div>
      <div className="vrows-viewport" ref={viewport} onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}>
        {props.items.length === 0 ? (
          props.empty
        ) : (
          <div className="vrows-canvas" style={{ height: props.items.length * props.rowHeight }}>
            {visible.map((item, offset) => (
              <div
                key={props.rowKey(item)}
                className="vrows-row"
                style={{ top: (first + offset) * props.rowHeight, height: props.rowHeight, gridTemplateColumns: props.columns }}
              >
                {props.renderRow(item)}
              </div>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
