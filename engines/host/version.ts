import hostPackage from './package.json' with { type: 'json' };

/** The Host's version (engines/host/package.json), reported by system.health and `nws --version`. */
export const HOST_VERSION: string = hostPackage.version;
