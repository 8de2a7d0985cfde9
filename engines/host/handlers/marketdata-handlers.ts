// Registers the market-data methods beyond stored bars: import, search, providers.*, backfill.*.
import type { ProtocolServer } from '@nws/core';
import { importForProtocol, type ImportHandlerContext } from './marketdata-import.js';
import type { MarketDataService } from './marketdata-service.js';

export function registerMarketDataHandlers(protocol: ProtocolServer, service: MarketDataService, imports: ImportHandlerContext): void {
  protocol.handle('marketdata.import', (params) => importForProtocol(imports, params));
  protocol.handle('marketdata.search', (params) => service.search(params));
  protocol.handle('providers.list', (params) => service.listProviders(params));
  protocol.handle('providers.configure', (params) => service.configure(params));
  protocol.handle('backfill.start', (params) => service.startBackfill(params));
  protocol.handle('backfill.list', () => ({ jobs: service.backfill.list() }));
  protocol.handle('backfill.pause', (params) => service.backfill.pause(params.id));
  protocol.handle('backfill.resume', (params) => service.backfill.resume(params.id));
  protocol.handle('backfill.cancel', (params) => service.backfill.cancel(params.id));
}
