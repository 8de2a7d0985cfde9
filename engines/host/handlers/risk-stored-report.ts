// The risk report without a running Host (`nws risk report` on a data directory nobody holds):
// the paper account's book rebuilt read-only from the state store, as paper trading's recovery
// does (journalled fills replayed into a fresh risk state; limits from setting `risk.limits`,
// else the paper defaults), positions marked at their last stored daily close.
import { RiskEngine, RiskState, buildRiskReport, readStoredKillSwitch } from '@nws/risk';
import type { RiskReport } from '@nws/risk';
import type { StateStore, TimeSeriesStore } from '@nws/storage';
import { definePaperTradingConfig } from '../paper/config.js';
import { PaperOrderIndex } from '../paper/order-index.js';
import { journalledFills } from '../paper/recovery.js';
import { RISK_HISTORY_BAR_TYPE, loadDailyReturnHistory } from './risk-returns.js';

export async function buildStoredRiskReport(stores: { state: StateStore; timeSeries: TimeSeriesStore }, ts: number): Promise<RiskReport> {
  const config = definePaperTradingConfig();
  const venueId = config.venue.venueId ?? 'SIM';
  const currency = config.venue.baseCurrency ?? 'USD';
  const accountId = config.venue.accountId ?? 'PAPER-001';
  const state = new RiskState({ startingEquity: config.venue.startingCash ?? 100_000 });
  const instruments = stores.state.listInstruments().filter((instrument) => instrument.id.endsWith(`.${venueId}`) && instrument.currency === currency);
  for (const instrument of instruments) state.registerInstrument(instrument);
  // Reads the stored limits; nothing is written while building a report.
  const engine = new RiskEngine({ state, store: stores.state, config: { limits: [...config.limits] } });
  replayJournal(state, stores.state, ts);
  const held = [...state.entries()].filter((entry) => entry.position.netQty !== 0);
  for (const entry of held) {
    const close = await lastDailyClose(stores.timeSeries, entry.instrumentId);
    if (close !== undefined) state.setMark(entry.instrumentId, close);
  }
  const history = await loadDailyReturnHistory(stores.timeSeries, instruments.map((instrument) => instrument.id));
  const report = buildRiskReport({ engine, store: stores.state, history, ts, accountId, currency, title: `Risk report — paper account ${accountId} (stored state)` });
  const killSwitch = readStoredKillSwitch(stores.state);
  return {
    ...report,
    account: { ...report.account, tradingState: killSwitch.engaged ? 'HALTED' : report.account.tradingState },
    notes: [...report.notes, 'Built from the stored journal without a running Host: positions are marked at their last stored daily close.'],
  };
}

/** Journalled fills oldest first; the day starts at the first fill of the report's UTC day (as paper trading does). */
function replayJournal(state: RiskState, store: StateStore, ts: number): void {
  const todayStart = Math.floor(ts / 86_400_000) * 86_400_000;
  let dayStarted = false;
  for (const fill of journalledFills(store, new PaperOrderIndex(store).all())) {
    if (state.entry(fill.instrumentId) === undefined) continue;
    if (!dayStarted && fill.ts >= todayStart) {
      state.startDay();
      dayStarted = true;
    }
    state.onFill(fill);
  }
  if (!dayStarted) state.startDay();
}

async function lastDailyClose(timeSeries: TimeSeriesStore, instrumentId: string): Promise<number | undefined> {
  const stored = (await timeSeries.listSeries()).some((series) => series.instrumentId === instrumentId && series.barType === RISK_HISTORY_BAR_TYPE);
  if (!stored) return undefined;
  const bars = await timeSeries.readBars({ instrumentId, barType: RISK_HISTORY_BAR_TYPE, limit: 1, fromEnd: true });
  return bars.close.length > 0 ? bars.close[0] : undefined;
}
