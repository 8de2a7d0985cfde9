// Every limit type: its config schema, the scopes it can measure, and its factory.
import type { z } from 'zod';
import type { LimitCheck, LimitScopeKind } from '../types.js';
import { MAX_ORDER_QUANTITY, createMaxOrderQuantity, maxOrderQuantitySchema, maxOrderQuantityScopes } from './max-order-quantity.js';
import { MAX_ORDER_NOTIONAL, createMaxOrderNotional, maxOrderNotionalSchema, maxOrderNotionalScopes } from './max-order-notional.js';
import { PRICE_BAND, createPriceBand, priceBandSchema, priceBandScopes } from './price-band.js';
import { MAX_POSITION_QUANTITY, createMaxPositionQuantity, maxPositionQuantitySchema, maxPositionQuantityScopes } from './max-position-quantity.js';
import { MAX_POSITION_NOTIONAL, createMaxPositionNotional, maxPositionNotionalSchema, maxPositionNotionalScopes } from './max-position-notional.js';
import { MAX_GROSS_EXPOSURE, createMaxGrossExposure, maxGrossExposureSchema, maxGrossExposureScopes } from './max-gross-exposure.js';
import { MAX_NET_EXPOSURE, createMaxNetExposure, maxNetExposureSchema, maxNetExposureScopes } from './max-net-exposure.js';
import { MAX_LEVERAGE, createMaxLeverage, maxLeverageSchema, maxLeverageScopes } from './max-leverage.js';
import { CONCENTRATION, concentrationSchema, concentrationScopes, createConcentration } from './concentration.js';
import { DAILY_LOSS, createDailyLoss, dailyLossSchema, dailyLossScopes } from './daily-loss.js';
import { MAX_DRAWDOWN, createMaxDrawdown, maxDrawdownSchema, maxDrawdownScopes } from './max-drawdown.js';
import { ORDER_RATE, createOrderRate, orderRateSchema, orderRateScopes } from './order-rate.js';
import { MAX_OPEN_ORDERS, createMaxOpenOrders, maxOpenOrdersSchema, maxOpenOrdersScopes } from './max-open-orders.js';
import { VAR_LIMIT, createVarLimit, varLimitSchema, varLimitScopes } from './var-limit.js';
import { RESTRICTED_LIST, createRestrictedList, restrictedListSchema, restrictedListScopes } from './restricted-list.js';
import { SHORT_SALE, createShortSale, shortSaleSchema, shortSaleScopes } from './short-sale.js';
import { TRADING_HOURS, createTradingHours, tradingHoursSchema, tradingHoursScopes } from './trading-hours.js';

interface LimitTypeDefinition<Schema extends z.ZodType> {
  schema: Schema;
  scopes: readonly LimitScopeKind[];
  create(config: z.output<Schema>): LimitCheck;
}

function define<Schema extends z.ZodType>(definition: LimitTypeDefinition<Schema>): LimitTypeDefinition<Schema> {
  return definition;
}

/** In the order the engine runs them: cheap order-only checks first, then state, then rates (which record). */
export const LIMIT_TYPES = {
  [RESTRICTED_LIST]: define({ schema: restrictedListSchema, scopes: restrictedListScopes, create: createRestrictedList }),
  [TRADING_HOURS]: define({ schema: tradingHoursSchema, scopes: tradingHoursScopes, create: createTradingHours }),
  [MAX_ORDER_QUANTITY]: define({ schema: maxOrderQuantitySchema, scopes: maxOrderQuantityScopes, create: createMaxOrderQuantity }),
  [MAX_ORDER_NOTIONAL]: define({ schema: maxOrderNotionalSchema, scopes: maxOrderNotionalScopes, create: createMaxOrderNotional }),
  [PRICE_BAND]: define({ schema: priceBandSchema, scopes: priceBandScopes, create: createPriceBand }),
  [SHORT_SALE]: define({ schema: shortSaleSchema, scopes: shortSaleScopes, create: createShortSale }),
  [MAX_POSITION_QUANTITY]: define({ schema: maxPositionQuantitySchema, scopes: maxPositionQuantityScopes, create: createMaxPositionQuantity }),
  [MAX_POSITION_NOTIONAL]: define({ schema: maxPositionNotionalSchema, scopes: maxPositionNotionalScopes, create: createMaxPositionNotional }),
  [MAX_GROSS_EXPOSURE]: define({ schema: maxGrossExposureSchema, scopes: maxGrossExposureScopes, create: createMaxGrossExposure }),
  [MAX_NET_EXPOSURE]: define({ schema: maxNetExposureSchema, scopes: maxNetExposureScopes, create: createMaxNetExposure }),
  [MAX_LEVERAGE]: define({ schema: maxLeverageSchema, scopes: maxLeverageScopes, create: createMaxLeverage }),
  [CONCENTRATION]: define({ schema: concentrationSchema, scopes: concentrationScopes, create: createConcentration }),
  [DAILY_LOSS]: define({ schema: dailyLossSchema, scopes: dailyLossScopes, create: createDailyLoss }),
  [MAX_DRAWDOWN]: define({ schema: maxDrawdownSchema, scopes: maxDrawdownScopes, create: createMaxDrawdown }),
  [VAR_LIMIT]: define({ schema: varLimitSchema, scopes: varLimitScopes, create: createVarLimit }),
  [MAX_OPEN_ORDERS]: define({ schema: maxOpenOrdersSchema, scopes: maxOpenOrdersScopes, create: createMaxOpenOrders }),
  [ORDER_RATE]: define({ schema: orderRateSchema, scopes: orderRateScopes, create: createOrderRate }),
} as const;

export type LimitType = keyof typeof LIMIT_TYPES;
export type LimitConfig = { [K in LimitType]: z.output<(typeof LIMIT_TYPES)[K]['schema']> }[LimitType];
export type LimitConfigInput = { [K in LimitType]: z.input<(typeof LIMIT_TYPES)[K]['schema']> }[LimitType];
export const LIMIT_TYPE_NAMES = Object.keys(LIMIT_TYPES) as LimitType[];
