import 'reflect-metadata';
import cluster from 'node:cluster';
import { openSync, writeSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import {
  LISTEN_BACKLOG,
  loadServerConfig,
  localTimestamp,
  MirrorController,
  MirrorService,
  mirrorText,
  provideConfig,
  runMain,
  SERVER_CONFIG,
  type ServerConfig,
} from '@app/common';

/**
 * The two peers `npm run bench` measures mirror-lab against, with the same
 * mirror logic and reply (`<mirror>. <signature>`), from the same INI file:
 *
 *   bench-peers net --config FILE        a plain node:net line server: no Nest, no log, no limits
 *   bench-peers net-log --config FILE    the same feature as ours on plain node:net: the same
 *                                        grapheme mirror with the letter-case rule (mirrorText),
 *                                        and the same four events per connection appended to
 *                                        `log.file` (BareLog), each reply sent after the write that
 *                                        holds its MESSAGE_SENT; no Nest, no limits, no timeouts
 *   bench-peers nest-tcp --config FILE   a Nest microservice on the built-in Transport.TCP
 *   bench-peers bare-cluster --config FILE [--reuse-port] [--log]
 *                                        a bare node:cluster mirror: `cluster.workers` workers
 *                                        accepting for themselves (SCHED_NONE), `work.delay_ms`
 *                                        of sleep per request, no log, no limits; with
 *                                        --reuse-port each worker listens on its own socket
 *                                        (SO_REUSEPORT, Node >= 22.12); with --log each
 *                                        worker appends the four events of a connection to
 *                                        `log.file` and replies after they are written (BareLog)
 *
 * Each prints `listening <port>` once it accepts connections.
 */
const APP = 'bench-peers';

function peerModule(config: ServerConfig) {
  // The same controller as mirror-lab's servers (no interceptor: the server core binds that, LineServerModule).
  @Module({ controllers: [MirrorController], providers: [MirrorService, provideConfig(SERVER_CONFIG, config)] })
  class PeerModule {}
  return PeerModule;
}

function startNet(config: ServerConfig, logged: boolean): Promise<number> {
  const server = lineServer(config, logged ? new BareLog(config.log.file) : undefined);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: config.server.host, port: config.server.port, backlog: LISTEN_BACKLOG }, () =>
      resolve((server.address() as AddressInfo).port),
    );
  });
}

async function startNestTcp(config: ServerConfig): Promise<number> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(peerModule(config), {
    transport: Transport.TCP,
    options: { host: config.server.host, port: config.server.port },
    logger: ['error'],
  });
  await app.listen();
  return config.server.port;
}

/**
 * The least a server that logs like mirror-lab's must do (`net-log`,
 * `bare-cluster --log`): the same four events per connection
 * (CLIENT_CONNECTED, MESSAGE_RECEIVED, MESSAGE_SENT, CLIENT_DISCONNECTED)
 * appended to `log.file` in the same line format (local time with its
 * offset, `app[pid]`, `peer=` on each, the message as `msg=`), the lines of
 * one loop turn in one write(2), and a reply sent only after the write that
 * holds its MESSAGE_SENT. Values are quoted with JSON.stringify only, no
 * console, no limits, no recovery when the disk fails: a floor for what the
 * log costs, not a second implementation of it.
 */
class BareLog {
  private lines = '';
  private after: (() => void)[] = [];
  private scheduled = false;
  private readonly fd: number;

  constructor(file: string) {
    this.fd = openSync(file, 'a');
  }

  event(text: string, then?: () => void): void {
    this.lines += `${localTimestamp()} ${APP}[${process.pid}] ${text}${cluster.worker ? ` worker=${cluster.worker.id}` : ''}\n`;
    if (then) this.after.push(then);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      const lines = this.lines;
      const after = this.after;
      this.lines = '';
      this.after = [];
      this.scheduled = false;
      writeSync(this.fd, lines);
      for (const done of after) done();
    });
  }
}

/**
 * One line server on the mirror: what net, net-log and each bare-cluster
 * worker run; `log` adds the events (net-log, bare-cluster --log). The reply
 * is the servers' own: the library's pure mirrorText and the signature.
 */
