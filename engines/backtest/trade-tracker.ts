/**
 * Round trips from fills: a trade opens when a position leaves flat and closes when it returns
 * to flat (or flips, which closes one trade and opens the next). Uses core's position
 * accounting, so a trade's P&L is exactly the position's realised P&L over its life.
 */
import { applyFill, createPosition, positionId } from '@nws/core';
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
  position: Position;
  realizedAtOpen: number;
  commissionAtOpen: number;
  maxQuantity: number;
  entryPrice: number;
  entryTs: number;
}

export class TradeTracker {
  /** Every closed trade in order, unless made with `keepClosed` false (then empty). */
  readonly closed: ClosedTrade[] = [];
  /** Counts and P&L sums of every closed trade, kept either way. */
  readonly totals: TradeTotals = emptyTradeTotals();
  private readonly positions = new Map<InstrumentId, Position>();
  /** The open trade per instrument; undefined once closed (a Map delete and re-add per round trip costs a rehash each). */
  private readonly open = new Map<InstrumentId, OpenTrade | undefined>();

  /**
   * `keepClosed` false (a summary run) keeps only `totals`: a sweep's hundreds of thousands of
   * round trips would otherwise stay alive to the end for the garbage collector to copy.
   */
  constructor(
    private readonly currencyOf: (instrumentId: InstrumentId) => { currency: string; multiplier: number },
    private readonly keepClosed = true,
  ) {}

  /**
   * Books one fill. `positionAfter` is the venue's position right after this fill (core's
   * `applyFill` of the same fills, so equal to what this tracker would compute); passing it
   * saves accounting every fill twice. Without it the tracker applies the fill itself.
   */
  onFill(fill: Fill, positionAfter?: Position): void {
    const before = this.positionFor(fill.instrumentId, fill.ts);
    const after = positionAfter ?? applyFill(before, fill);
    this.positions.set(fill.instrumentId, after);
    const commissionAfter = totalCommission(after);
    let trade = this.open.get(fill.instrumentId);
    const flipped = before.netQty !== 0 && after.netQty !== 0 && Math.sign(before.netQty) !== Math.sign(after.netQty);
    if (trade !== undefined && (after.netQty === 0 || flipped)) {
      const pnl = after.realizedPnl - trade.realizedAtOpen;
      addTradePnl(this.totals, pnl);
      if (this.keepClosed) {
        this.closed.push({
          instrumentId: fill.instrumentId,
          side: before.netQty > 0 ? 'LONG' : 'SHORT',
          quantity: trade.maxQuantity,
          entryTs: trade.entryTs,
          exitTs: fill.ts,
          entryPrice: trade.entryPrice,
          exitPrice: fill.price,
          pnl,
          commission: commissionAfter - trade.commissionAtOpen,
        });
      }
      this.open.set(fill.instrumentId, undefined);
      trade = undefined;
    }
    if (after.netQty === 0) return;
    if (trade === undefined) {
      // A flip's opening part starts a new trade at the fill price with no realised P&L of its own.
      this.open.set(fill.instrumentId, {
        position: after,
        realizedAtOpen: flipped ? after.realizedPnl : before.realizedPnl,
        commissionAtOpen: flipped ? commissionAfter : totalCommission(before),
        maxQuantity: Math.abs(after.netQty),
        entryPrice: after.avgOpenPrice,
        entryTs: fill.ts,
      });
    } else {
      trade.maxQuantity = Math.max(trade.maxQuantity, Math.abs(after.netQty));
      trade.entryPrice = after.avgOpenPrice;
    }
  }

  /** Trades still open at the end (not round trips). */
  get openCount(): number {
    let count = 0;
    for (const trade of this.open.values()) if (trade !== undefined) count += 1;
    return count;
  }

  private positionFor(instrumentId: InstrumentId, ts: number): Position {
    const existing = this.positions.get(instrumentId);
    if (existing !== undefined) return existing;
    const { currency, multiplier } = this.currencyOf(instrumentId);
    return createPosition({ id: positionId(`${instrumentId}-TRADES`), instrumentId, currency, multiplier, ts });
  }
}

function totalCommission(position: Position): number {
  return position.commissions[position.currency] ?? 0;
}
