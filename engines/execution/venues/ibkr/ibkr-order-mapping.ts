// Our OrderRequest ↔ IB Order. Pure functions: what IB order a request becomes, and how IB's
// order states read in our vocabulary.
import type { Order as IbOrder, OrderAction, OrderType as IbOrderType, TimeInForce as IbTif } from '@stoqey/ib';
import { ErrorCode, NwsError } from '@nws/core';
import type { VenueOrderRequest } from '../../risk-gate.js';

/** OCA type 1: cancel the other orders of the group, with block (IB's recommended mode for brackets). */
export const OCA_CANCEL_WITH_BLOCK = 1;

export interface IbOrderLinks {
  /** IB order id of the parent (bracket entry), 0 for none. */
  parentId: number;
  /** false holds the order at IB until a later order of the same bracket is sent with transmit true. */
  transmit: boolean;
  account?: string;
}

/** The IB order for one of our requests; `orderRef` carries our client order id so it survives reconnects. */
export function toIbOrder(request: VenueOrderRequest, links: IbOrderLinks): IbOrder {
  const order: IbOrder = {
    orderType: 'MKT' as IbOrderType, // set per type below
    action: (request.side === 'BUY' ? 'BUY' : 'SELL') as OrderAction,
    totalQuantity: Number(request.quantity),
    orderRef: request.clientOrderId,
    tif: ibTif(request.timeInForce),
    transmit: links.transmit,
    parentId: links.parentId,
    outsideRth: false,
    ...(links.account ? { account: links.account } : {}),
  };
  if (request.timeInForce === 'GTD' && request.expireTime !== undefined) order.goodTillDate = ibDateTime(request.expireTime);
  if (request.ocoGroupId) {
    order.ocaGroup = request.ocoGroupId;
    order.ocaType = OCA_CANCEL_WITH_BLOCK;
  }
  switch (request.type) {
    case 'MARKET':
      return { ...order, orderType: 'MKT' as IbOrderType };
    case 'LIMIT':
      return { ...order, orderType: 'LMT' as IbOrderType, lmtPrice: Number(request.price) };
    case 'STOP_MARKET':
      return { ...order, orderType: 'STP' as IbOrderType, auxPrice: Number(request.triggerPrice) };
    case 'STOP_LIMIT':
      return { ...order, orderType: 'STP LMT' as IbOrderType, lmtPrice: Number(request.price), auxPrice: Number(request.triggerPrice) };
    case 'TRAILING_STOP_MARKET': {
      const trail: IbOrder = { ...order, orderType: 'TRAIL' as IbOrderType };
      if (request.trailingOffsetType === 'percent') trail.trailingPercent = request.trailingOffset;
      else trail.auxPrice = request.trailingOffset;
      if (request.triggerPrice !== undefined) trail.trailStopPrice = Number(request.triggerPrice);
      return trail;
    }
    case 'MARKET_ON_CLOSE':
      return { ...order, orderType: 'MOC' as IbOrderType, tif: 'DAY' as IbTif };
    default:
      throw new NwsError(ErrorCode.InvalidOrder, `IBKR: unsupported order type ${(request as { type: string }).type}`);
  }
}

function ibTif(tif: VenueOrderRequest['timeInForce']): IbTif {
  return tif as IbTif; // DAY, GTC, IOC, FOK and GTD have the same names at IB
}

/** IB's "yyyymmdd HH:mm:ss UTC" form. */
export function ibDateTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)} ${iso.slice(11, 19)} UTC`;
}

export type IbStatusMeaning = 'working' | 'canceled' | 'filled' | 'inactive' | 'pending';

/** IB order statuses as our order life cycle sees them. */
export function statusMeaning(status: string): IbStatusMeaning {
  switch (status) {
    case 'Submitted':
    case 'PreSubmitted':
      return 'working';
    case 'Cancelled':
    case 'ApiCancelled':
      return 'canceled';
    case 'Filled':
      return 'filled';
    case 'Inactive':
      return 'inactive';
    default:
      return 'pending';
  }
}

/** IB error codes that mean the order itself was refused (201 rejected, 203 not allowed, 10147+ bad id ...). */
export const ORDER_REJECTION_CODES: ReadonlySet<number> = new Set([103, 104, 105, 106, 107, 109, 110, 111, 200, 201, 203, 321, 382, 383, 387, 388, 434, 10006, 10147]);
