/**
 * Where the P&L tracker publishes. The core topic table has no P&L family yet, so these are built
 * from `topics.signals` (a strategy's dashboard values): `signals.<strategy>.pnl` for a strategy
 * (with its positions inside) and `signals.account%3A<id>.pnl` for the account. When core gains
 * `pnl.*` builders, only this file changes.
 */
import { strategyId, topics, type AccountId, type StrategyId, type Topic } from '@nws/core';
import type { AccountPnl, StrategyPnl } from './pnl-types.js';

export const pnlTopics = {
  strategy: (id: StrategyId): Topic<StrategyPnl> => topics.signals<StrategyPnl>(id, 'pnl'),
  account: (id: AccountId): Topic<AccountPnl> => topics.signals<AccountPnl>(strategyId(`account:${id}`), 'pnl'),
} as const;
