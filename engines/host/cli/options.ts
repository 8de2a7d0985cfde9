// Option parsers shared by commands. Each throws commander's InvalidArgumentError, which becomes
// a one-line usage error naming the option and the bad value (exit code 2).
import { InvalidArgumentError } from 'commander';
import { isLoopbackHost } from '../urls.js';

export function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new InvalidArgumentError('expected a port number from 0 to 65535 (0 picks a free port).');
  }
  return Number(value);
}

export function parseListenHost(value: string): string {
  if (isLoopbackHost(value)) return value;
  throw new InvalidArgumentError('expected a loopback address (127.0.0.1, ::1 or localhost): the Host only accepts local clients.');
}

export const HOME_OPTION_FLAGS = '--home <dir>';
export const HOME_OPTION_HELP = 'data directory (default: $NWS_HOME, else the platform app-data folder)';
