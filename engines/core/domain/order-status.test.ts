import { describe, expect, it } from 'vitest';
import { ErrorCode, NwsError } from '../errors.js';
import { ORDER_STATUSES, ORDER_TRANSITIONS, assertTransition, canTransition, isInflight, isOpen, isTerminal } from './order-status.js';
import type { OrderStatus } from './order-status.js';

// An independent copy of the transition table, written by hand from Nautilus' OrderStatus::transition.
// Any edit to ORDER_TRANSITIONS must be mirrored here, or this test fails.
const COLUMNS = ['INITIALIZED', 'DENIED', 'SUBMITTED', 'ACCEPTED', 'REJECTED', 'CANCELED', 'EXPIRED', 'TRIGGERED', 'PENDING_UPDATE', 'PENDING_CANCEL', 'PARTIALLY_FILLED', 'FILLED'] as const;
//                                  INI DEN SUB ACC REJ CAN EXP TRG PUP PCA PFL FIL
const EXPECTED: Record<OrderStatus, string> = {
  INITIALIZED: /*             */ '  .   x   x   x   x   x   x   x   .   .   .   .',
  DENIED: /*                  */ '  .   .   .   .   .   .   .   .   .   .   .   .',
  SUBMITTED: /*               */ '  .   .   .   x   x   x   .   x   x   x   x   x',
  ACCEPTED: /*                */ '  .   .   .   .   x   x   x   x   x   x   x   x',
  REJECTED: /*                */ '  .   .   .   .   .   .   .   .   .   .   .   .',
  CANCELED: /*                */ '  .   .   .   .   .   .   .   .   .   .   x   x',
  EXPIRED: /*                 */ '  .   .   .   .   .   .   .   .   .   .   .   .',
  TRIGGERED: /*               */ '  .   .   .   .   x   x   x   .   x   x   x   x',
  PENDING_UPDATE: /*          */ '  .   .   .   x   x   x   x   x   x   x   x   x',
  PENDING_CANCEL: /*          */ '  .   .   .   x   x   x   x   .   .   x   x   x',
  PARTIALLY_FILLED: /*        */ '  .   .   .   .   .   x   x   .   x   x   x   x',
  FILLED: /*                  */ '  .   .   .   .   .   .   .   .   .   .   .   .',
};

function expectedAllowed(from: OrderStatus, to: OrderStatus): boolean {
  const marks = EXPECTED[from].trim().split(/\s+/);
  expect(marks).toHaveLength(COLUMNS.length);
  return marks[COLUMNS.indexOf(to)] === 'x';
}

const ALL_PAIRS = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as const));

describe('order status transition table', () => {
  it('covers exactly the statuses the test knows', () => {
    expect([...ORDER_STATUSES].sort()).toEqual([...COLUMNS].sort());
    expect(Object.keys(ORDER_TRANSITIONS).sort()).toEqual([...COLUMNS].sort());
  });

  it.each(ALL_PAIRS)('%s -> %s matches the table', (from, to) => {
    const allowed = expectedAllowed(from, to);
    expect(canTransition(from, to)).toBe(allowed);
    if (allowed) {
      expect(() => assertTransition(from, to)).not.toThrow();
    } else {
      expect(() => assertTransition(from, to)).toThrowError(expect.objectContaining({ code: ErrorCode.IllegalTransition }));
    }
  });

  it('reaches every status from INITIALIZED', () => {
    const reached = new Set<OrderStatus>(['INITIALIZED']);
    const frontier: OrderStatus[] = ['INITIALIZED'];
    while (frontier.length > 0) {
      for (const next of ORDER_TRANSITIONS[frontier.pop()!]) {
        if (!reached.has(next)) {
          reached.add(next);
          frontier.push(next);
        }
      }
    }
    expect([...reached].sort()).toEqual([...ORDER_STATUSES].sort());
  });

  it('is frozen', () => {
    expect(Object.isFrozen(ORDER_TRANSITIONS)).toBe(true);
  });
});

describe('status predicates', () => {
  const OPEN = ['ACCEPTED', 'TRIGGERED', 'PENDING_UPDATE', 'PENDING_CANCEL', 'PARTIALLY_FILLED'];
  const TERMINAL = ['DENIED', 'REJECTED', 'CANCELED', 'EXPIRED', 'FILLED'];
  const INFLIGHT = ['SUBMITTED', 'PENDING_UPDATE', 'PENDING_CANCEL'];

  it.each(ORDER_STATUSES)('%s is classified', (status) => {
    expect(isOpen(status)).toBe(OPEN.includes(status));
    expect(isTerminal(status)).toBe(TERMINAL.includes(status));
    expect(isInflight(status)).toBe(INFLIGHT.includes(status));
    expect(isOpen(status) && isTerminal(status)).toBe(false);
  });

  it('has no way out of a terminal status except a late fill after CANCELED', () => {
    for (const status of TERMINAL as OrderStatus[]) {
      const exits = ORDER_TRANSITIONS[status];
      expect(exits).toEqual(status === 'CANCELED' ? ['PARTIALLY_FILLED', 'FILLED'] : []);
    }
  });
});

describe('real sequences', () => {
  function walk(statuses: OrderStatus[]): void {
    for (let index = 1; index < statuses.length; index++) assertTransition(statuses[index - 1]!, statuses[index]!);
  }

  it('accepts a limit order filled in three parts', () => {
    expect(() => walk(['INITIALIZED', 'SUBMITTED', 'ACCEPTED', 'PARTIALLY_FILLED', 'PARTIALLY_FILLED', 'FILLED'])).not.toThrow();
  });

  it('accepts a cancel, an amend that comes back ACCEPTED, and a stop that triggers then fills', () => {
    expect(() => walk(['INITIALIZED', 'SUBMITTED', 'ACCEPTED', 'PENDING_CANCEL', 'CANCELED'])).not.toThrow();
    expect(() => walk(['INITIALIZED', 'SUBMITTED', 'ACCEPTED', 'PENDING_UPDATE', 'ACCEPTED', 'FILLED'])).not.toThrow();
    expect(() => walk(['INITIALIZED', 'SUBMITTED', 'ACCEPTED', 'TRIGGERED', 'FILLED'])).not.toThrow();
    expect(() => walk(['INITIALIZED', 'SUBMITTED', 'ACCEPTED', 'PARTIALLY_FILLED', 'PENDING_CANCEL', 'CANCELED'])).not.toThrow();
  });

  it('refuses to submit an order the risk engine denied, naming both statuses', () => {
    assertTransition('INITIALIZED', 'DENIED');
    let caught: unknown;
    try {
      assertTransition('DENIED', 'SUBMITTED', 'order O-1');
    } catch (error) {
      caught = error;
    }
    expect(NwsError.is(caught, ErrorCode.IllegalTransition)).toBe(true);
    expect((caught as NwsError).message).toBe('order O-1: cannot go from DENIED to SUBMITTED');
    expect((caught as NwsError).details).toEqual({ from: 'DENIED', to: 'SUBMITTED' });
  });

  it('refuses to cancel a filled order or to fill an expired one', () => {
    expect(canTransition('FILLED', 'CANCELED')).toBe(false);
    expect(canTransition('EXPIRED', 'FILLED')).toBe(false);
    expect(canTransition('INITIALIZED', 'FILLED')).toBe(false);
  });
});
