/** Where the P&L tracker publishes: `pnl.strategy.<strategyId>` and `pnl.account.<accountId>`. */
import { topics, type AccountId, type StrategyId, type Topic } from '@nws/core';
import type { AccountPnl, StrategyPnl } from './pnl-types.js';

export const pnlTopics = {
  strategy: (id: StrategyId): Topic<StrategyPnl> => topics.pnlStrategy<StrategyPnl>(id),
  account: (id: AccountId): Topic<AccountPnl> => topics.pnlAccount<AccountPnl>(id),
} as const;
