/**
 * Round trips from fills: a trade opens when a position leaves flat and closes when it returns
 * to flat (or flips, which closes one trade and opens the next). Uses core's position
 * accounting, so a trade's P&L is exactly the position's realised P&L over its life.
 */
import type { Fill, InstrumentId, Position } from '@nws/core';
import { addTradePnl, emptyTradeTotals } from './statistics.js';
import type { TradeTotals } from './statistics.js';

export interface ClosedTrade {
  instrumentId: string;
  /** LONG or SHORT: the side of the position while it was open. */
  side: 'LONG' | 'SHORT';
  /** Largest absolute quantity held during the trade. */
  quantity: number;
  entryTs: number;
  exitTs: number;
  /** Average open price of the position. */
  entryPrice: number;
  /** Price of the fill that closed it. */
  exitPrice: number;
  /** Realised P&L net of the trade's commissions. */
  pnl: number;
  commission: number;
}

interface OpenTrade {
  realizedAtOpen: number;
  commissionAtOpen: number;
  maxQuantity: number;
  entryPrice: number;
  entryTs: number;
}

/** One instrument's position as of its last fill (the numbers a trade needs) and its open trade. */
interface InstrumentTrades {
  instrumentId: InstrumentId;
  netQty: number;
  realizedPnl: number;
  commission: number;
  open: OpenTrade | undefined;
}

export class TradeTracker {
  /** Every closed trade in order, unless made with `keepClosed` false (then empty). */
  readonly closed: ClosedTrade[] = [];
  /** Counts and P&L sums of every closed trade, kept either way. */
  readonly totals: TradeTotals = emptyTradeTotals();
  private readonly instruments = new Map<InstrumentId, InstrumentTrades>();
  /** The instrument of the last fill: a run's fills mostly follow each other on one instrument. */
  private last: InstrumentTrades | undefined;

  /**
   * `keepClosed` false (a summary run) keeps only `totals`: a sweep's hundreds of thousands of
   * round trips would otherwise stay alive to the end for the garbage collector to copy.
   */
  constructor(private readonly keepClosed = true) {}

  /**
   * Books one fill, given the venue's position right after it (core's `applyFill` of the same
   * fills). The position is read during the call and not kept: the venue may update it in place.
   */
  onFill(fill: Fill, after: Position): void {
    const state = this.stateFor(fill.instrumentId);
    const netQtyBefore = state.netQty;
    const realizedBefore = state.realizedPnl;
    const commissionBefore = state.commission;
    const commissionAfter = totalCommission(after);
    state.netQty = after.netQty;
    state.realizedPnl = after.realizedPnl;
    state.commission = commissionAfter;
    let trade = state.open;
    const flipped = netQtyBefore !== 0 && after.netQty !== 0 && Math.sign(netQtyBefore) !== Math.sign(after.netQty);
    if (trade !== undefined && (after.netQty === 0 || flipped)) {
      const pnl = after.realizedPnl - trade.realizedAtOpen;
      addTradePnl(this.totals, pnl);
      if (this.keepClosed) {
        this.closed.push({
          instrumentId: fill.instrumentId,
          side: netQtyBefore > 0 ? 'LONG' : 'SHORT',
          quantity: trade.maxQuantity,
          entryTs: trade.entryTs,
          exitTs: fill.ts,
          entryPrice: trade.entryPrice,
          exitPrice: fill.price,
          pnl,
          commission: commissionAfter - trade.commissionAtOpen,
        });
      }
      state.open = undefined;
      trade = undefined;
    }
    if (after.netQty === 0) return;
    if (trade === undefined) {
      // A flip's opening part starts a new trade at the fill price with no realised P&L of its own.
      state.open = {
        realizedAtOpen: flipped ? after.realizedPnl : realizedBefore,
        commissionAtOpen: flipped ? commissionAfter : commissionBefore,
        maxQuantity: Math.abs(after.netQty),
        entryPrice: after.avgOpenPrice,
        entryTs: fill.ts,
      };
    } else {
      trade.maxQuantity = Math.max(trade.maxQuantity, Math.abs(after.netQty));
      trade.entryPrice = after.avgOpenPrice;
    }
  }

  /** Trades still open at the end (not round trips). */
  get openCount(): number {
    let count = 0;
    for (const state of this.instruments.values()) if (state.open !== undefined) count += 1;
    return count;
  }

  private stateFor(instrumentId: InstrumentId): InstrumentTrades {
    const last = this.last;
    if (last !== undefined && last.instrumentId === instrumentId) return last;
    let state = this.instruments.get(instrumentId);
    if (state === undefined) {
      state = { instrumentId, netQty: 0, realizedPnl: 0, commission: 0, open: undefined };
      this.instruments.set(instrumentId, state);
    }
    this.last = state;
    return state;
  }
}

function totalCommission(position: Position): number {
  return position.commissions[position.currency] ?? 0;
}
