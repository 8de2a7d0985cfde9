import { useDashboardStore } from '../dashboard/dashboard-store.js';
import { changePercent, useQuoteStore } from '../market/quote-store.js';
import { formatChange, formatPrice, formatSize, symbolOf } from './format-price.js';
import './watchlist-widget.css';

/** Every instrument with its live bid/ask and change vs previous close; a click retargets linked widgets. */
export function WatchlistWidget({ selected }: { selected: string }) {
  const instruments = useQuoteStore((state) => state.instruments);
  const quotes = useQuoteStore((state) => state.quotes);
  const previousClose = useQuoteStore((state) => state.previousClose);
  const pickSymbol = useDashboardStore((state) => state.pickSymbol);

  if (instruments.length === 0) return <p className="widget-empty">Loading instruments…</p>;
  return (
    <div className="watchlist-fit">
      <table className="grid-table watchlist" data-testid="watchlist">
        <thead>
          <tr>
            <th>Symbol</th>
            <th className="num">Bid</th>
            <th className="num">Ask</th>
            <th className="num" data-field="size">Size</th>
            <th className="num" data-field="change">Chg</th>
          </tr>
        </thead>
        <tbody>
          {instruments.map(({ instrumentId, name }) => {
            const quote = quotes[instrumentId];
            const change = changePercent(quote, previousClose[instrumentId]);
            const tickClass = quote?.tick === 1 ? 'up' : quote?.tick === -1 ? 'down' : '';
            return (
              <tr
                key={instrumentId}
                data-instrument={instrumentId}
                className={instrumentId === selected ? 'selected' : ''}
                onClick={() => pickSymbol(instrumentId)}
                title={name}
              >
                <td className="symbol">{symbolOf(instrumentId)}</td>
                <td className={`num price ${tickClass}`} data-field="bid">{formatPrice(quote?.bid)}</td>
                <td className={`num price ${tickClass}`} data-field="ask">{formatPrice(quote?.ask)}</td>
                <td className="num muted" data-field="size">{quote ? formatSize(quote.bidSize) : '—'}</td>
                <td className={`num ${change === undefined ? '' : change >= 0 ? 'pos' : 'neg'}`} data-field="change">{formatChange(change)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
