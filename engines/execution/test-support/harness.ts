// Builds a real SimulatedVenue + OrderManager pair on 1m bars (AAPL unless another instrument is given) for the tests of this engine.
import { barType, testkit } from '@nws/core';
import type { Bar, ClientOrderId, Fill, Instrument, Order, QuoteTick, TradeId, TradeTick } from '@nws/core';
import { InMemoryOrderJournal } from '../journal.js';
import type { OrderEventKind } from '../journal.js';
import { OrderManager } from '../order-manager.js';
import type { RiskCheck } from '../risk-gate.js';
import { SimulatedVenue } from '../simulated-venue.js';
import type { SimulatedVenueConfigInput } from '../config.js';

export const T0 = Date.UTC(2024, 0, 2, 14, 30);
export const MINUTE = 60_000;

export interface Harness {
  instrument: Instrument;
  venue: SimulatedVenue;
  manager: OrderManager;
  journal: InMemoryOrderJournal;
  fills: Fill[];
  updates: Array<[ClientOrderId, OrderEventKind, Order['status']]>;
  /** Next 1m bar (ts advances one minute per call unless given). */
  bar(open: number, high: number, low: number, close: number, volume?: number, ts?: number): Bar;
  quote(bid: number, ask: number, bidSize?: number, askSize?: number): QuoteTick;
  trade(price: number, size: number): TradeTick;
}

export function harness(config: SimulatedVenueConfigInput = {}, options: { riskCheck?: RiskCheck; spec?: string; startTs?: number; instrument?: Instrument } = {}): Harness {
  const instrument = options.instrument ?? testkit.instruments.aapl();
  const venue = new SimulatedVenue({ instruments: [instrument], config });
  const journal = new InMemoryOrderJournal();
  let ts = options.startTs ?? T0;
  let idCounter = 0;
  const manager = new OrderManager({
    venue,
    now: () => venue.now(),
    journal,
    nextClientOrderId: () => `O-${++idCounter}` as ClientOrderId,
    ...(options.riskCheck === undefined ? {} : { riskCheck: options.riskCheck }),
  });
  const fills: Fill[] = [];
  const updates: Harness['updates'] = [];
  manager.onFill((fill) => fills.push(fill));
  manager.onOrderUpdate((order, kind) => updates.push([order.clientOrderId, kind, order.status]));
  const type = barType(instrument.id, options.spec ?? '1m');
  const step = options.spec === '1d' ? 86_400_000 : MINUTE;
  let tradeNumber = 0;
  return {
    instrument,
    venue,
    manager,
    journal,
    fills,
    updates,
    bar(open, high, low, close, volume = 1_000_000, at) {
      const bar: Bar = { barType: type, ts: at ?? ts, open, high, low, close, volume };
      ts = (at ?? ts) + step;
      venue.processBar(bar);
      return bar;
    },
    quote(bid, ask, bidSize = 100, askSize = 100) {
      const quote: QuoteTick = { instrumentId: instrument.id, bid, ask, bidSize, askSize, ts };
      ts += 1000;
      venue.processQuote(quote);
      return quote;
    },
    trade(price, size) {
      const trade: TradeTick = { instrumentId: instrument.id, price, size, aggressorSide: 'NO_AGGRESSOR', tradeId: `X-${++tradeNumber}` as TradeId, ts };
      ts += 1000;
      venue.processTrade(trade);
      return trade;
    },
  };
}

export const AAPL = 'AAPL.XNAS';
