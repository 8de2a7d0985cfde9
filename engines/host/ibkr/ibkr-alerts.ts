// What of IBKR goes to the alerts feed (`alerts.ibkr`), with which severity: IB's system codes
// (connectivity 1100/1101/1102, data farms 2103–2108/2157/2158, 2110, 502/504) and the venue's
// reconciliation and rejection reports. Everything else IB says stays in the log.
import type { Alert, AlertSeverity } from '@nws/core';
import type { IbkrAlert, IbkrAlertKind } from '@nws/execution';
import type { IbkrMessage } from '@nws/marketdata';

export const IBKR_ALERT_SOURCE = 'ibkr';

/** IB system codes worth a trader's attention, and how bad each is. */
const SYSTEM_CODE_SEVERITY: ReadonlyMap<number, AlertSeverity> = new Map<number, AlertSeverity>([
  [1100, 'error'], // connectivity between IB and TWS lost
  [1101, 'warning'], // restored, market data lost (subscriptions are requested again)
  [1102, 'info'], // restored, data kept
  [2103, 'warning'], // market data farm broken
  [2105, 'warning'], // historical data farm broken
  [2157, 'warning'], // sec-def data farm broken
  [2104, 'info'], // market data farm OK
  [2106, 'info'], // historical data farm OK
  [2107, 'info'], // historical data farm inactive but available
  [2108, 'info'], // market data farm inactive but available
  [2158, 'info'], // sec-def data farm OK
  [2110, 'warning'], // TWS ↔ server connectivity broken (restored with 1102)
  [502, 'error'], // could not connect to TWS
  [504, 'error'], // not connected
]);

const VENUE_ALERT_SEVERITY: Readonly<Record<IbkrAlertKind, AlertSeverity>> = {
  'order-rejected': 'error',
  'position-mismatch': 'error',
  'orphaned-order': 'warning',
  'unknown-order': 'warning',
  'missed-fill': 'warning',
  reconciled: 'info',
};

/** The alert for an IB message, or undefined when it is not one for the feed (request errors, 201 handled by the venue). */
export function alertForIbMessage(message: IbkrMessage, ts: number): Alert | undefined {
  const severity = SYSTEM_CODE_SEVERITY.get(message.code);
  if (severity === undefined) return undefined;
  return { source: IBKR_ALERT_SOURCE, severity, kind: `ib-${message.code}`, code: message.code, message: `IBKR ${message.code}: ${message.message}`, ts };
}

export function alertForVenue(alert: IbkrAlert): Alert {
  return {
    source: IBKR_ALERT_SOURCE,
    severity: VENUE_ALERT_SEVERITY[alert.kind],
    kind: alert.kind,
    message: alert.message,
    ts: alert.ts,
    ...(alert.kind === 'order-rejected' ? { code: rejectionCode(alert.message) } : {}),
    ...(alert.clientOrderId === undefined ? {} : { clientOrderId: alert.clientOrderId }),
    ...(alert.instrumentId === undefined ? {} : { instrumentId: alert.instrumentId }),
  };
}

/** The venue writes rejections as "IBKR <code>: <text>". */
function rejectionCode(message: string): number | undefined {
  const match = /^IBKR (\d+):/.exec(message);
  return match ? Number(match[1]) : undefined;
}
