// Topics shared by the bus benchmark (bench/suites/bus.ts) and its worker: the contract between them.
import { instrumentId, strategyId } from '../../domain/index.js';
import { topics } from '../topics.js';

const bench = strategyId('bench');

export const benchFixture = {
  quotes: topics.quotes(instrumentId('AAPL', 'XNAS')),
  control: topics.signals<string>(bench, 'control'),
  ready: topics.signals<boolean>(bench, 'ready'),
  report: topics.signals<{ received: number; checksum: number }>(bench, 'report'),
} as const;
