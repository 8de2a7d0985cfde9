import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { currentHostClient } from '../health/health-store.js';
import { useQuoteStore } from '../market/quote-store.js';
import { useAccountStore } from '../trading/account-store.js';
import { useTicketStore } from '../trading/ticket-store.js';
import {
  TICKET_ORDER_TYPES,
  TICKET_TYPE_LABELS,
  allowedTifs,
  emptyTicketForm,
  precheckOrder,
  ticketFields,
  ticketRequest,
  type TicketForm,
  type TicketRequest,
} from '../trading/ticket-order.js';
import type { OrderView, PrecheckView } from '../trading/trading-types.js';
import { AVERAGE_PRICE_DECIMALS, formatMoney, formatPrice, symbolOf } from './format-price.js';

/** Pre-check waits for typing to pause this long. */
const PRECHECK_DEBOUNCE_MS = 250;
/** How often an unchanged ticket's pre-check is asked again. */
const PRECHECK_REFRESH_MS = 2_000;

type Outcome = { tone: 'good' | 'bad'; text: string } | null;

/**
 * Order entry for the widget's symbol: side, type (market, limit, stop, stop-limit, trailing,
 * bracket), quantity, prices, time in force. The risk pre-check runs on every change (debounced)
 * and shows each limit's verdict before anything is sent. Send asks for confirmation first;
 * Enter arms and confirms, Escape backs out.
 */
