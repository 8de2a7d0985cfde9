// Daily return history for the breach forecast and the risk report, from the stored daily bars:
// close-to-close returns over the days every instrument has a bar (the intersection), so each
// row of the matrix is one real day for all of them.
import type { ReturnHistory } from '@nws/risk';
import type { TimeSeriesStore } from '@nws/storage';

export const RISK_HISTORY_BAR_TYPE = '1d';
/** About two years of trading days: enough for EWMA (lambda 0.94 forgets in ~3 months) and a 99 % historical tail. */
export const RISK_HISTORY_DAYS = 500;

/**
 * Returns of the instruments that have stored daily bars, aligned on the days all of them have;
 * undefined when none has at least three common days. Instruments without daily bars are left out
 * (the forecast then uses their own or a default volatility).
 */
export async function loadDailyReturnHistory(timeSeries: TimeSeriesStore, instrumentIds: readonly string[], days = RISK_HISTORY_DAYS): Promise<ReturnHistory | undefined> {
  const wanted = new Set(instrumentIds);
  const stored = (await timeSeries.listSeries()).filter((series) => series.barType === RISK_HISTORY_BAR_TYPE && wanted.has(series.instrumentId) && series.rows >= 3);
  if (stored.length === 0) return undefined;
  const closes = new Map<string, Map<bigint, number>>();
  for (const series of stored) {
    const bars = await timeSeries.readBars({ instrumentId: series.instrumentId, barType: RISK_HISTORY_BAR_TYPE, limit: days + 1, fromEnd: true });
    const byDay = new Map<bigint, number>();
    for (let index = 0; index < bars.close.length; index++) if (bars.close[index]! > 0) byDay.set(bars.tsUs[index]!, bars.close[index]!);
    closes.set(series.instrumentId, byDay);
  }
  const common = commonDays([...closes.values()]);
  if (common.length < 3) return undefined;
  const ids = [...closes.keys()].sort();
  const returns = ids.map((id) => {
    const byDay = closes.get(id)!;
    return Float64Array.from({ length: common.length - 1 }, (_, index) => byDay.get(common[index + 1]!)! / byDay.get(common[index]!)! - 1);
  });
  return { instrumentIds: ids, returns };
}

function commonDays(series: ReadonlyArray<Map<bigint, number>>): bigint[] {
  const [first, ...rest] = series;
  if (first === undefined) return [];
  const days = [...first.keys()].filter((day) => rest.every((other) => other.has(day)));
  return days.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
