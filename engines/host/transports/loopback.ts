import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, NwsError } from '@nws/core';

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback (::ffff:127.x.y.z). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const unmapped = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  if (unmapped === '::1' || unmapped === '0:0:0:0:0:0:0:1') return true;
  const octets = unmapped.split('.');
  return octets.length === 4 && octets[0] === '127' && octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255);
}

/** Binds `server` to 127.0.0.1 (port 0: any free port) and resolves with the bound address. */
export function listenOnLoopback(server: Server, port = 0): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      reject(new NwsError(ErrorCode.InvalidArgument, `cannot listen on 127.0.0.1:${port}: ${error.message}`));
    };
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}