function lineServer(config: ServerConfig, log?: BareLog): ReturnType<typeof createServer> {
  const suffix = '. ' + config.reply.signature;
  const preserveCase = config.mirror.preserve_case;
  const delay = config.work.delay_ms;
  return createServer((socket) => {
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    const peer = `peer=${socket.remoteAddress}:${socket.remotePort}`;
    if (log) {
      log.event(`CLIENT_CONNECTED ${peer}`);
      socket.on('close', () => log.event(`CLIENT_DISCONNECTED ${peer} reason=client-closed`));
    }
    const send = (reply: string) => {
      if (!log) {
        if (socket.writable) socket.write(reply);
        return;
      }
      log.event(`MESSAGE_SENT ${peer} msg=${JSON.stringify(reply.slice(0, -1))}`, () => socket.writable && socket.write(reply));
    };
    let pending = '';
    socket.on('data', (chunk: string) => {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        let line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (line.length === 0) continue;
        log?.event(`MESSAGE_RECEIVED ${peer} msg=${JSON.stringify(line)}`);
        const reply = mirrorText(line, preserveCase) + suffix + '\n';
        if (delay > 0) setTimeout(() => send(reply), delay);
        else send(reply);
      }
    });
  });
}

/**
 * The bare cluster: what Node's own `cluster` gives with no Nest, no log and
 * no supervisor, so the bench can tell what mirror-lab's server-cluster adds.
 * The port must be a real one (the bench picks a free port): with reusePort
 * every worker binds it itself.
 */
async function startBareCluster(config: ServerConfig, reusePort: boolean, logged: boolean): Promise<number> {
  const port = config.server.port;
  if (cluster.isPrimary) {
    cluster.schedulingPolicy = cluster.SCHED_NONE;
    let listening = 0;
    const all = new Promise<void>((resolve, reject) => {
      for (let i = 0; i < config.cluster.workers; i += 1) {
        const worker = cluster.fork();
        worker.on('message', (m: string) => {
          if (m === 'listening' && ++listening === config.cluster.workers) resolve();
          if (typeof m === 'string' && m.startsWith('error ')) reject(new Error(m.slice(6)));
        });
      }
    });
    await all;
    return port;
  }
  const server = lineServer(config, logged ? new BareLog(config.log.file) : undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const options = { host: config.server.host, port, backlog: LISTEN_BACKLOG, ...(reusePort ? { reusePort: true } : {}) };
    server.listen(options, () => resolve());
  }).catch((error: Error) => {
    process.send?.(`error ${error.message}`);
    throw error;
  });
  process.send?.('listening');
  return port;
}

const KINDS = ['net', 'net-log', 'nest-tcp', 'bare-cluster'] as const;

runMain(APP, async () => {
  const [kind, flag, file, ...rest] = process.argv.slice(2);
  if (!KINDS.includes(kind as (typeof KINDS)[number]) || flag !== '--config' || !file) {
    process.stderr.write(`usage: ${APP} net|net-log|nest-tcp|bare-cluster --config FILE [--reuse-port] [--log]\n`);
    process.exitCode = 2;
    return;
  }
  const config = loadServerConfig('server-cluster', file);
  if (kind === 'bare-cluster') {
    const reusePort = rest.includes('--reuse-port');
    const [major, minor] = process.versions.node.split('.').map(Number);
    if (reusePort && (major < 22 || (major === 22 && minor < 12))) {
      process.stderr.write(`${APP}: --reuse-port needs Node 22.12 or newer (this is ${process.version})\n`);
      process.exitCode = 2;
      return;
    }
    await startBareCluster(config, reusePort, rest.includes('--log'));
    if (!cluster.isPrimary) return;
    process.stdout.write(`listening ${config.server.port}\n`);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
    return;
  }
  const port = kind === 'nest-tcp' ? await startNestTcp(config) : await startNet(config, kind === 'net-log');
  process.stdout.write(`listening ${port}\n`);
  // Exit through process.exit, so that --cpu-prof can write its profile.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
});
