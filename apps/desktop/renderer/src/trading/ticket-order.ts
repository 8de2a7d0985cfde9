// The order ticket's form and the protocol request it becomes. Pure, so the rules (which fields
// each order type needs, what counts as a number) are tested without a browser.
import type { MethodParams } from '@nws/core';

export const TICKET_ORDER_TYPES = ['market', 'limit', 'stop', 'stop-limit', 'trailing', 'bracket'] as const;
export type TicketOrderType = (typeof TICKET_ORDER_TYPES)[number];

export const TICKET_TYPE_LABELS: Readonly<Record<TicketOrderType, string>> = {
  market: 'Market',
  limit: 'Limit',
  stop: 'Stop',
  'stop-limit': 'Stop limit',
  trailing: 'Trailing stop',
  bracket: 'Bracket',
};

export const TICKET_TIFS = ['DAY', 'GTC', 'IOC', 'FOK'] as const;
export type TicketTif = (typeof TICKET_TIFS)[number];

export interface TicketForm {
  side: 'BUY' | 'SELL';
  type: TicketOrderType;
  quantity: string;
  /** Limit price (limit, stop-limit; the entry of a limit bracket, empty = market entry). */
  price: string;
  /** Stop trigger (stop, stop-limit). */
  triggerPrice: string;
  trailingOffset: string;
  trailingOffsetType: 'price' | 'percent';
  takeProfitPrice: string;
  stopLossPrice: string;
  timeInForce: TicketTif;
}

export type OrderParams = MethodParams<'orders.submit'>;
export type BracketParams = MethodParams<'orders.submitBracket'>;

export type TicketRequest =
  | { kind: 'order'; params: OrderParams; summary: string }
  | { kind: 'bracket'; params: BracketParams; summary: string }
  | { kind: 'invalid'; problems: string[] };

export function emptyTicketForm(): TicketForm {
  return { side: 'BUY', type: 'market', quantity: '100', price: '', triggerPrice: '', trailingOffset: '1', trailingOffsetType: 'percent', takeProfitPrice: '', stopLossPrice: '', timeInForce: 'DAY' };
}

/** Which inputs a type shows. */
export function ticketFields(type: TicketOrderType): { price: boolean; trigger: boolean; trailing: boolean; bracket: boolean } {
  return {
    price: type === 'limit' || type === 'stop-limit' || type === 'bracket',
    trigger: type === 'stop' || type === 'stop-limit',
    trailing: type === 'trailing',
    bracket: type === 'bracket',
  };
}

/** Times in force a type accepts (a resting stop cannot be IOC/FOK; a bracket's entry is DAY or GTC). */
export function allowedTifs(type: TicketOrderType): readonly TicketTif[] {
  if (type === 'market' || type === 'limit') return TICKET_TIFS;
  return ['DAY', 'GTC'];
}

function positive(label: string, text: string, problems: string[]): number | undefined {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    problems.push(`${label} must be a positive number`);
    return undefined;
  }
  return value;
}

/** The request the form describes for `instrumentId`, or every problem at once. */
export function ticketRequest(form: TicketForm, instrumentId: string): TicketRequest {
  const problems: string[] = [];
  const quantity = positive('Quantity', form.quantity, problems);
  const fields = ticketFields(form.type);
  const tif = allowedTifs(form.type).includes(form.timeInForce) ? form.timeInForce : 'DAY';
  const base = { instrumentId, side: form.side, quantity: quantity ?? 0, timeInForce: tif };
  const price = fields.price && !(form.type === 'bracket' && form.price.trim() === '') ? positive('Limit price', form.price, problems) : undefined;
  const trigger = fields.trigger ? positive('Stop price', form.triggerPrice, problems) : undefined;
  const offset = fields.trailing ? positive('Trailing offset', form.trailingOffset, problems) : undefined;
  const takeProfit = fields.bracket ? positive('Take-profit', form.takeProfitPrice, problems) : undefined;
  const stopLoss = fields.bracket ? positive('Stop-loss', form.stopLossPrice, problems) : undefined;
  if (problems.length > 0) return { kind: 'invalid', problems };

  const verb = `${form.side === 'BUY' ? 'Buy' : 'Sell'} ${quantity} ${instrumentId}`;
  switch (form.type) {
    case 'market':
      return { kind: 'order', params: { ...base, type: 'MARKET' }, summary: `${verb} at market` };
    case 'limit':
      return { kind: 'order', params: { ...base, type: 'LIMIT', price: price! }, summary: `${verb} limit ${price}` };
    case 'stop':
      return { kind: 'order', params: { ...base, type: 'STOP_MARKET', triggerPrice: trigger! }, summary: `${verb} stop ${trigger}` };
    case 'stop-limit':
      return { kind: 'order', params: { ...base, type: 'STOP_LIMIT', triggerPrice: trigger!, price: price! }, summary: `${verb} stop ${trigger} limit ${price}` };
    case 'trailing':
      return {
        kind: 'order',
        params: { ...base, type: 'TRAILING_STOP_MARKET', trailingOffset: offset!, trailingOffsetType: form.trailingOffsetType },
        summary: `${verb} trailing ${offset}${form.trailingOffsetType === 'percent' ? '%' : ''}`,
      };
    case 'bracket': {
      const params: BracketParams = { instrumentId, side: form.side, quantity: quantity!, takeProfitPrice: takeProfit!, stopLossTriggerPrice: stopLoss!, timeInForce: tif === 'GTC' ? 'GTC' : 'DAY' };
      if (price !== undefined) params.entryPrice = price;
      return { kind: 'bracket', params, summary: `${verb} ${price === undefined ? 'at market' : `limit ${price}`}, take-profit ${takeProfit}, stop-loss ${stopLoss}` };
    }
  }
}

/** What the risk pre-check is asked about: the order itself, or a bracket's entry. */
export function precheckOrder(request: TicketRequest): OrderParams | null {
  if (request.kind === 'order') return request.params;
  if (request.kind === 'bracket') {
    const { instrumentId, side, quantity, entryPrice, timeInForce } = request.params;
    return entryPrice === undefined ? { instrumentId, side, quantity, type: 'MARKET', timeInForce: timeInForce ?? 'DAY' } : { instrumentId, side, quantity, type: 'LIMIT', price: entryPrice, timeInForce: timeInForce ?? 'DAY' };
  }
  return null;
}
