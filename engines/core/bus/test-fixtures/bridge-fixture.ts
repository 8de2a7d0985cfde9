// Topics and endpoints shared by bridge.test.ts and bridge-worker.ts.
import { strategyId } from '../../domain/index.js';
import { endpoints, topics } from '../topics.js';

const main = strategyId('main');
const worker = strategyId('worker');

export const bridgeFixture = {
  fromMain: {
    seq: topics.signals<number>(main, 'seq'),
    control: topics.signals<string>(main, 'control'),
  },
  fromWorker: {
    seq: topics.signals<number>(worker, 'seq'),
    control: topics.signals<string>(worker, 'control'),
    report: topics.signals<{ received: number; inOrder: boolean }>(worker, 'report'),
  },
  double: endpoints.of<number, number>('worker', 'double'),
  refuse: endpoints.of<number, number>('worker', 'refuse'),
} as const;
