// Every client order id sent to IBKR, in submission order (setting `ibkr.orderIds`): the same
// per-account index as paper's, so a restart rebuilds only IBKR's orders and positions.
import { AccountOrderIndex } from '../paper/order-index.js';
import type { SettingsStore } from './ibkr-settings.js';

export const IBKR_ORDER_INDEX_KEY = 'ibkr.orderIds';

export class IbkrOrderIndex extends AccountOrderIndex {
  constructor(store: SettingsStore) {
    super(store, IBKR_ORDER_INDEX_KEY);
  }
}
