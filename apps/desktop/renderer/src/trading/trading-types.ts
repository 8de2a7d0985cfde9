// The shapes the trading widgets get from the Host, typed from the method table.
import type { MethodResult } from '@nws/core';

export type OrderView = MethodResult<'orders.submit'>;
export type FillView = MethodResult<'fills.list'>['fills'][number];
export type PositionView = MethodResult<'positions.list'>['positions'][number];
export type AccountView = MethodResult<'account.get'>;
export type KillSwitchView = MethodResult<'risk.killStatus'>;
export type PrecheckView = MethodResult<'risk.precheck'>;
export type BreachView = MethodResult<'risk.breaches'>['breaches'][number];
