// Every `nws` command, listed explicitly so `nws --help` shows them in this order. To add one,
// write cli/commands/<name>.ts exporting `register(program, output)` and add it here.
// Every module listed here is loaded on every start (`nws serve` must be ready within 1.5 s), so a
// command file imports only commander and small helpers at the top; its action imports the engines
// it needs (`const { TimeSeriesStore } = await import('@nws/storage')`) when it runs.
import type { Command } from 'commander';
import type { CliOutput } from '../index.js';
import * as analytics from './analytics.js';
import * as backtest from './backtest.js';
import * as exportBars from './export.js';
import * as importFiles from './import.js';
import * as indicators from './indicators.js';
import * as instruments from './instruments.js';
import * as kill from './kill.js';
import * as orders from './orders.js';
import * as positions from './positions.js';
import * as replay from './replay.js';
import * as risk from './risk.js';
import * as serve from './serve.js';
import * as status from './status.js';
import * as strategies from './strategies.js';
import * as sweep from './sweep.js';

export interface CliCommandModule {
  register(program: Command, output: CliOutput): void;
}

export const commandModules: ReadonlyArray<CliCommandModule> = [serve, status, importFiles, exportBars, instruments, indicators, analytics, backtest, sweep, kill, orders, positions, strategies, replay, risk];
