/** `host:port` for a URL; IPv6 literals need brackets (`[::1]:8080`). */
export function urlAuthority(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The protocol transport accepts only local clients, so the Host listens only on loopback:
 * 127.0.0.0/8, ::1, or `localhost`.
 */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  const octets = host.split('.');
  return octets.length === 4 && octets[0] === '127' && octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255);
}
