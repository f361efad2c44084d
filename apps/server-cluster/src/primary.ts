import cluster from 'node:cluster';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import {
  appExampleNotice,
  explainListenError,
  LogEvent,
  loadServerConfig,
  loadStudent,
  messages,
  type AppContext,
  type AppSpec,
  type ServerConfig,
  type Stoppable,
} from '@app/common';
import { BALANCE_ENV, checkPortFree, chooseBalance } from './balance.js';
import { HANDOFF_STATS_ENV } from './handoff.constants.js';
import { Supervisor } from './supervisor.js';
import { workerExecArgv } from './worker-heap.js';

const APP = 'server-cluster';
const PRIMARY = 0;

export function primarySpec(): AppSpec<ServerConfig> {
  return {
    name: APP,
    signals: 'shutdown',
    loadConfig: (file, cli) => loadServerConfig(APP, file, loadStudent(cli.studentFile)),
    exampleNotice: (config) => appExampleNotice(config),
    logFile: (config) => config.log.file,
    run: runPrimary,
  };
}

/**
 * The primary process: supervises the workers and writes the server-level
 * events (SERVER_START/STOP, WORKER_START/EXIT). It serves no client itself.
 */
async function runPrimary({ config, console, eventLog, exit }: AppContext<ServerConfig>): Promise<Stoppable> {
  // Every worker accepts for itself (SCHED_NONE); see docs/decisions.md for
  // why the primary does not pass every connection on, only those a busy
  // worker hands off while another is idle (worker-handoff.ts).
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  // fd 4 of each worker is its watch pipe (primary-watch.ts); the workers'
  // young generation is capped as on Node 20 (worker-heap.ts). Their stdin is
  // not ours: under MIRROR_LAB_CONTROL=stdin it carries the stop for this
  // process alone, which then stops the workers (stop-control.ts).
  cluster.setupPrimary({
    stdio: ['ignore', 'inherit', 'inherit', 'ipc', 'pipe'],
    execArgv: workerExecArgv(process.execArgv, process.env.NODE_OPTIONS),
  });

  const balance = await chooseBalance(process.env[BALANCE_ENV], config.server.host, config.work.mode);
  const port = config.server.port === 0 ? await freePort(config.server.host) : config.server.port;
  if (balance === 'reuseport' && config.server.port !== 0) {
    await checkPortFree(config.server.host, port).catch((error: unknown) => {
      throw explainListenError(error, config.server.host, port);
    });
  }
  const supervisor = new Supervisor(config.cluster.workers, port, balance, eventLog);
  supervisor.onFailure((error) => {
    void (async () => {
      await supervisor.stop(Date.now());
      eventLog.event(LogEvent.SERVER_STOP, { worker: PRIMARY, reason: error.code });
      process.stderr.write(`${APP}: ${error.message}\n`);
      await exit(error.exitCode);
    })();
  });
  try {
    await supervisor.start();
  } catch (error) {
    await supervisor.stop(Date.now());
    throw error;
  }

  // `worker=0` marks the primary's own lines, so every server-cluster event carries worker=.
  eventLog.event(LogEvent.SERVER_START, {
    worker: PRIMARY,
    host: config.server.host,
    port,
    mode: config.work.mode,
    delay: config.work.delay_ms,
    workers: config.cluster.workers,
    balance,
    config: config.source,
  });
  console.nest.log(
    messages().server.listeningWorkers(`${config.server.host}:${port}`, config.cluster.workers, eventLog.path),
    APP,
  );

  let forced = false;
  return {
    async stop(signal) {
      console.nest.log(messages().server.stoppingWorkers(signal, supervisor.runningWorkers, config.shutdown.grace_ms), APP);
      await supervisor.stop(Date.now() + config.shutdown.grace_ms);
      writeHandoffStats(supervisor);
      eventLog.event(LogEvent.SERVER_STOP, { worker: PRIMARY, signal, forced: forced || undefined });
    },
    force(signal) {
      forced = true;
      console.nest.log(messages().server.forcing(signal), APP);
      void supervisor.stop(Date.now());
    },
  };
}

/** For the bench and the tests: the hand-off counters, in the file MIRROR_LAB_HANDOFF_STATS names, if any. */
function writeHandoffStats(supervisor: Supervisor): void {
  const file = process.env[HANDOFF_STATS_ENV];
  if (!file) return;
  try {
    writeFileSync(file, `${JSON.stringify(supervisor.handoff.counters)}\n`);
  } catch {
    // A test aid: a path that cannot be written changes nothing else.
  }
}

/**
 * server.port = 0, resolved once, before any worker starts: restarted workers
 * must take the same port, which a worker listening on 0 again would not
 * (the shared socket is gone once every worker died). The port is free when
 * this returns; something else could take it before the workers bind it, and
 * then they fail with PORT_IN_USE, plainly.
 */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) => reject(explainListenError(error, host, 0)));
    probe.listen({ host, port: 0 }, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
