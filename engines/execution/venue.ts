import type { Account, ClientOrderId, Fill, InstrumentId, Position, Price, Quantity, VenueOrderId } from '@nws/core';
import type { RiskApproved, VenueOrderRequest } from './risk-gate.js';

/** What a venue reports back about an order. `ts` epoch ms UTC. */
export type VenueEvent =
  | { kind: 'accepted'; clientOrderId: ClientOrderId; venueOrderId: VenueOrderId; ts: number }
  | { kind: 'rejected'; clientOrderId: ClientOrderId; reason: string; ts: number }
  | { kind: 'canceled'; clientOrderId: ClientOrderId; reason: string; ts: number }
  | { kind: 'expired'; clientOrderId: ClientOrderId; ts: number }
  | { kind: 'triggered'; clientOrderId: ClientOrderId; ts: number }
  /** A modify took effect, or the venue moved the order itself (a trailing stop's trigger, a bracket exit resized). */
  | { kind: 'updated'; clientOrderId: ClientOrderId; ts: number; quantity?: Quantity; price?: Price; triggerPrice?: Price }
  | { kind: 'modify-rejected'; clientOrderId: ClientOrderId; reason: string; ts: number }
  /**
   * `position`: the venue's position in the instrument right after this fill, when the venue keeps
   * one. Valid while the event is handled: the venue may update that object in place afterwards,
   * so a handler that keeps it copies it (or asks `position()`, whose answer never changes).
   */
  | { kind: 'filled'; fill: Fill; position?: Position };

export type VenueEventHandler = (event: VenueEvent) => void;

/**
 * A place orders go: the simulated venue (backtest and paper) or a broker (IBKR). Accepts only
 * risk-approved requests; answers through the event handler, synchronously or later.
 */
export interface ExecutionVenue {
  readonly venueId: string;
  setEventHandler(handler: VenueEventHandler): void;
  submit(request: RiskApproved<VenueOrderRequest>): void;
  /** The full amended request of an existing order (same clientOrderId). */
  modify(request: RiskApproved<VenueOrderRequest>): void;
  cancel(clientOrderId: ClientOrderId): void;
  account(): Account;
  position(instrumentId: InstrumentId): Position | undefined;
  /** The position's signed net quantity, 0 when flat or never traded: for a caller that needs only that, without being handed the position. */
  netQty(instrumentId: InstrumentId): number;
  positions(): Position[];
  lastPrice(instrumentId: InstrumentId): number | undefined;
  equity(): number;
}
