import 'reflect-metadata';
import { createServer, type AddressInfo } from 'node:net';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { LISTEN_BACKLOG, loadServerConfig, MirrorController, MirrorService, provideConfig, runMain, SERVER_CONFIG, type ServerConfig } from '@app/common';

/**
 * The two peers `npm run bench` measures mirror-lab against, with the same
 * mirror logic and reply (`<mirror>. <signature>`), from the same INI file:
 *
 *   bench-peers net --config FILE        a plain node:net line server: no Nest, no log, no limits
 *   bench-peers nest-tcp --config FILE   a Nest microservice on the built-in Transport.TCP
 *
 * Each prints `listening <port>` once it accepts connections.
 */
const APP = 'bench-peers';

function peerModule(config: ServerConfig) {
  // The same controller as mirror-lab's servers (no interceptor: that is bound by MirrorServerModule).
  @Module({ controllers: [MirrorController], providers: [MirrorService, provideConfig(SERVER_CONFIG, config)] })
  class PeerModule {}
  return PeerModule;
}

function startNet(config: ServerConfig): Promise<number> {
  const controller = new MirrorController(new MirrorService(), config);
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    let pending = '';
    socket.on('data', (chunk: string) => {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        let line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (line.length > 0) socket.write(controller.reply(line) + '\n');
      }
    });
  });
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

runMain(APP, async () => {
  const [kind, flag, file] = process.argv.slice(2);
  if ((kind !== 'net' && kind !== 'nest-tcp') || flag !== '--config' || !file) {
    process.stderr.write(`usage: ${APP} net|nest-tcp --config FILE\n`);
    process.exitCode = 2;
    return;
  }
  const config = loadServerConfig('server-cluster', file);
  const port = kind === 'net' ? await startNet(config) : await startNestTcp(config);
  process.stdout.write(`listening ${port}\n`);
  // Exit through process.exit, so that --cpu-prof can write its profile.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
});
