// The protocol methods of the IBKR component (method table: core/protocol/methods.ts). Orders to
// IBKR have their own methods (`ibkr.orders.*`) beside paper's `orders.*`: an order can never reach
// a real broker because a field was left out.
import type { ProtocolServer } from '@nws/core';
import type { IbkrService } from './ibkr-service.js';
import { record, withoutUndefined } from '../handlers/handler-values.js';

export function registerIbkrHandlers(protocol: ProtocolServer, ibkr: IbkrService): void {
  protocol.handle('ibkr.status', () => ibkr.status());
  protocol.handle('ibkr.configure', (params) => ibkr.configure(params));
  protocol.handle('ibkr.connect', (params) => ibkr.connect(params));
  protocol.handle('ibkr.disconnect', () => ibkr.disconnect());
  protocol.handle('ibkr.alerts', () => ({ alerts: [...ibkr.recentAlerts()] }));
  protocol.handle('ibkr.orders.submit', async (params) => record(await ibkr.submitOrder(params)));
  protocol.handle('ibkr.orders.modify', ({ clientOrderId, ...changes }) => record(ibkr.modifyOrder(clientOrderId, withoutUndefined(changes))));
  protocol.handle('ibkr.orders.cancel', (params) => record(ibkr.cancelOrder(params.clientOrderId)));
  protocol.handle('ibkr.orders.list', (params) => {
    const { open, recent } = ibkr.orders(params.recent);
    return { open: open.map(record), recent: recent.map(record) };
  });
  protocol.handle('ibkr.fills.list', (params) => ({ fills: ibkr.fills(params.limit).map(record) }));
  protocol.handle('ibkr.marketData.subscribe', (params) => ibkr.subscribeMarketData(params));
  protocol.handle('ibkr.marketData.unsubscribe', (params) => ibkr.unsubscribeMarketData(params));
  protocol.handle('ibkr.account', () => ibkr.account());
  protocol.handle('ibkr.positions', () => ({ positions: ibkr.positions().map(record) }));
}
