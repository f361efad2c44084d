import type { ListenOptions } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { INestMicroservice } from '@nestjs/common';
import type { ServerConfig } from '../config/app-config.js';
import { explainListenError } from '../cli/run-main.js';
import type { EventLog } from '../log/event-log.js';
import type { AppConsole } from '../log/nest-logger.js';
import { MirrorServerModule } from '../mirror/mirror.module.js';
import type { AdmissionPolicy } from '../transport/admission.js';
import { LineTransport, type ConnectionHandoff } from '../transport/line.transport.js';

export interface MirrorServer {
  app: INestMicroservice;
  transport: LineTransport;
  port: number;
}

/** Starts one Nest microservice on the line transport; the same in server-sync and in each cluster worker. */
export async function startMirrorServer(
  config: ServerConfig,
  admission: AdmissionPolicy,
  eventLog: EventLog,
  logger: AppConsole,
  listenOptions?: Partial<ListenOptions>,
  handoff?: ConnectionHandoff,
): Promise<MirrorServer> {
  const transport = new LineTransport({
    host: config.server.host,
    port: config.server.port,
    maxLineBytes: config.limits.max_line_bytes,
    maxConnections: config.limits.max_connections,
    sessionMs: config.session.max_ms,
    idleMs: config.session.idle_ms,
    graceMs: config.shutdown.grace_ms,
    admission,
    listenOptions,
    log: eventLog,
    handoff,
  });
  const app = await NestFactory.createMicroservice(MirrorServerModule.forRoot(config, eventLog), {
    strategy: transport,
    logger: logger.nest,
    abortOnError: false,
  });
  try {
    await app.listen();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw explainListenError(error, config.server.host, config.server.port);
  }
  return { app, transport, port: transport.address().port };
}