export function OrderTicketWidget({ symbol }: { symbol: string }) {
  const [form, setForm] = useState<TicketForm>(emptyTicketForm);
  const [confirming, setConfirming] = useState(false);
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const quote = useQuoteStore((state) => state.quotes[symbol]);
  const kill = useAccountStore((state) => state.kill);
  const focusRequest = useTicketStore((state) => state.focusRequest);
  const quantityInput = useRef<HTMLInputElement>(null);
  const request = useMemo(() => ticketRequest(form, symbol), [form, symbol]);
  const precheck = usePrecheck(request);
  const fields = ticketFields(form.type);
  const blocked = kill?.engaged === true;

  useEffect(() => {
    if (focusRequest === null) return;
    setForm((current) => ({ ...current, side: focusRequest.side }));
    quantityInput.current?.focus();
    quantityInput.current?.select();
  }, [focusRequest]);

  useEffect(() => setConfirming(false), [form, symbol]);

  const update = (change: Partial<TicketForm>) => setForm((current) => withDefaults({ ...current, ...change }, current, quote));

  async function send() {
    const client = currentHostClient();
    if (client === null || request.kind === 'invalid') return;
    setSending(true);
    setConfirming(false);
    try {
      if (request.kind === 'order') setOutcome(describeOrder(await client.call('orders.submit', request.params)));
      else setOutcome(describeOrder((await client.call('orders.submitBracket', request.params)).entry, ' (bracket)'));
    } catch (error) {
      setOutcome({ tone: 'bad', text: (error as Error).message });
    } finally {
      setSending(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key === 'Escape' && confirming) {
      event.preventDefault();
      setConfirming(false);
    }
  }

  const canSend = request.kind !== 'invalid' && !blocked && !sending;
  return (
    <form
      className="ticket"
      data-testid="order-ticket"
      data-symbol={symbol}
      onKeyDown={onKeyDown}
      onSubmit={(event) => {
        event.preventDefault();
        if (!canSend) return;
        if (confirming) void send();
        else setConfirming(true);
      }}
    >
      <div className="ticket-quote">
        <span className="ticket-symbol">{symbolOf(symbol)}</span>
        <span className="ticket-bidask">
          <span className="neg" title="Bid">{formatPrice(quote?.bid)}</span>
          <span className="muted"> / </span>
          <span className="pos" title="Ask">{formatPrice(quote?.ask)}</span>
        </span>
      </div>
      <div className="ticket-sides" role="group" aria-label="Side">
        <button type="button" className={`side-button buy${form.side === 'BUY' ? ' active' : ''}`} aria-pressed={form.side === 'BUY'} onClick={() => update({ side: 'BUY' })}>
          Buy
        </button>
        <button type="button" className={`side-button sell${form.side === 'SELL' ? ' active' : ''}`} aria-pressed={form.side === 'SELL'} onClick={() => update({ side: 'SELL' })}>
          Sell
        </button>
      </div>
      <div className="ticket-grid">
        <label>
          Type
          <select aria-label="Order type" value={form.type} onChange={(event) => update({ type: event.target.value as TicketForm['type'] })}>
            {TICKET_ORDER_TYPES.map((type) => (
              <option key={type} value={type}>
                {TICKET_TYPE_LABELS[type]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Quantity
          <input ref={quantityInput} aria-label="Quantity" inputMode="decimal" value={form.quantity} onChange={(event) => update({ quantity: event.target.value })} />
        </label>
        {fields.trigger ? <PriceInput label="Stop price" value={form.triggerPrice} onChange={(triggerPrice) => update({ triggerPrice })} /> : null}
        {fields.price ? (
          <PriceInput label={form.type === 'bracket' ? 'Entry limit' : 'Limit price'} placeholder={form.type === 'bracket' ? 'market' : ''} value={form.price} onChange={(price) => update({ price })} />
        ) : null}
        {fields.trailing ? (
          <>
            <PriceInput label="Trail by" value={form.trailingOffset} onChange={(trailingOffset) => update({ trailingOffset })} />
            <label>
              Trail in
              <select aria-label="Trail in" value={form.trailingOffsetType} onChange={(event) => update({ trailingOffsetType: event.target.value as TicketForm['trailingOffsetType'] })}>
                <option value="percent">Percent</option>
                <option value="price">Amount</option>
              </select>
            </label>
          </>
        ) : null}
        {fields.bracket ? (
          <>
            <PriceInput label="Take-profit" value={form.takeProfitPrice} onChange={(takeProfitPrice) => update({ takeProfitPrice })} />
            <PriceInput label="Stop-loss" value={form.stopLossPrice} onChange={(stopLossPrice) => update({ stopLossPrice })} />
          </>
        ) : null}
        <label>
          Time in force
          <select aria-label="Time in force" value={form.timeInForce} onChange={(event) => update({ timeInForce: event.target.value as TicketForm['timeInForce'] })}>
            {allowedTifs(form.type).map((tif) => (
              <option key={tif} value={tif}>
                {tif}
              </option>
            ))}
          </select>
        </label>
        <div className="ticket-notional">
          <span className="muted">Est. value</span>
          <span>{formatMoney(estimatedValue(request, quote))}</span>
        </div>
      </div>
      {blocked ? (
        <p className="ticket-blocked" data-testid="ticket-blocked">
          Trading blocked: kill switch engaged{kill?.reason ? ` (${kill.reason})` : ''}. Re-arm it to send orders.
        </p>
      ) : null}
      {/* While blocked every order is refused by the trading state: the note above says why. */}
      {blocked ? null : <PrecheckPanel request={request} precheck={precheck} />}
      <div className="ticket-actions">
        {confirming ? (
          <>
            <span className="ticket-confirm-text" data-testid="ticket-confirm">
              {request.kind === 'invalid' ? '' : request.summary}?
            </span>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
            <button type="submit" className={`button ${form.side === 'BUY' ? 'buy-fill' : 'sell-fill'}`} data-testid="ticket-confirm-send" autoFocus>
              Confirm
            </button>
          </>
        ) : (
          <button type="submit" className={`button send ${form.side === 'BUY' ? 'buy-fill' : 'sell-fill'}`} data-testid="ticket-send" disabled={!canSend}>
            {sending ? 'Sending…' : `${form.side === 'BUY' ? 'Buy' : 'Sell'} ${symbolOf(symbol)}`}
          </button>
        )}
      </div>
      {outcome !== null ? (
        <p className={`ticket-outcome tone-${outcome.tone}`} data-testid="ticket-outcome">
          {outcome.text}
        </p>
      ) : null}
    </form>
  );
}

function PriceInput(props: { label: string; value: string; placeholder?: string; onChange(value: string): void }) {
  return (
    <label>
      {props.label}
      <input aria-label={props.label} inputMode="decimal" placeholder={props.placeholder} value={props.value} onChange={(event) => props.onChange(event.target.value)} />
    </label>
  );
}

function PrecheckPanel({ request, precheck }: { request: TicketRequest; precheck: PrecheckState }) {
  if (request.kind === 'invalid') {
    return (
      <div className="precheck" data-testid="precheck" data-state="invalid">
        {request.problems.map((problem) => (
          <p key={problem} className="precheck-problem">
            {problem}
          </p>
        ))}
      </div>
    );
  }
  if (precheck.error !== null) return <div className="precheck" data-testid="precheck" data-state="error"><p className="precheck-problem">Pre-check unavailable: {precheck.error}</p></div>;
  if (precheck.result === null) return <div className="precheck" data-testid="precheck" data-state="pending"><p className="muted">Checking risk limits…</p></div>;
  const { ok, results } = precheck.result;
  return (
    <div className="precheck" data-testid="precheck" data-state={ok ? 'pass' : 'fail'}>
      <p className={`precheck-verdict ${ok ? 'tone-good' : 'tone-bad'}`}>{ok ? 'Risk pre-check passed' : 'Risk pre-check: order would be refused'}</p>
      <ul className="precheck-list">
        {results
          .filter((result) => result.limit !== 'trading-state' || !result.ok)
          .map((result) => (
            <li key={result.limit} className={result.ok ? '' : 'refused'} title={result.reason ?? ''} data-limit={result.type}>
              <span className={`precheck-mark ${result.ok ? 'tone-good' : 'tone-bad'}`}>{result.ok ? '✓' : '✕'}</span>
              <span className="precheck-name">{result.type}</span>
              {result.utilisationAfter !== undefined ? <UtilisationBar value={result.utilisationAfter} /> : <span className="precheck-na muted">—</span>}
              {!result.ok && result.reason ? <span className="precheck-reason">{result.reason}</span> : null}
            </li>
          ))}
      </ul>
    </div>
  );
}

function UtilisationBar({ value }: { value: number }) {
  const tone = value >= 1 ? 'bad' : value >= 0.8 ? 'warn' : 'good';
  return (
    <span className="util" title={`${(value * 100).toFixed(1)}% of the limit after this order`}>
      <span className={`util-fill fill-${tone}`} style={{ width: `${Math.min(100, value * 100)}%` }} />
      <span className="util-label">{(value * 100).toFixed(value < 0.1 ? 1 : 0)}%</span>
    </span>
  );
}

interface PrecheckState {
  result: PrecheckView | null;
  error: string | null;
}

/** `risk.precheck` for the current request, asked once typing pauses; stale answers are dropped. */
function usePrecheck(request: TicketRequest): PrecheckState {
  const [state, setState] = useState<PrecheckState>({ result: null, error: null });
  const order = precheckOrder(request);
  const key = order === null ? null : JSON.stringify(order);
  const kill = useAccountStore((store) => store.kill);
  useEffect(() => {
    setState({ result: null, error: null });
    const client = currentHostClient();
    if (key === null || client === null) return;
    let current = true;
    const check = (): void => {
      client
        .call('risk.precheck', { order: JSON.parse(key) as never })
        .then((result) => current && setState({ result, error: null }))
        .catch((error: unknown) => current && setState({ result: null, error: (error as Error).message }));
    };
    // The verdict moves with the market (a market order is valued at the mark, the daily loss with
    // P&L), so it is asked again while the ticket stays as it is.
    let refresh: ReturnType<typeof setInterval> | undefined;
    const timer = setTimeout(() => {
      check();
      refresh = setInterval(check, PRECHECK_REFRESH_MS);
    }, PRECHECK_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
      clearInterval(refresh);
    };
  }, [key, kill?.engaged]);
  return state;
}

/** Switching to a priced type fills its price with the touch, so the ticket never starts empty. */
function withDefaults(next: TicketForm, before: TicketForm, quote: { bid: number; ask: number } | undefined): TicketForm {
  if (quote === undefined || next.type === before.type) return next;
  const touch = next.side === 'BUY' ? quote.ask : quote.bid;
  const away = (fraction: number) => (Math.round(touch * (1 + fraction) * 100) / 100).toFixed(2);
  const fields = ticketFields(next.type);
  const filled = { ...next };
  if (fields.price && next.type !== 'bracket' && next.price === '') filled.price = touch.toFixed(2);
  if (fields.trigger && next.triggerPrice === '') filled.triggerPrice = away(next.side === 'BUY' ? 0.01 : -0.01);
  if (fields.bracket) {
    if (next.takeProfitPrice === '') filled.takeProfitPrice = away(next.side === 'BUY' ? 0.02 : -0.02);
    if (next.stopLossPrice === '') filled.stopLossPrice = away(next.side === 'BUY' ? -0.01 : 0.01);
  }
  if (!allowedTifs(next.type).includes(next.timeInForce)) filled.timeInForce = 'DAY';
  return filled;
}

function estimatedValue(request: TicketRequest, quote: { bid: number; ask: number } | undefined): number | undefined {
  const order = precheckOrder(request);
  if (order === null) return undefined;
  const price = 'price' in order && typeof order.price === 'number' ? order.price : quote === undefined ? undefined : order.side === 'BUY' ? quote.ask : quote.bid;
  return price === undefined ? undefined : price * order.quantity;
}

function describeOrder(order: OrderView, suffix = ''): Outcome {
  const filled = order.filledQty > 0 && typeof order['avgFillPrice'] === 'number' ? ` ${order.filledQty} @ ${formatPrice(order['avgFillPrice'], AVERAGE_PRICE_DECIMALS)}` : '';
  return { tone: 'good', text: `${order.clientOrderId}${suffix}: ${order.status}${filled}` };
}
