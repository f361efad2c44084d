import type { ListenOptions } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { INestMicroservice } from '@nestjs/common';
import type { ServerConfig } from '../config/app-config.js';
import { explainListenError } from '../cli/run-main.js';
import type { EventLog } from '../log/event-log.js';
import type { AppConsole } from '../log/nest-logger.js';
import { MirrorServerModule } from '../mirror/mirror-server.module.js';
import type { AdmissionPolicy } from '../transport/admission.js';
import { DiskGuard } from '../log/disk-guard.js';
import { LineTransport, type ConnectionHandoff } from '../transport/line.transport.js';
import { PEER_LOG_BURST_BYTES, PEER_LOG_BYTES_PER_SECOND, PeerLogBudget } from '../transport/peer-budget.js';

/** The log budget of one process of `processes` that share a port (server-cluster's workers): its share of a machine's. */
export function peerBudgetFor(processes = 1): PeerLogBudget {
  return new PeerLogBudget(PEER_LOG_BYTES_PER_SECOND / processes, PEER_LOG_BURST_BYTES / processes);
}

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
  /** server-cluster: its workers, which share one machine's log budget. */
  processes = 1,
): Promise<MirrorServer> {
  const transport = new LineTransport({
    host: config.server.host,
    port: config.server.port,
    maxLineBytes: config.limits.max_line_bytes,
    peerBudget: peerBudgetFor(processes),
    diskGuard: new DiskGuard(eventLog.path),
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
