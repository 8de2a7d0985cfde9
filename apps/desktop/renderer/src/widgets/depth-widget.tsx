import { useEffect, useState } from 'react';
import { topics, type InstrumentId, type OrderBookDepth } from '@nws/core';
import { currentHostClient } from '../health/health-store.js';
import { FrameCoalescer } from '../market/frame-coalescer.js';
import { formatPrice, formatSize } from './format-price.js';

/** L2 ladder: asks above (best at the bottom), bids below, size bars scaled to the largest level. */
export function DepthWidget({ symbol }: { symbol: string }) {
  const [depth, setDepth] = useState<OrderBookDepth | null>(null);

  useEffect(() => {
    const client = currentHostClient();
    if (client === null) return;
    setDepth(null);
    let dispose: (() => Promise<void>) | null = null;
    let cancelled = false;
    const coalescer = new FrameCoalescer<OrderBookDepth>((latest) => !cancelled && setDepth(latest.get(symbol) ?? null));
    void client
      .subscribe(topics.depth(symbol as InstrumentId), ({ data }) => coalescer.push(symbol, data as OrderBookDepth))
      .then((unsubscribe) => {
        if (cancelled) void unsubscribe();
        else dispose = unsubscribe;
      });
    return () => {
      cancelled = true;
      void dispose?.();
    };
  }, [symbol]);

  if (depth === null) return <p className="widget-empty">Waiting for the book of {symbol}…</p>;
  const largest = Math.max(...depth.bids.map((level) => level.size), ...depth.asks.map((level) => level.size), 1);
  const asks = depth.asks.slice().reverse();
  const spread = depth.asks[0] && depth.bids[0] ? depth.asks[0].price - depth.bids[0].price : undefined;
  return (
    <table className="grid-table ladder" data-testid="depth-ladder">
      <tbody>
        {asks.map((level) => (
          <tr key={`a${level.price}`} className="ask">
            <td className="num price neg">{formatPrice(level.price)}</td>
            <td className="num bar-cell">
              <span className="size-bar ask-bar" style={{ width: `${(level.size / largest) * 100}%` }} />
              <span className="bar-label">{formatSize(level.size)}</span>
            </td>
          </tr>
        ))}
        <tr className="spread-row">
          <td colSpan={2}>spread {formatPrice(spread)}</td>
        </tr>
        {depth.bids.map((level) => (
          <tr key={`b${level.price}`} className="bid">
            <td className="num price pos">{formatPrice(level.price)}</td>
            <td className="num bar-cell">
              <span className="size-bar bid-bar" style={{ width: `${(level.size / largest) * 100}%` }} />
              <span className="bar-label">{formatSize(level.size)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
