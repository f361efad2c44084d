import type { Socket } from 'node:net';

/** The peer of an accepted socket as `host:port`. */
export function peerOf(socket: Socket): string {
  return hostPort(socket.remoteAddress ?? 'unknown', socket.remotePort ?? 0);
}

/** `host:port` as every log and message shows it: an IPv6 address in brackets (`[::1]:8080`), an IPv4-mapped one as IPv4. */
export function hostPort(address: string, port: number): string {
  if (address.startsWith('::ffff:')) address = address.slice(7);
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** The address of a `host:port` as hostPort writes it (`[::1]:8080` gives `::1`): what names one machine. */
export function hostOf(peer: string): string {
  const colon = peer.lastIndexOf(':');
  return (colon > 0 ? peer.slice(0, colon) : peer).replace(/^\[(.*)\]$/, '$1');
}
