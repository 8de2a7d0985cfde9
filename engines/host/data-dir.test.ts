import { describe, expect, it } from 'vitest';
import { platformDataDir, resolveDataDir } from './data-dir.js';

describe('resolveDataDir', () => {
  const base = { userHome: '/home/ada', platform: 'linux' as const, cwd: '/work' };

  it('prefers --home, then $NWS_HOME, then the platform folder', () => {
    expect(resolveDataDir({ ...base, home: '/srv/nws', env: { NWS_HOME: '/env/nws' } })).toBe('/srv/nws');
    expect(resolveDataDir({ ...base, env: { NWS_HOME: '/env/nws' } })).toBe('/env/nws');
    expect(resolveDataDir({ ...base, env: {} })).toBe('/home/ada/.local/share/nautilus-workstation');
  });

  it('resolves a relative --home against the working directory and ignores empty values', () => {
    expect(resolveDataDir({ ...base, home: 'data', env: {} })).toBe('/work/data');
    expect(resolveDataDir({ ...base, home: '  ', env: { NWS_HOME: '' } })).toBe('/home/ada/.local/share/nautilus-workstation');
  });
});

describe('platformDataDir', () => {
  it('follows XDG on Linux, ignoring a relative $XDG_DATA_HOME', () => {
    expect(platformDataDir('linux', { XDG_DATA_HOME: '/xdg' }, '/home/ada')).toBe('/xdg/nautilus-workstation');
    expect(platformDataDir('linux', { XDG_DATA_HOME: 'relative' }, '/home/ada')).toBe('/home/ada/.local/share/nautilus-workstation');
  });

  it('uses Application Support on macOS', () => {
    expect(platformDataDir('darwin', {}, '/Users/ada')).toBe('/Users/ada/Library/Application Support/Nautilus Workstation');
  });

  it('uses %APPDATA% on Windows, else the roaming folder under the profile', () => {
    expect(platformDataDir('win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'C:\\Users\\ada')).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Nautilus Workstation',
    );
    expect(platformDataDir('win32', {}, 'C:\\Users\\ada')).toBe('C:\\Users\\ada\\AppData\\Roaming\\Nautilus Workstation');
  });
});
