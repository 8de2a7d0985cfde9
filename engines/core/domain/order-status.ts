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

/**
 * One bit per status. The checks below run several times per order (a backtest sends hundreds of
 * thousands): a switch over the status names and a mask test are a few pointer compares, where
 * a Set or Map lookup hashes the string each time.
 */
function statusBit(status: string): number {
  switch (status) {
    case 'INITIALIZED':
      return 1 << 0;
    case 'DENIED':
      return 1 << 1;
    case 'SUBMITTED':
      return 1 << 2;
    case 'ACCEPTED':
      return 1 << 3;
    case 'REJECTED':
      return 1 << 4;
    case 'CANCELED':
      return 1 << 5;
    case 'EXPIRED':
      return 1 << 6;
    case 'TRIGGERED':
      return 1 << 7;
    case 'PENDING_UPDATE':
      return 1 << 8;
    case 'PENDING_CANCEL':
      return 1 << 9;
    case 'PARTIALLY_FILLED':
      return 1 << 10;
    case 'FILLED':
      return 1 << 11;
    default:
      return 0;
  }
}

const maskOf = (statuses: readonly OrderStatus[]): number => statuses.reduce((mask, status) => mask | statusBit(status), 0);

/** Legal next statuses of each status as a mask, indexed by the status's bit number. */
const NEXT_MASKS = new Int32Array(ORDER_STATUSES.length);
/** The bit number of a status's bit. */
const bitIndex = (bit: number): number => 31 - Math.clz32(bit);
for (const status of ORDER_STATUSES) NEXT_MASKS[bitIndex(statusBit(status))] = maskOf(ORDER_TRANSITIONS[status]);

/** Working at the venue: may still fill. */
const OPEN_MASK = maskOf(['ACCEPTED', 'TRIGGERED', 'PENDING_UPDATE', 'PENDING_CANCEL', 'PARTIALLY_FILLED']);

/** Finished: will not work at the venue again (a late fill after CANCELED can still be recorded). */
const TERMINAL_MASK = maskOf(['DENIED', 'REJECTED', 'CANCELED', 'EXPIRED', 'FILLED']);

/** Sent and waiting for the venue to answer. */
const INFLIGHT_MASK = maskOf(['SUBMITTED', 'PENDING_UPDATE', 'PENDING_CANCEL']);

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && statusBit(value) !== 0;
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  const fromBit = statusBit(from);
  return fromBit !== 0 && (NEXT_MASKS[bitIndex(fromBit)]! & statusBit(to)) !== 0;
}

/** Throws ILLEGAL_TRANSITION naming both statuses unless `from -> to` is in the table. */
export function assertTransition(from: OrderStatus, to: OrderStatus, subject = 'order'): void {
  if (!canTransition(from, to)) {
    throw new NwsError(ErrorCode.IllegalTransition, `${subject}: cannot go from ${from} to ${to}`, { from, to });
  }
}

export function isOpen(status: OrderStatus): boolean {
  return (statusBit(status) & OPEN_MASK) !== 0;
}

export function isTerminal(status: OrderStatus): boolean {
  return (statusBit(status) & TERMINAL_MASK) !== 0;
}

export function isInflight(status: OrderStatus): boolean {
  return (statusBit(status) & INFLIGHT_MASK) !== 0;
}
