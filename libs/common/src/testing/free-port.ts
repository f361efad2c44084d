import { createServer } from 'node:net';

/**
 * A loopback port that was free a moment ago (bound to port 0, then closed).
 * Only for a test that needs a port where nothing listens, or must name the
 * port before the server starts; a server under test binds port 0 itself.
 */
/** `host`: the loopback address to probe (`::1` for an IPv6 test). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
