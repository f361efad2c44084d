import type { ListenOptions } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { INestMicroservice, LoggerService } from '@nestjs/common';
import type { LineServerConfig } from '../config/app-config.js';
import type { EventLog } from '../log/event-log.js';
import type { AdmissionPolicy } from '../transport/admission.js';
import { DiskGuard } from '../log/disk-guard.js';
import { LineTransport, type ConnectionHandoff } from '../transport/line.transport.js';
import { PEER_LOG_BURST_BYTES, PEER_LOG_BYTES_PER_SECOND, PeerLogBudget } from '../transport/peer-budget.js';
import { explainListenError } from './listen-error.js';
import { LineServerModule, type FeatureModule, type WorkBy } from './line-server.module.js';

/** The log budget of one process of `processes` that share a port (server-cluster's workers): its share of a machine's. */
export function peerBudgetFor(processes = 1): PeerLogBudget {
  return new PeerLogBudget(PEER_LOG_BYTES_PER_SECOND / processes, PEER_LOG_BURST_BYTES / processes);
}

export interface LineServer {
  app: INestMicroservice;
  transport: LineTransport;
  port: number;
}

/** What makes one server differ from another at start-up; the rest comes from the config. */
export interface LineServerOptions {
  /** The lab: the module whose controller answers each line (MirrorModule, a later lab's own). */
  feature: FeatureModule;
  /** Who is served at once: one client with the others queued (server-sync), or all. */
  admission: AdmissionPolicy;
  /** Default `interceptor`: the core's DelayInterceptor simulates the work. */
  workBy?: WorkBy;
  /** A cluster worker's SO_REUSEPORT socket of its own. */
  listenOptions?: Partial<ListenOptions>;
  /** A cluster worker passes connections on to idle workers. */
  handoff?: ConnectionHandoff;
  /** server-cluster: its workers, which share one machine's log budget (1 otherwise). */
  processes?: number;
  /** Runs once Nest has built the app, before it listens; what it throws stops the start (server-threads checks its pool). */
  beforeListen?: () => Promise<void>;
}

/**
 * The server core: one Nest microservice on the line transport, with the
 * config, the log, the filter and the simulated work around the feature
 * module given. Every server starts this way (server-sync, each
 * server-cluster worker, server-threads, server-commands); a listen failure
 * comes back as a StartupError in words a student can act on.
 */
export async function startLineServer(
  config: LineServerConfig,
  eventLog: EventLog,
  /** Nest's own messages: the app console's `nest`, or `false` (a spec). */
  logger: LoggerService | false,
  options: LineServerOptions,
): Promise<LineServer> {
  const transport = new LineTransport({
    host: config.server.host,
    port: config.server.port,
    maxLineBytes: config.limits.max_line_bytes,
    peerBudget: peerBudgetFor(options.processes),
    diskGuard: new DiskGuard(eventLog.path),
    maxConnections: config.limits.max_connections,
    sessionMs: config.session.max_ms,
    idleMs: config.session.idle_ms,
    graceMs: config.shutdown.grace_ms,
    admission: options.admission,
    listenOptions: options.listenOptions,
    log: eventLog,
    handoff: options.handoff,
  });
  const app = await NestFactory.createMicroservice(LineServerModule.forRoot(config, eventLog, options.feature, options.workBy), {
    strategy: transport,
    logger,
    abortOnError: false,
  });
  try {
    await options.beforeListen?.();
    await app.listen().catch((error: unknown) => {
      throw explainListenError(error, config.server.host, config.server.port);
    });
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return { app, transport, port: transport.address().port };
}
