import { spawn } from 'node:child_process';

/**
 * Runs `use` with the port of a listener that never answers a connect: its
 * accept queue (backlog 0) is already full with a connection nobody accepts,
 * so the kernel drops the next SYN, as a firewall that drops packets does,
 * and a client's connect timeout fires. Python holds it, because Node's
 * listener accepts every connection it can. The listener ends after `use`.
 */
export async function withBlackhole<T>(use: (port: number) => Promise<T>): Promise<T> {
  const blackhole = spawn('python3', [
    '-c',
    'import socket,time\ns=socket.socket();s.bind(("127.0.0.1",0));s.listen(0)\n' +
      'c=socket.create_connection(s.getsockname())\nprint(s.getsockname()[1],flush=True)\ntime.sleep(60)',
  ]);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      blackhole.once('error', reject);
      blackhole.once('exit', (code) => reject(new Error(`the blackhole listener exited (${code}) before it had a port`)));
      blackhole.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
    });
    return await use(port);
  } finally {
    blackhole.kill();
  }
}
