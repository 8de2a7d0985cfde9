import { describe, expect, it } from 'vitest';
import { emptyTicketForm, precheckOrder, ticketRequest, type TicketForm } from './ticket-order.js';

const NOVA = 'NOVA.SIM';
const form = (change: Partial<TicketForm>): TicketForm => ({ ...emptyTicketForm(), ...change });

describe('ticketRequest', () => {
  it('turns each order type into the request the Host takes', () => {
    expect(ticketRequest(form({ quantity: '10' }), NOVA)).toEqual({
      kind: 'order',
      params: { instrumentId: NOVA, side: 'BUY', quantity: 10, timeInForce: 'DAY', type: 'MARKET' },
      summary: 'Buy 10 NOVA.SIM at market',
    });
    expect(ticketRequest(form({ side: 'SELL', type: 'limit', quantity: '5', price: '101.25', timeInForce: 'GTC' }), NOVA)).toMatchObject({
      kind: 'order',
      params: { side: 'SELL', type: 'LIMIT', price: 101.25, quantity: 5, timeInForce: 'GTC' },
    });
    expect(ticketRequest(form({ type: 'stop', triggerPrice: '99' }), NOVA)).toMatchObject({ params: { type: 'STOP_MARKET', triggerPrice: 99 } });
    expect(ticketRequest(form({ type: 'stop-limit', triggerPrice: '99', price: '98.5' }), NOVA)).toMatchObject({ params: { type: 'STOP_LIMIT', triggerPrice: 99, price: 98.5 } });
    expect(ticketRequest(form({ side: 'SELL', type: 'trailing', trailingOffset: '1.5', trailingOffsetType: 'percent' }), NOVA)).toMatchObject({
      params: { type: 'TRAILING_STOP_MARKET', trailingOffset: 1.5, trailingOffsetType: 'percent' },
      summary: 'Sell 100 NOVA.SIM trailing 1.5%',
    });
  });

  it('sends a bracket with a market entry when the entry limit is empty, and pre-checks its entry', () => {
    const market = ticketRequest(form({ type: 'bracket', takeProfitPrice: '110', stopLossPrice: '95' }), NOVA);
    expect(market).toEqual({
      kind: 'bracket',
      params: { instrumentId: NOVA, side: 'BUY', quantity: 100, takeProfitPrice: 110, stopLossTriggerPrice: 95, timeInForce: 'DAY' },
      summary: 'Buy 100 NOVA.SIM at market, take-profit 110, stop-loss 95',
    });
    expect(precheckOrder(market)).toEqual({ instrumentId: NOVA, side: 'BUY', quantity: 100, type: 'MARKET', timeInForce: 'DAY' });
    const limit = ticketRequest(form({ type: 'bracket', price: '100', takeProfitPrice: '110', stopLossPrice: '95' }), NOVA);
    expect(precheckOrder(limit)).toMatchObject({ type: 'LIMIT', price: 100 });
  });

  it('names every bad field at once and asks the pre-check nothing', () => {
    const invalid = ticketRequest(form({ type: 'stop-limit', quantity: '0', price: 'abc', triggerPrice: '' }), NOVA);
    expect(invalid).toEqual({ kind: 'invalid', problems: ['Quantity must be a positive number', 'Limit price must be a positive number', 'Stop price must be a positive number'] });
    expect(precheckOrder(invalid)).toBeNull();
  });

  it('falls back to DAY when the time in force does not suit the type', () => {
    expect(ticketRequest(form({ type: 'stop', triggerPrice: '99', timeInForce: 'IOC' }), NOVA)).toMatchObject({ params: { timeInForce: 'DAY' } });
  });
});
