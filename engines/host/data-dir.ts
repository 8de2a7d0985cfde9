// Where a Host keeps its files: --home DIR, else $NWS_HOME, else the platform's app-data folder.
import { homedir } from 'node:os';
import { posix, resolve, win32 } from 'node:path';

export const APP_FOLDER_NAME = 'Nautilus Workstation';
/** Linux convention is a lower-case, dash-separated folder under $XDG_DATA_HOME. */
export const LINUX_APP_FOLDER_NAME = 'nautilus-workstation';

/** Fixed file names inside a data directory. */
export const DataDirFiles = {
  lock: 'host.lock',
  timeSeries: 'timeseries.duckdb',
  state: 'state.sqlite',
} as const;

export interface DataDirSources {
  /** Value of --home, if given; relative paths resolve against `cwd`. */
  home?: string | undefined;
  env?: Readonly<Record<string, string | undefined>>;
  platform?: NodeJS.Platform;
  userHome?: string;
  cwd?: string;
}

/** Resolves the data directory without touching the disk (the Host creates it on start). */
export function resolveDataDir(sources: DataDirSources = {}): string {
  const env = sources.env ?? process.env;
  const cwd = sources.cwd ?? process.cwd();
  const explicit = nonEmpty(sources.home) ?? nonEmpty(env.NWS_HOME);
  if (explicit) return resolve(cwd, explicit);
  return platformDataDir(sources.platform ?? process.platform, env, sources.userHome ?? homedir());
}

/** The per-user application data folder, following each platform's convention. */
export function platformDataDir(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
  userHome: string,
): string {
  switch (platform) {
    case 'win32':
      return win32.join(nonEmpty(env.APPDATA) ?? win32.join(userHome, 'AppData', 'Roaming'), APP_FOLDER_NAME);
    case 'darwin':
      return posix.join(userHome, 'Library', 'Application Support', APP_FOLDER_NAME);
    default:
      return posix.join(xdgDataHome(env) ?? posix.join(userHome, '.local', 'share'), LINUX_APP_FOLDER_NAME);
  }
}

/** The XDG spec says a relative $XDG_DATA_HOME is invalid and must be ignored. */
function xdgDataHome(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const value = nonEmpty(env.XDG_DATA_HOME);
  return value !== undefined && posix.isAbsolute(value) ? value : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}
