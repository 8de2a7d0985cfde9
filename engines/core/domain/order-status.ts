import { ErrorCode, NwsError } from '../errors.js';

/** Nautilus order statuses (without EMULATED/RELEASED: we do not emulate orders locally). */
export const ORDER_STATUSES = [
  'INITIALIZED',
  'DENIED',
  'SUBMITTED',
  'ACCEPTED',
  'REJECTED',
  'CANCELED',
  'EXPIRED',
  'TRIGGERED',
  'PENDING_UPDATE',
  'PENDING_CANCEL',
  'PARTIALLY_FILLED',
  'FILLED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Legal next statuses, from Nautilus' `OrderStatus::transition`. Some edges look odd but are
 * real: INITIALIZED -> ACCEPTED/REJECTED/CANCELED/EXPIRED/TRIGGERED covers orders first learned
 * of from the venue (reconciliation); CANCELED -> PARTIALLY_FILLED/FILLED covers a fill the venue
 * executed before our cancel landed but reported after it; PENDING_* -> itself allows repeated
 * requests. Typed as a full Record so a new status cannot compile without a row.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = Object.freeze({
  INITIALIZED: ['DENIED', 'SUBMITTED', 'REJECTED', 'ACCEPTED', 'CANCELED', 'EXPIRED', 'TRIGGERED'],
  DENIED: [],
  SUBMITTED: ['PENDING_UPDATE', 'PENDING_CANCEL', 'REJECTED', 'CANCELED', 'ACCEPTED', 'TRIGGERED', 'PARTIALLY_FILLED', 'FILLED'],
  ACCEPTED: ['REJECTED', 'PENDING_UPDATE', 'PENDING_CANCEL', 'CANCELED', 'TRIGGERED', 'EXPIRED', 'PARTIALLY_FILLED', 'FILLED'],
  REJECTED: [],
  CANCELED: ['PARTIALLY_FILLED', 'FILLED'],
  EXPIRED: [],
  TRIGGERED: ['REJECTED', 'PENDING_UPDATE', 'PENDING_CANCEL', 'CANCELED', 'EXPIRED', 'PARTIALLY_FILLED', 'FILLED'],
  PENDING_UPDATE: ['REJECTED', 'ACCEPTED', 'CANCELED', 'EXPIRED', 'TRIGGERED', 'PENDING_UPDATE', 'PENDING_CANCEL', 'PARTIALLY_FILLED', 'FILLED'],
  PENDING_CANCEL: ['REJECTED', 'PENDING_CANCEL', 'CANCELED', 'EXPIRED', 'ACCEPTED', 'PARTIALLY_FILLED', 'FILLED'],
  PARTIALLY_FILLED: ['PENDING_UPDATE', 'PENDING_CANCEL', 'PARTIALLY_FILLED', 'CANCELED', 'EXPIRED', 'FILLED'],
  FILLED: [],
});

const TRANSITION_SET: ReadonlyMap<OrderStatus, ReadonlySet<OrderStatus>> = new Map(
  ORDER_STATUSES.map((status) => [status, new Set(ORDER_TRANSITIONS[status])]),
);

/** Working at the venue: may still fill. */
const OPEN_STATUSES: ReadonlySet<OrderStatus> = new Set(['ACCEPTED', 'TRIGGERED', 'PENDING_UPDATE', 'PENDING_CANCEL', 'PARTIALLY_FILLED']);

/** Finished: will not work at the venue again (a late fill after CANCELED can still be recorded). */
const TERMINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['DENIED', 'REJECTED', 'CANCELED', 'EXPIRED', 'FILLED']);

/** Sent and waiting for the venue to answer. */
const INFLIGHT_STATUSES: ReadonlySet<OrderStatus> = new Set(['SUBMITTED', 'PENDING_UPDATE', 'PENDING_CANCEL']);

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && TRANSITION_SET.has(value as OrderStatus);
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITION_SET.get(from)?.has(to) ?? false;
}

/** Throws ILLEGAL_TRANSITION naming both statuses unless `from -> to` is in the table. */
export function assertTransition(from: OrderStatus, to: OrderStatus, subject = 'order'): void {
  if (!canTransition(from, to)) {
    throw new NwsError(ErrorCode.IllegalTransition, `${subject}: cannot go from ${from} to ${to}`, { from, to });
  }
}

export function isOpen(status: OrderStatus): boolean {
  return OPEN_STATUSES.has(status);
}

export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

export function isInflight(status: OrderStatus): boolean {
  return INFLIGHT_STATUSES.has(status);
}
