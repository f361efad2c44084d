import { createServer, connect, type Socket } from 'node:net';
import { hostOf, hostPort, peerOf } from './peer-address.js';

describe(hostPort.name, () => {
  it('should write IPv4 as is, IPv6 in brackets and an IPv4-mapped address as IPv4', () => {
    expect(hostPort('127.0.0.1', 8080)).toBe('127.0.0.1:8080');
    expect(hostPort('::1', 8080)).toBe('[::1]:8080');
    expect(hostPort('::ffff:10.0.0.7', 1)).toBe('10.0.0.7:1');
    expect(hostPort('fe80::1', 0)).toBe('[fe80::1]:0');
  });
});

describe(hostOf.name, () => {
  it('should give the address of what hostPort wrote, IPv4 or IPv6, and keep a text with no port as it is', () => {
    expect(hostOf('10.213.0.11:40000')).toBe('10.213.0.11');
    expect(hostOf('[::1]:8080')).toBe('::1');
    expect(hostOf(hostPort('fe80::1', 0))).toBe('fe80::1');
    expect(hostOf('unknown:0')).toBe('unknown');
    expect(hostOf('unknown')).toBe('unknown');
  });
});

describe(peerOf.name, () => {
  it('should name the far end of an accepted socket, and "unknown:0" once it has none', async () => {
    const accepted = new Promise<Socket>((resolve) => {
      const server = createServer((socket) => {
        server.close();
        resolve(socket);
      }).listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        client = connect(port, '127.0.0.1');
      });
    });
    let client: Socket | undefined;
    const socket = await accepted;
    expect(peerOf(socket)).toBe(`127.0.0.1:${client!.localPort}`);
    client!.destroy();
    socket.destroy();
    const orphan = { remoteAddress: undefined, remotePort: undefined } as unknown as Socket;
    expect(peerOf(orphan)).toBe('unknown:0');
  });
});
