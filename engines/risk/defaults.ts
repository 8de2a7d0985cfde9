// Limits a new account gets until the user stores its own (`risk.limits`), sized for a $100,000
// account that may trade shares, options, forex and futures (paper and IBKR both start from these):
// - no single order above $25,000 of notional (a quarter of the account), except futures, where
//   one contract is large by design (ES ≈ 6,000 × 50 = $300,000): up to $1,500,000, about five ES
//   or fifty MES, and forex, where IDEALPRO's smallest round lot is 25,000 of the base currency:
//   up to 250,000;
// - priced orders within 10 % of the mid (fat finger), at most 50 working orders, and trading
//   blocked after losing $5,000 in a day.
import type { LimitConfigInput } from './checks/index.js';

export const DEFAULT_FUTURES_ORDER_NOTIONAL = 1_500_000;

export const DEFAULT_RISK_LIMITS: ReadonlyArray<LimitConfigInput> = Object.freeze([
  { type: 'max-order-notional', maxNotional: 25_000, maxNotionalByAssetClass: { future: DEFAULT_FUTURES_ORDER_NOTIONAL, forex: 250_000 } },
  { type: 'price-band', maxDeviationPercent: 10 },
  { type: 'max-open-orders', maxOpenOrders: 50 },
  { type: 'daily-loss', maxLoss: 5_000, action: 'block' },
] as LimitConfigInput[]);
