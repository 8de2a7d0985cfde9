// The protocol methods of paper trading and the kill switch (method table: core/protocol/methods.ts).
// Handlers wait for paper trading to come up (it follows the demo market at start).
import type { ProtocolServer } from '@nws/core';
import type { LimitView, PaperTrading } from './paper-trading.js';
import { record, withoutUndefined } from '../handlers/handler-values.js';

export function registerPaperHandlers(protocol: ProtocolServer, paper: () => Promise<PaperTrading>): void {
  protocol.handle('orders.submit', async (params) => record((await paper()).submit(params)));
  protocol.handle('orders.cancel', async (params) => record((await paper()).cancel(params.clientOrderId)));
  protocol.handle('orders.modify', async ({ clientOrderId, ...changes }) => record((await paper()).modify(clientOrderId, withoutUndefined(changes))));
  protocol.handle('orders.submitBracket', async (params) => {
    const { entry, takeProfit, stopLoss } = (await paper()).submitBracket(withoutUndefined(params) as Parameters<PaperTrading['submitBracket']>[0]);
    return { entry: record(entry), takeProfit: record(takeProfit), stopLoss: record(stopLoss) };
  });
  protocol.handle('fills.list', async (params) => ({ fills: (await paper()).fills(params.limit).map(record) }));
  protocol.handle('risk.precheck', async (params) => (await paper()).precheck(params.order));
  protocol.handle('risk.breaches', async (params) => ({ breaches: (await paper()).breaches(params.limit) }));
  protocol.handle('orders.list', async (params) => {
    const { open, recent } = (await paper()).orders(params.recent);
    return { open: open.map(record), recent: recent.map(record) };
  });
  protocol.handle('positions.list', async () => ({ positions: (await paper()).positions().map(record) }));
  protocol.handle('account.get', async () => {
    const view = (await paper()).account();
    return { ...view, account: record(view.account) };
  });
  protocol.handle('risk.kill', async (params) => (await paper()).kill({ ...(params.reason === undefined ? {} : { reason: params.reason }), flatten: params.flatten }));
  protocol.handle('risk.rearm', async (params) => (await paper()).rearm(params.by));
  protocol.handle('risk.killStatus', async () => (await paper()).killStatus());
  protocol.handle('risk.limits', async () => ({ limits: (await paper()).limits().map(limitView) }));
  protocol.handle('risk.utilisation', async () => (await paper()).utilisationByInstrument());
}

function limitView(view: LimitView) {
  const reading = view.utilisation;
  return {
    id: view.id,
    type: view.limit.type,
    action: view.limit.action,
    config: { ...view.limit } as Record<string, unknown>,
    utilisation: finiteOrNull(reading?.utilisation),
    level: reading?.level ?? null,
    value: finiteOrNull(reading?.value),
    threshold: finiteOrNull(reading?.threshold),
    ...(view.breachProbability === undefined ? {} : { breachProbability: view.breachProbability }),
  };
}

/** JSON has no NaN or Infinity: a reading without a value is null. */
function finiteOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}
